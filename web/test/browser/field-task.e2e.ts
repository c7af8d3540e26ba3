/**
 * Field task (issue #16): the demo worker hands in a report with two photos on a 360×640 phone (one blurred on the
 * phone, sent without signal: queued, then synced once); the demo trainer
 * (1280×800) claims it and asks for a revision; the worker resubmits; the trainer passes it; the certificate is issued
 * and its credential carries the post-test and the task as results. Lessons and tests are done through the API.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answerKey, baseUrl, checkPage, fieldReport, launch, phoneContext, screenshots, signIn } from './helpers';

const COURSE = 'tksk-dasar';
const WORKER = { phone: '081100000004', password: 'demo-peserta-2026' };
const TRAINER = { phone: '081100000003', password: 'demo-pelatih-2026' };
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

type Attempt = { id: string; questions: Array<{ id: string; type: string; prompt: string; options: string[] | null }> };

async function apiOf(phone: string, password: string) {
  const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** The demo worker enrolled in tksk-dasar with the pre-test, every lesson and a passed post-test done: only the task is left. */
async function readyForTask(): Promise<string> {
  const call = await apiOf(WORKER.phone, WORKER.password);
  const key = answerKey(COURSE);
  const answersFor = (attempt: Attempt) =>
    Object.fromEntries(
      attempt.questions.map((question) => {
        const bank = key.get(normalize(question.prompt));
        if (!bank) throw new Error(`question not in the bank: ${question.prompt}`);
        if (bank.type === 'true_false') return [question.id, bank.answer as boolean];
        const wanted = (Array.isArray(bank.answer) ? bank.answer : [bank.answer as number]).map((index) => normalize(bank.options![index]));
        const indexes = wanted.map((text) => (question.options ?? []).map(normalize).indexOf(text));
        return [question.id, bank.type === 'multiple' ? indexes : indexes[0]];
      }),
    );
  const enrollment = await call<{ id: string }>('POST', '/api/enrollments', { course: COURSE });
  const pretest = await call<Attempt>('POST', `/api/enrollments/${enrollment.id}/attempts`, { kind: 'pretest' });
  await call('POST', `/api/attempts/${pretest.id}/submit`, { answers: answersFor(pretest) });
  const course = await call<{ modules: Array<{ lessons: Array<{ id: string }> }> }>('GET', `/api/courses/${COURSE}`);
  for (const lesson of course.modules.flatMap((module) => module.lessons)) {
    await call('POST', `/api/enrollments/${enrollment.id}/lessons/${lesson.id}/open`, {});
    await call('POST', `/api/enrollments/${enrollment.id}/lessons/${lesson.id}/finish`, {});
  }
  const posttest = await call<Attempt>('POST', `/api/enrollments/${enrollment.id}/attempts`, { kind: 'posttest' });
  const result = await call<{ passed: boolean; enrollmentStatus: string }>('POST', `/api/attempts/${posttest.id}/submit`, { answers: answersFor(posttest) });
  expect(result).toMatchObject({ passed: true, enrollmentStatus: 'ACTIVE' });
  return enrollment.id;
}

/** A trainer's page at 1280×800: no serious or critical WCAG 2.1 A/AA violation, nothing scrolls sideways; a screenshot. */
async function checkLaptop(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect({ page: name, violations: bad.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`) }).toEqual({ page: name, violations: [] });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
}

/** A camera-like JPEG drawn on a canvas in the page (no file on disk). */
async function photo(page: Page, hue: number): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const dataUrl = await page.evaluate((h) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 900;
    const context = canvas.getContext('2d')!;
    context.fillStyle = `hsl(${h} 60% 55%)`;
    context.fillRect(0, 0, 1200, 900);
    context.fillStyle = '#fff';
    context.fillRect(200, 200, 400, 300);
    return canvas.toDataURL('image/jpeg', 0.9);
  }, hue);
  return { name: `kegiatan-${hue}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') };
}

/** Fills and sends the report form on the worker's task page. */
async function sendReport(page: Page, report: string, photos: Array<{ name: string; mimeType: string; buffer: Buffer }>, offline = false): Promise<void> {
  const form = page.locator('form[data-task-form]');
  await form.getByRole('textbox', { name: 'Laporan', exact: true }).fill(report);
  if (photos.length > 0) {
    const input = form.locator('input[type="file"]');
    await input.setInputFiles(photos);
    // With JavaScript the photos are prepared on the phone; blur a box on the first one, as over a face.
    const canvases = form.locator('[data-photo-editor] canvas');
    await canvases.nth(photos.length - 1).waitFor();
    await canvases.first().scrollIntoViewIfNeeded();
    const box = (await canvases.first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('[data-photo-editor] canvas')?.getAttribute('data-blurred') === '1');
    await page.waitForFunction((count) => document.querySelector('form[data-task-form] input[type="file"]')?.getAttribute('data-ready') === String(count), photos.length);
  }
  for (const box of await form.locator('input[type="checkbox"]').all()) await box.check();
  if (offline) {
    // No signal: the report waits on the phone ("menunggu sinkron") and is sent once the signal is back.
    await page.context().setOffline(true);
    await form.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.waitForFunction(() => document.querySelector('[data-task-queue]')?.textContent?.startsWith('Menunggu sinkron'));
    await checkPage(page, 'tugas-antre');
    await page.context().setOffline(false);
  } else {
    await form.getByRole('button', { name: 'Kirim laporan' }).click();
  }
  await page.waitForURL(/terkirim=1/);
}

/** The trainer claims the first waiting report from the queue and decides on it. */
async function review(page: Page, level: string, decision: 'Lulus' | 'Minta perbaikan (pekerja mengirim ulang)', comments: string, name: string): Promise<void> {
  await page.goto(`${baseUrl()}/pelatih/tinjauan`);
  await page.getByTestId('review-queue').waitFor();
  await checkLaptop(page, `${name}-antrean`);
  await page.getByRole('button', { name: 'Ambil untuk dinilai' }).first().click();
  await page.waitForURL(/\/pelatih\/tinjauan\/[0-9a-f-]+\?diambil=1/);
  // The page hydrates (React): let it settle before filling the form, so nothing typed is lost to it.
  await page.waitForLoadState('networkidle');
  const form = page.getByTestId('review-form');
  await form.waitFor(); // locator.all() does not wait
  for (const fieldset of await form.locator('fieldset').all()) {
    const option = fieldset.locator(`input[type="radio"][value="${level}"]`);
    if ((await option.count()) > 0) await option.check();
  }
  await form.getByLabel('Catatan untuk pekerja').fill(comments);
  await form.getByRole('radio', { name: decision, exact: true }).check();
  expect(await form.locator('input[type="radio"]:checked').count()).toBe((await form.locator('fieldset').count()));
  await checkLaptop(page, `${name}-nilai`);
  await form.getByRole('button', { name: 'Simpan penilaian' }).click();
  await page.waitForURL(/dinilai=1/).catch(async (error: unknown) => {
    await page.screenshot({ path: path.join(screenshots, `${name}-gagal.png`), fullPage: true });
    throw new Error(`${String(error)}\n${await page.locator('main').innerText()}`);
  });
  // A client-side navigation: the URL may change a moment before the new page is rendered.
  await page.getByText('Penilaian tersimpan.').waitFor();
}

describe('field task: hand in, review, revise, pass, certificate', () => {
  let browser: Browser;
  let worker: BrowserContext;
  let trainer: BrowserContext;
  let enrollmentId: string;

  beforeAll(async () => {
    browser = await launch();
    enrollmentId = await readyForTask();
  });
  afterAll(async () => {
    await worker?.close();
    await trainer?.close();
    await browser?.close();
  });

  it('runs the whole review loop and ends with a certificate whose credential carries the results', async () => {
    // The worker, on the phone: the task page, then a report with two photos.
    worker = await phoneContext(browser);
    const phone = await worker.newPage();
    await signIn(phone, WORKER.phone, WORKER.password, /\/belajar/);
    await phone.goto(`${baseUrl()}/tugas/${enrollmentId}`);
    expect(await phone.locator('h2').first().innerText()).toContain('Merujuk satu kasus');
    await checkPage(phone, 'tugas-buka');
    await sendReport(phone, fieldReport(300), [await photo(phone, 120), await photo(phone, 30)], true);
    expect(await phone.locator('main').innerText()).toContain('Menunggu penilaian');
    // Sent once: one hand-in, with both photos.
    expect(await phone.getByTestId('kiriman-1').innerText()).toContain('2 foto');
    expect(await phone.getByTestId('kiriman-2').count()).toBe(0);
    await checkPage(phone, 'tugas-terkirim');

    // The trainer, on a laptop: claim, look at both photos, ask for a revision.
    trainer = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    const laptop = await trainer.newPage();
    await signIn(laptop, TRAINER.phone, TRAINER.password, /\/(admin|pelatih)/);
    expect(await laptop.getByRole('link', { name: 'Tinjauan tugas' }).count()).toBeGreaterThan(0);
    await laptop.goto(`${baseUrl()}/pelatih/tinjauan`);
    await laptop.getByRole('button', { name: 'Ambil untuk dinilai' }).first().waitFor();
    // Both photos load through the web, in the trainer's scope.
    const first = laptop.locator('tr', { hasText: 'Siti Nurhaliza' }).getByRole('link', { name: 'Buka' });
    await first.click();
    await laptop.waitForURL(/\/pelatih\/tinjauan\/[0-9a-f-]+$/);
    await laptop.waitForFunction(() => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>('main img'));
      return images.length === 2 && images.every((image) => image.complete && image.naturalWidth > 0);
    });
    await review(laptop, 'belum', 'Minta perbaikan (pekerja mengirim ulang)', 'Tambahkan tanggal setiap tindak lanjut.', 'tinjauan-perbaiki');

    // The worker sees the comment and resubmits.
    await phone.goto(`${baseUrl()}/tugas/${enrollmentId}`);
    const text = await phone.locator('main').innerText();
    expect(text).toContain('Perlu diperbaiki');
    expect(text).toContain('Tambahkan tanggal setiap tindak lanjut.');
    await checkPage(phone, 'tugas-perbaiki');
    await sendReport(phone, fieldReport(300, 'Tindak lanjut: 2 Desember 2026, rujukan diterima Puskesos.'), []);
    expect(await phone.getByTestId('kiriman-2').innerText()).toContain('Menunggu penilaian');

    // The trainer passes it.
    await review(laptop, 'cukup', 'Lulus', 'Rujukan dan tindak lanjut sudah jelas.', 'tinjauan-lulus');

    // The worker passed the task: the course completes and the certificate is issued in the background.
    await phone.goto(`${baseUrl()}/tugas/${enrollmentId}`);
    expect(await phone.getByTestId('kiriman-2').innerText()).toContain('Lulus');
    const call = await apiOf(WORKER.phone, WORKER.password);
    let code: string | undefined;
    for (let i = 0; i < 60 && !code; i++) {
      const mine = await call<{ items: Array<{ code: string; course?: { slug?: string }; courseTitle?: string }> }>('GET', '/api/certificates');
      code = mine.items[0]?.code;
      if (!code) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(code).toBeDefined();
    const credential = (await (await fetch(`${baseUrl()}/api/certificates/${code}/credential`)).json()) as {
      credentialSubject: { result: Array<{ achievedLevel?: string; value?: string }>; achievement: { resultDescription: Array<{ resultType: string }> } };
    };
    expect(credential.credentialSubject.achievement.resultDescription.map((description) => description.resultType)).toEqual(['Percent', 'RubricCriterionLevel']);
    expect(credential.credentialSubject.result[1].achievedLevel).toMatch(/#cukup$/);
    await phone.goto(`${baseUrl()}/sertifikat`);
    await phone.locator('.certificate').first().waitFor();
    await checkPage(phone, 'tugas-sertifikat');
  });
});
