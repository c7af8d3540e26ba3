/**
 * The Dinsos admin's certificate list in a 360×640 phone: sign in, find a worker's certificate, revoke it with a
 * reason and a confirmation step, and the public verify page says "Dicabut". Once with JavaScript (axe on every
 * page), once without (plain forms and links only).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { answerKey, baseUrl, checkPage, launch, newWorker, phoneContext, signIn, passFieldTasks } from './helpers';

const COURSE = 'tksk-dasar';
const PASSWORD = 'kata-sandi-uji-2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A new worker in Citamiang (32.72.03) who completes the course through the API (pre-test, every lesson, a passed
 * post-test); returns the certificate's verification code once the issuing job has made it.
 */
async function certifiedWorker(phone: string, name: string): Promise<string> {
  const { code } = await newWorker(phone, name);
  const activated = await fetch(`${baseUrl()}/api/auth/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code, password: PASSWORD }),
  });
  if (!activated.ok) throw new Error(`activate: ${activated.status} ${await activated.text()}`);
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  type Attempt = { id: string; questions: Array<{ id: string; type: string; prompt: string; options: string[] | null }> };
  const key = answerKey(COURSE);
  const answersFor = (attempt: Attempt) =>
    Object.fromEntries(
      attempt.questions.map((question) => {
        const bank = key.get(normalize(question.prompt));
        if (!bank) throw new Error(`question not in the bank: ${question.prompt}`);
        if (bank.type === 'true_false') return [question.id, bank.answer as boolean];
        const wanted = (Array.isArray(bank.answer) ? bank.answer : [bank.answer as number]).map((index) => normalize(bank.options![index]));
        const shown = (question.options ?? []).map(normalize);
        const indexes = wanted.map((text) => shown.indexOf(text));
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
  await passFieldTasks(phone, PASSWORD, enrollment.id); // completion needs the course's field task (decision 026)
  const posttest = await call<Attempt>('POST', `/api/enrollments/${enrollment.id}/attempts`, { kind: 'posttest' });
  const result = await call<{ passed: boolean }>('POST', `/api/attempts/${posttest.id}/submit`, { answers: answersFor(posttest) });
  expect(result.passed).toBe(true);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const mine = await call<{ items: Array<{ code: string }> }>('GET', '/api/certificates');
    if (mine.items[0]) return mine.items[0].code;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no certificate issued for ${name} within 60 s`);
}

const signInAsDinsos = (page: Page) => signIn(page, '081100000002', 'demo-dinsos-2026', /\/admin/);

/** Finds the holder's certificate in the list, revokes it for `reason`, and opens its verify page. */
async function revokeFromList(page: Page, holder: string, reasonLabel: string, check: (name: string) => Promise<void>): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Sertifikat', exact: true }).click();
  await page.waitForURL(/\/admin\/sertifikat/);
  await page.getByRole('heading', { level: 1, name: 'Sertifikat' }).waitFor();
  await check('admin-sertifikat');
  await page.getByLabel('Cari', { exact: true }).fill(holder);
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.waitForURL(/q=/);
  const card = page.locator('li.card', { hasText: holder });
  await card.waitFor();
  // With JavaScript the filtered list replaces the whole one after the URL changes: wait until the others are gone.
  await page.locator('li.card').nth(1).waitFor({ state: 'detached' });
  expect(await page.locator('li.card').count()).toBe(1);
  expect(await card.locator('.badge').innerText()).toBe('Berlaku');
  const number = normalize((await card.locator('.meta').first().innerText()).replace(/^Nomor:/, ''));
  expect(number).toMatch(/^\d{5}\/BIMTEK-TKSK\/32\.72\/\d{4}$/);
  // No phone number anywhere on the page.
  expect(await page.locator('main').innerText()).not.toMatch(/08\d{2}-?\d{4}-?\d{2,4}|\+628/);

  // Revoking asks first: the reason, then a confirmation that names the certificate.
  await card.getByLabel('Alasan pencabutan').selectOption({ label: reasonLabel });
  await card.getByRole('button', { name: `Cabut sertifikat ${number}` }).click();
  await page.waitForURL(/konfirmasi=/);
  const confirm = page.getByRole('region', { name: `Cabut sertifikat ${number}?` });
  await confirm.waitFor();
  expect(await confirm.innerText()).toContain(holder);
  expect(await confirm.innerText()).toContain(reasonLabel);
  await check('admin-sertifikat-konfirmasi');
  await confirm.getByRole('button', { name: 'Ya, cabut sertifikat' }).click();
  await page.waitForURL(/dicabut=/);
  const done = page.getByRole('status').filter({ hasText: `Sertifikat ${number} telah dicabut.` });
  await done.waitFor();
  expect(await page.locator('li.card', { hasText: holder }).locator('.badge').innerText()).toBe('Dicabut');
  expect(await page.locator('li.card', { hasText: holder }).innerText()).toContain(reasonLabel);
  // Revoked: no second revoke form.
  expect(await page.locator('li.card', { hasText: holder }).getByRole('button').count()).toBe(0);
  await check('admin-sertifikat-dicabut');

  await done.getByRole('link', { name: 'Halaman verifikasi' }).click();
  await page.waitForURL(/\/verify\//);
  const main = await page.locator('main').innerText();
  expect(main).toContain('Dicabut');
  expect(main).not.toMatch(/karena/i); // the reason stays with the admins (issue #21, F-L10)
  expect(main).toContain(holder);
}

describe('Dinsos admin: certificates', () => {
  it('finds a certificate, revokes it after confirming, and the verify page says "Dicabut" (axe on every page)', async () => {
    const holder = 'Sertifikat Uji Satu';
    const code = await certifiedWorker('081277700031', holder);
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signInAsDinsos(page);
    await revokeFromList(page, holder, 'Kesalahan data', (name) => checkPage(page, `js-${name}`));
    expect(page.url()).toContain(`/verify/${code}`);
    await checkPage(page, 'js-verify-dicabut');
    // An unknown code: a 404 that says only "not found", with nothing of any certificate in it.
    const unknown = await page.goto(`${baseUrl()}/verify/${code.replace(/[A-Z0-9]$/, (last) => (last === 'Z' ? 'Y' : 'Z'))}`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('main').innerText()).not.toContain(holder);
    await checkPage(page, 'js-verify-tidak-ditemukan');
    await context.close();
  });

  it('the same without JavaScript', async () => {
    const holder = 'Sertifikat Uji Dua';
    const code = await certifiedWorker('081277700032', holder);
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsDinsos(page);
    await revokeFromList(page, holder, 'Sertifikat ganda', async () => undefined);
    expect(page.url()).toContain(`/verify/${code}`);
    await context.close();
  });
});
