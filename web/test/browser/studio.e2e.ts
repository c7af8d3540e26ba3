/**
 * The trainers' studio (issue #18), Chromium at 1280×800: the demo trainer creates a course with two lessons (one with
 * an uploaded image) and a five-question post-test bank, previews a lesson at 360 px, submits; the demo Dinsos admin
 * returns it with a comment; the trainer fixes it and submits again; the admin approves. The demo worker enrols and
 * starts the post-test (through the API: the learner's pages have their own tests); the trainer publishes a change,
 * the admin approves it; the worker's open attempt and version are unaffected and a new enrolment gets the new version.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { baseUrl, launch } from './helpers';

const LAPTOP = { width: 1280, height: 800 };
const SLUG = `siaga-longsor-${Date.now().toString(36)}`;
const TITLE = 'Siaga Longsor Kota Sukabumi';
const TRAINER = { phone: '081100000003', password: 'demo-pelatih-2026' };
const ADMIN = { phone: '081100000002', password: 'demo-dinsos-2026' };

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function laptop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP, locale: 'id-ID' });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, account: { phone: string; password: string }, landing: RegExp): Promise<void> {
  await page.goto(`${baseUrl()}/masuk`);
  await page.getByLabel('Nomor HP').fill(account.phone);
  await page.getByLabel('Kata sandi').fill(account.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(landing);
}

/** A signed-in API client (bearer), for the steps the browser does not need to show. */
async function apiClient(phone: string, password: string) {
  const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
}

/** Replaces the whole lesson text in CodeMirror (select all, type). */
async function typeLesson(page: Page, text: string): Promise<void> {
  const editor = page.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('.save-state[data-state="saved"]').waitFor({ timeout: 30_000 });
}

function lesson(title: string, body: string): string {
  return `---\ntitle: ${title}\nminutes: 1\n---\n## ${title}\n\n${body}\n\n## Sumber\n\n- Undang-Undang Nomor 24 Tahun 2007 tentang Penanggulangan Bencana: [peraturan.bpk.go.id](https://peraturan.bpk.go.id/)\n`;
}

async function addQuestion(page: Page, draftUrl: string, bankLabel: RegExp, question: { prompt: string; options?: string[]; correct?: number; truth?: boolean }) {
  await page.goto(draftUrl);
  await page.getByRole('link', { name: bankLabel }).click();
  await page.getByRole('heading', { level: 1, name: 'Soal baru' }).waitFor();
  await page.getByLabel('Pertanyaan').fill(question.prompt);
  if (question.truth !== undefined) {
    await page.getByLabel('Jenis jawaban').selectOption('true_false');
    await page.getByLabel(question.truth ? 'Pernyataan ini benar' : 'Pernyataan ini salah').check();
  } else {
    for (const [index, option] of (question.options ?? []).entries()) await page.getByLabel(`Pilihan ${index + 1}`, { exact: true }).fill(option);
    await page.getByLabel(`Pilihan ${(question.correct ?? 0) + 1} benar`).check();
  }
  await page.getByLabel(/^Pembahasan/).fill('Jawaban itu sesuai pedoman penanggulangan bencana; pilihan lain menunda pertolongan.');
  await page.getByRole('button', { name: 'Simpan soal' }).click();
  await page.waitForURL(draftUrl);
}

describe('studio: write, review, publish', () => {
  it('trainer writes and submits, admin returns, trainer fixes, admin approves, a change leaves the open attempt alone', async () => {
    // 1. The trainer lands on /pelatih and creates a course.
    const trainer = await laptop();
    const page = trainer.page;
    await signIn(page, TRAINER, /\/pelatih$/);
    await page.getByRole('heading', { level: 1, name: 'Studio pelatih' }).waitFor();
    await page.getByLabel('Judul kursus').fill(TITLE);
    await page.getByLabel(/^Slug/).fill(SLUG);
    await page.getByRole('button', { name: 'Buat kursus' }).click();
    await page.waitForURL(/\/pelatih\/kursus\/[0-9a-f-]+$/);
    const draftUrl = page.url();
    const draftId = draftUrl.split('/').pop()!;

    // 2. First lesson in CodeMirror: autosaved; the preview renders it at 360 px through the API.
    await page.getByRole('link', { name: 'Pengantar' }).click();
    await page.locator('.markdown-editor__cm[data-ready="true"]').waitFor();
    await typeLesson(page, lesson('Mengenali Lereng Rawan', 'Retakan tanah dan pohon miring adalah **tanda awal** longsor di lereng.'));
    await waitSaved(page);
    const preview = page.frameLocator('iframe.phone-preview');
    await preview.locator('strong', { hasText: 'tanda awal' }).waitFor();
    expect(await page.locator('iframe.phone-preview').evaluate((frame) => (frame as HTMLIFrameElement).contentWindow?.innerWidth)).toBeLessThanOrEqual(360);
    await page.getByTestId('preview-facts').filter({ hasText: /perkiraan baca 1 menit/ }).waitFor();
    await page.screenshot({ path: 'test-results/screenshots/studio-editor.png' });

    // 3. Second lesson with an uploaded image (re-encoded on the server).
    await page.goto(draftUrl);
    await page.getByLabel('Judul pelajaran baru').fill('Saat Hujan Deras');
    await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
    await page.waitForURL(/\/pelajaran\/02-saat-hujan-deras\.md$/);
    await page.locator('.markdown-editor__cm[data-ready="true"]').waitFor();
    await typeLesson(page, lesson('Saat Hujan Deras', 'Saat hujan deras lebih dari dua jam, ajak warga di bawah lereng mengungsi.'));
    await waitSaved(page);
    const png = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 90, g: 140, b: 60 } } }).png().toBuffer();
    await page.getByLabel(/^Sisipkan gambar/).setInputFiles({ name: 'Peta Lereng.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Unggah gambar' }).click();
    await page.locator('.cm-content', { hasText: '../media/peta-lereng.webp' }).waitFor();
    // The image's alternative text must be written: replace the placeholder.
    const withImage = (await page.locator('.cm-content').innerText()).replace('Tulis penjelasan gambar', 'Peta lereng rawan di Kota Sukabumi');
    await typeLesson(page, withImage);
    await waitSaved(page);
    await preview.locator('img[alt="Peta lereng rawan di Kota Sukabumi"]').waitFor();

    // 4. One pre-test question and five post-test questions through the forms (never YAML).
    await addQuestion(page, draftUrl, /Tambah soal ke questions\/pretest\.yaml/, { prompt: 'Retakan tanah di lereng adalah tanda awal longsor.', truth: true });
    for (let n = 1; n <= 5; n++) {
      await addQuestion(page, draftUrl, /Tambah soal ke questions\/posttest\.yaml/, {
        prompt: `Soal tes akhir ${n}: hujan deras dua jam dan lereng retak. Apa yang Anda lakukan?`,
        options: ['Menunggu hujan reda', 'Mengajak warga di bawah lereng mengungsi dan melapor ke posko', 'Memotret retakan untuk media sosial'],
        correct: 1,
      });
    }
    await page.getByText('Tidak ada kesalahan: draf ini bisa dikirim untuk ditinjau.').waitFor();
    await page.getByLabel('Catatan perubahan untuk peninjau').fill('Kursus baru: dua pelajaran, enam soal.');
    await page.getByRole('button', { name: 'Kirim untuk ditinjau' }).click();
    await page.getByText('Draf terkirim untuk ditinjau.').waitFor();

    // 5. The demo Dinsos admin sees it waiting, with the diff, and returns it with a comment.
    const admin = await laptop();
    await signIn(admin.page, ADMIN, /\/admin$/);
    await admin.page.goto(`${baseUrl()}/admin/kursus`);
    await admin.page.getByRole('link', { name: SLUG }).click();
    await admin.page.getByText('Kursus baru: belum ada versi terbit.', { exact: false }).waitFor();
    await admin.page.getByLabel('Perbedaan lessons/01-pengantar.md').filter({ hasText: 'Retakan tanah' }).waitFor();
    await admin.page.getByLabel(/^Catatan untuk penulis/).fill('Ringkasan kursus masih contoh: tulis ringkasan yang sebenarnya.');
    await admin.page.getByRole('button', { name: 'Kembalikan dengan catatan' }).click();
    await admin.page.waitForURL(/\/admin\/kursus\?dikembalikan=/);

    // 6. The trainer sees it returned first, fixes the summary, submits again.
    await page.goto(`${baseUrl()}/pelatih`);
    const first = page.locator('.studio-draft').first();
    await first.getByText('Dikembalikan dengan catatan').waitFor();
    await first.getByText('Ringkasan kursus masih contoh').waitFor();
    await page.goto(draftUrl);
    await page.getByLabel('Ringkasan (1–3 kalimat)').fill('Bekal singkat mengenali tanda longsor dan mengajak warga mengungsi tepat waktu.');
    await page.getByRole('button', { name: 'Simpan keterangan' }).click();
    await page.getByText('Keterangan kursus tersimpan.').waitFor();
    await page.getByRole('button', { name: 'Kirim untuk ditinjau' }).click();
    await page.getByText('Draf terkirim untuk ditinjau.').waitFor();

    // 7. The admin approves: version 1 is published.
    await admin.page.goto(`${baseUrl()}/admin/kursus/${draftId}`);
    await admin.page.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
    await admin.page.waitForURL(/\/admin\/kursus\?terbit=/);
    const anonymous = await (await fetch(`${baseUrl()}/api/courses/${SLUG}`)).json();
    expect(anonymous).toMatchObject({ slug: SLUG, version: 1 });

    // 8. The demo worker enrols and starts the post-test (through the API).
    const worker = await apiClient('081100000004', 'demo-peserta-2026');
    const enrolled = await worker<{ id: string; course: { version: number } }>('POST', '/api/enrollments', { course: SLUG });
    expect(enrolled.body.course.version).toBe(1);
    const pre = await worker<{ id: string; questions: Array<{ id: string }> }>('POST', `/api/enrollments/${enrolled.body.id}/attempts`, { kind: 'pretest' });
    await worker('POST', `/api/attempts/${pre.body.id}/submit`, { answers: Object.fromEntries(pre.body.questions.map((q) => [q.id, true])) });
    const outline = (await (await fetch(`${baseUrl()}/api/courses/${SLUG}`)).json()) as { modules: Array<{ lessons: Array<{ id: string }> }> };
    for (const lessonId of outline.modules.flatMap((module) => module.lessons.map((l) => l.id))) {
      await worker('POST', `/api/enrollments/${enrolled.body.id}/lessons/${lessonId}/finish`, {});
    }
    const post = await worker<{ id: string; questions: Array<{ id: string; prompt: string }> }>('POST', `/api/enrollments/${enrolled.body.id}/attempts`, { kind: 'posttest' });
    expect([200, 201]).toContain(post.status);
    expect(post.body.questions).toHaveLength(3);

    // 9. The trainer publishes a change; the admin approves it (version 2).
    await page.goto(draftUrl);
    await page.getByLabel('Judul', { exact: true }).fill(`${TITLE} (revisi)`);
    await page.getByRole('button', { name: 'Simpan keterangan' }).click();
    await page.getByText('Keterangan kursus tersimpan.').waitFor();
    await page.getByLabel('Catatan perubahan untuk peninjau').fill('Judul diperbaiki.');
    await page.getByRole('button', { name: 'Kirim untuk ditinjau' }).click();
    await page.getByText('Draf terkirim untuk ditinjau.').waitFor();
    await admin.page.goto(`${baseUrl()}/admin/kursus/${draftId}`);
    await admin.page.getByText('Dibandingkan dengan versi terbit 1.', { exact: false }).waitFor();
    await admin.page.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
    await admin.page.waitForURL(/\/admin\/kursus\?terbit=/);
    expect(await (await fetch(`${baseUrl()}/api/courses/${SLUG}`)).json()).toMatchObject({ version: 2, title: `${TITLE} (revisi)` });

    // 10. The open attempt and the enrolment's version are unaffected; a new enrolment gets version 2.
    const attempt = await worker<{ id: string; status: string; questions: Array<{ id: string; prompt: string }> }>('GET', `/api/attempts/${post.body.id}`);
    expect(attempt.body).toMatchObject({ id: post.body.id, status: 'OPEN' });
    expect(attempt.body.questions.map((q) => q.prompt)).toEqual(post.body.questions.map((q) => q.prompt));
    const mine = await worker<{ course: { version: number; title: string } }>('GET', `/api/enrollments/${enrolled.body.id}`);
    expect(mine.body.course).toMatchObject({ version: 1, title: TITLE });
    const another = await apiClient('081100000005', 'demo-peserta-2026');
    expect((await another<{ course: { version: number } }>('POST', '/api/enrollments', { course: SLUG })).body.course.version).toBe(2);

    await trainer.context.close();
    await admin.context.close();
  });

  it('the item analysis of the demo data flags questions, for the demo trainer and the demo Dinsos admin', async () => {
    const { context, page } = await laptop();
    await signIn(page, TRAINER, /\/pelatih$/);
    await page.goto(`${baseUrl()}/pelatih/analisis?kursus=inti-pilar-sosial`);
    const table = page.locator('table.item-analysis');
    await table.locator('.badge', { hasText: 'terlalu mudah' }).first().waitFor();
    await table.locator('.badge', { hasText: 'daya beda negatif' }).first().waitFor();
    await context.close();

    const admin = await laptop();
    await signIn(admin.page, ADMIN, /\/admin$/);
    await admin.page.goto(`${baseUrl()}/admin/kursus/analisis?kursus=inti-pilar-sosial`);
    await admin.page.locator('table.item-analysis .badge', { hasText: 'terlalu sulit' }).first().waitFor();
    await admin.context.close();
  });

  it('two copies of one lesson: the stale one shows "reload" and keeps its text, which can be restored after reloading', async () => {
    const trainer = await laptop();
    const api = await apiClient(TRAINER.phone, TRAINER.password);
    const created = await api<{ id: string }>('POST', '/api/studio/drafts', { slug: `${SLUG}-dua`, title: 'Dua Salinan' });
    const editorUrl = `${baseUrl()}/pelatih/kursus/${created.body.id}/pelajaran/01-pengantar.md`;
    await signIn(trainer.page, TRAINER, /\/pelatih$/);
    const copyA = trainer.page;
    const copyB = await trainer.context.newPage();
    for (const copy of [copyA, copyB]) {
      await copy.goto(editorUrl);
      await copy.locator('.markdown-editor__cm[data-ready="true"]').waitFor();
    }
    await typeLesson(copyA, lesson('Pengantar', 'Teks dari salinan A.'));
    await waitSaved(copyA);
    await typeLesson(copyB, lesson('Pengantar', 'Teks dari salinan B yang tidak boleh hilang.'));
    await copyB.getByRole('alert').filter({ hasText: 'Salinan lain sudah mengubah draf ini — muat ulang.' }).waitFor({ timeout: 30_000 });
    await copyB.getByRole('button', { name: 'Muat ulang' }).click();
    await copyB.locator('.markdown-editor__cm[data-ready="true"]').waitFor();
    await copyB.getByRole('button', { name: 'Pulihkan teks saya' }).click();
    await copyB.locator('.cm-content', { hasText: 'salinan B yang tidak boleh hilang' }).waitFor();
    await waitSaved(copyB);
    const file = await api<{ content: string }>('GET', `/api/studio/drafts/${created.body.id}/files/lessons%2F01-pengantar.md`);
    expect(file.body.content).toContain('salinan B yang tidak boleh hilang');
    await trainer.context.close();
  });
});
