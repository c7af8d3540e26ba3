/**
 * The learner's app in a 360×640 phone: activate → pre-test → every lesson → post-test → certificate (with and
 * without JavaScript), and the offline path (saved lessons, writes queued in IndexedDB, synced once). axe on every
 * learner page; screenshots under test-results/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page, Route } from 'playwright-core';
import { answerKey, answerQuiz, apiAs, baseUrl, checkPage, launch, newWorker, phoneContext, signIn, passFieldTasks } from './helpers';

const COURSE = 'tksk-dasar';
const COURSE_TITLE = 'Dasar-Dasar Tugas TKSK di Kecamatan';
const PASSWORD = 'kata-sandi-uji-2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Activation with the code from the Dinsos, on the /aktivasi page (or, where that page is not there, by the API and then /masuk). */
async function activate(page: Page, phone: string, code: string): Promise<void> {
  const response = await page.goto(`${baseUrl()}/aktivasi`);
  if (response?.status() === 200) {
    await page.getByLabel('Nomor HP').fill(phone);
    await page.getByLabel('Kode aktivasi').fill(code);
    await page.getByLabel('Kata sandi baru').fill(PASSWORD);
    await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL(/\/belajar/);
    return;
  }
  const activated = await fetch(`${baseUrl()}/api/auth/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code, password: PASSWORD }),
  });
  expect(activated.status).toBeLessThan(300);
  await signIn(page, phone, PASSWORD, /\/belajar/);
}

async function wholeCourse(page: Page, tag: string, check: boolean, phone: string): Promise<void> {
  const shot = async (name: string) => (check ? checkPage(page, `${tag}-${name}`) : undefined);
  await page.goto(`${baseUrl()}/katalog`);
  await shot('katalog');
  await page.getByRole('link', { name: COURSE_TITLE }).click();
  await page.waitForURL(new RegExp(`/kursus/${COURSE}$`));
  await shot('kursus');
  await page.getByRole('button', { name: 'Daftar kursus ini' }).click();
  await page.getByTestId('resume').click();

  // Pre-test: the intro, then all questions on one page.
  await page.waitForURL(/\/ujian\/.+\/pretest$/);
  await shot('ujian-intro');
  await page.getByRole('button', { name: /Mulai Pre-test/ }).click();
  await page.waitForURL(/percobaan=/);
  // Submitting with nothing answered: errors next to the questions, nothing sent.
  await page.getByRole('button', { name: 'Kirim jawaban' }).click();
  await page.locator('.field-error:has-text("Soal ini belum dijawab.")').first().waitFor();
  expect(page.url()).toMatch(/percobaan=/);
  await answerQuiz(page, answerKey(COURSE), false);
  if (tag === 'js') {
    // With the comfort script, answering clears the marks and counts the answers.
    expect(await page.locator('.field-error:has-text("Soal ini belum dijawab.")').count()).toBe(0);
    expect(await page.locator('[data-quiz-progress]').innerText()).toMatch(/^(\d+) dari \1 soal dijawab$/);
  }
  await shot('pretest');
  await page.getByRole('button', { name: 'Kirim jawaban' }).click();
  await page.waitForURL(/\/hasil\//);
  await shot('hasil-pretest');
  await page.getByRole('link', { name: 'Lanjutkan kursus' }).first().click();

  // Every lesson, in order, with "Selesai".
  await page.getByTestId('resume').click();
  await page.waitForURL(/\/pelajaran\//);
  await shot('pelajaran');
  for (let i = 0; i < 40 && /\/pelajaran\//.test(page.url()); i++) {
    const before = page.url();
    await page.getByRole('button', { name: /^Selesai/ }).click();
    await page.waitForURL((url) => url.href !== before);
  }
  expect(page.url()).toMatch(new RegExp(`/kursus/${COURSE}$`));
  expect(await page.locator('.progress__track').getAttribute('aria-valuenow')).toBe('100');

  // Post-test, answered right: passed, with explanations.
  await page.getByTestId('resume').click();
  await page.waitForURL(/\/ujian\/.+\/posttest$/);
  // Completion needs the course's field task too (decision 026): handed in and passed through the API.
  await passFieldTasks(phone, PASSWORD, new URL(page.url()).pathname.split('/')[2]);
  await page.getByRole('button', { name: /Mulai Post-test/ }).click();
  await page.waitForURL(/percobaan=/);
  await answerQuiz(page, answerKey(COURSE), true);
  await shot('posttest');
  await page.getByRole('button', { name: 'Kirim jawaban' }).click();
  await page.waitForURL(/\/hasil\//);
  expect(await page.locator('main').innerText()).toContain('Selamat, Anda lulus.');
  expect(await page.locator('.explanation').count()).toBeGreaterThan(0);
  await shot('hasil-posttest');

  // The certificate is issued in the background: wait for it, then download the PDF.
  await page.getByRole('link', { name: 'Lihat sertifikat saya' }).click();
  for (let i = 0; i < 60 && (await page.locator('.certificate').count()) === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.reload();
  }
  const certificate = page.locator('.certificate').first();
  expect(await certificate.innerText()).toContain(COURSE_TITLE);
  await shot('sertifikat');
  const [download] = await Promise.all([page.waitForEvent('download'), certificate.getByRole('link', { name: 'Unduh PDF' }).click()]);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  const share = await certificate.getByRole('link', { name: 'Bagikan lewat WhatsApp' }).getAttribute('href');
  expect(decodeURIComponent(share ?? '')).toMatch(/^https:\/\/wa\.me\/\?text=.*\/verify\/[A-Z0-9-]+/);

  await page.goto(`${baseUrl()}/belajar`);
  expect(await page.locator('main').innerText()).toContain('Selesai');
  await shot('belajar');
}

describe('the learner app on a phone', () => {
  it('activate → pre-test → lessons → post-test → certificate, with JavaScript (axe and screenshots on every page)', async () => {
    const worker = await newWorker('081277700001', 'Peserta Uji Satu');
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await activate(page, worker.phone, worker.code);
    await wholeCourse(page, 'js', true, worker.phone);
    // English as the second language, remembered until switched back.
    await page.goto(`${baseUrl()}/katalog?lng=en`);
    expect(await page.locator('h1').innerText()).toBe('Course catalogue');
    await page.goto(`${baseUrl()}/belajar`);
    expect(await page.locator('h1').innerText()).toBe('My courses');
    await checkPage(page, 'js-belajar-en');
    await page.goto(`${baseUrl()}/belajar?lng=id`);
    expect(await page.locator('h1').innerText()).toBe('Kursus saya');
    // No learner page loads a React runtime.
    const scripts = await page.evaluate(() => Array.from(document.scripts).map((script) => script.src).filter(Boolean));
    expect(scripts.map((src) => new URL(src).pathname)).toEqual(['/learner.js']);
    await context.close();
  });

  it('the same path with JavaScript disabled', async () => {
    const worker = await newWorker('081277700002', 'Peserta Uji Dua');
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await activate(page, worker.phone, worker.code);
    await wholeCourse(page, 'nojs', false, worker.phone);
    await context.close();
  });

  it('offline: a saved lesson opens without signal; a finished lesson and quiz answers wait in IndexedDB, then sync once', async () => {
    const slug = 'inti-pilar-sosial';
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/masuk`);
    await page.getByLabel('Nomor HP').fill('081100000004');
    await page.getByLabel('Kata sandi').fill('demo-peserta-2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(/\/belajar/);
    await page.goto(`${baseUrl()}/kursus/${slug}`);
    await page.getByRole('button', { name: 'Daftar kursus ini' }).click();
    await page.waitForSelector('[data-testid="resume"]');
    // The service worker takes control, then the course is saved for offline use.
    await page.evaluate(() => Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker registered in 30 s')), 30_000))]));
    await page.reload();
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.getByRole('button', { name: 'Simpan untuk offline' }).click();
    await page.waitForFunction(() => document.querySelector('[data-offline-save] [role="status"]')?.textContent?.startsWith('Tersimpan'));
    await checkPage(page, 'offline-kursus');
    const lessons = await page.locator('.outline__lessons a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    const firstLesson = lessons[0];

    // The pre-test is opened while online, answered offline.
    await page.getByTestId('resume').click();
    await page.getByRole('button', { name: /Mulai Pre-test/ }).click();
    await page.waitForURL(/percobaan=/);
    await context.setOffline(true);
    await answerQuiz(page, answerKey(slug), false);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.locator('[data-offline-queued]').waitFor({ state: 'visible' });
    expect(await page.locator('#sync-status').innerText()).toContain('Menunggu sinkron: 1');
    await checkPage(page, 'offline-pretest-antre');

    // A saved lesson opens offline and is finished offline.
    await page.goto(`${baseUrl()}${firstLesson}`);
    expect(await page.locator('h1').innerText()).not.toBe('');
    expect(await page.locator('#sync-status').innerText()).toContain('Menunggu sinkron: 1');
    await page.getByRole('button', { name: /^Selesai/ }).click();
    await page.waitForURL((url) => url.pathname !== firstLesson);
    await page.waitForFunction(() => document.getElementById('sync-status')?.textContent?.includes('2'));
    await checkPage(page, 'offline-pelajaran');

    // Signing out with writes waiting asks first (offline they cannot be sent); declining keeps the person in.
    const dialog = new Promise<string>((resolve) => page.once('dialog', (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole('button', { name: 'Keluar' }).click();
    expect(await dialog).toContain('2 catatan yang belum tersinkron');
    expect(page.url()).not.toContain('/masuk');

    // A saved lesson's image comes from the cache too (lesson 7 of this course has a diagram).
    await page.goto(`${baseUrl()}${lessons[6]}`);
    await page.locator('.prose img').first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.prose img');
      return Boolean(image?.complete && image.naturalWidth > 0);
    });

    // The network is really gone for the service worker too: a page never saved gives the offline page.
    await page.goto(`${baseUrl()}/sertifikat`);
    expect(await page.locator('h1').innerText()).toBe('Anda sedang offline');
    await page.goBack();

    // Back online: the queue goes to /api/sync, once.
    await context.setOffline(false);
    await page.waitForFunction(() => !document.getElementById('sync-status')?.textContent?.startsWith('Menunggu'), undefined, { timeout: 30_000 });
    expect(await page.locator('#sync-status').innerText()).toBe('Tersinkron');
    const get = await apiAs('081100000004', 'demo-peserta-2026');
    const list = (await get('/api/enrollments')) as { items: { id: string; course: { slug: string } }[] };
    const enrollment = list.items.find((item) => item.course.slug === slug)!;
    const detail = (await get(`/api/enrollments/${enrollment.id}`)) as {
      finishedLessonIds: string[];
      pretest: { score: number | null };
      progress: { lessonsFinished: number };
      attempts: { kind: string; status: string }[];
    };
    expect(detail.pretest.score).not.toBeNull();
    expect(detail.progress.lessonsFinished).toBe(1);
    expect(detail.attempts.filter((attempt) => attempt.kind === 'pretest' && attempt.status !== 'OPEN')).toHaveLength(1);
    // Nothing left in the queue: a reload sends nothing again.
    await page.reload();
    expect(await page.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('bimtek-offline');
      open.onsuccess = () => {
        const request = open.result.transaction('queue').objectStore('queue').count();
        request.onsuccess = () => resolve(request.result);
      };
    }))).toBe(0);

    // Weak signal: the phone says online but no post gets through (neither the form nor /api/sync). The write is
    // queued, not lost, and stays queued until a request can get through.
    await page.goto(`${baseUrl()}${lessons[1]}`);
    const weakSignal = (route: Route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
    await page.route('**/pelajaran/**', weakSignal);
    await page.route('**/api/sync', weakSignal);
    await page.getByRole('button', { name: /^Selesai/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(lessons[1]));
    await page.waitForFunction(() => document.getElementById('sync-status')?.textContent?.includes('Menunggu sinkron: 1'));
    expect((await get(`/api/enrollments/${enrollment.id}`) as { progress: { lessonsFinished: number } }).progress.lessonsFinished).toBe(1);
    await page.unroute('**/pelajaran/**');
    await page.unroute('**/api/sync');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForFunction(() => document.getElementById('sync-status')?.textContent === 'Tersinkron');
    const after = (await get(`/api/enrollments/${enrollment.id}`)) as { progress: { lessonsFinished: number } };
    expect(after.progress.lessonsFinished).toBe(2);
    await context.close();
  });
});
