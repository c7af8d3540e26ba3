import AxeBuilder from '@axe-core/playwright';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parse } from 'yaml';

export const root = path.resolve(__dirname, '..', '..', '..');
export const baseUrl = (): string => {
  const url = process.env.BROWSER_BASE_URL;
  if (!url) throw new Error('BROWSER_BASE_URL is not set: run through test/browser/jest.config.cjs');
  return url;
};
export const screenshots = path.join(root, 'test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 360, height: 640 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

export function phoneContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'id-ID', acceptDownloads: true, ...options });
}

/** axe on the current page: no serious or critical WCAG 2.1 A/AA violation; and a 360×640 screenshot under test-results/. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const summary = bad.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect({ page: name, violations: summary }).toEqual({ page: name, violations: [] });
  // 360 px wide: nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  // Text at 200 % (WCAG 1.4.4): still nothing scrolls sideways at 360 px.
  const zoomed = await page.evaluate(() => {
    const html = document.documentElement;
    const before = html.style.fontSize;
    html.style.fontSize = '200%';
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > html.clientWidth + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${(element.textContent ?? '').trim().slice(0, 30)}`);
    html.style.fontSize = before;
    return wide.slice(0, 5);
  });
  expect({ page: name, zoomed }).toEqual({ page: name, zoomed: [] });
}

interface BankQuestion {
  id: string;
  type: 'single' | 'multiple' | 'true_false';
  prompt: string;
  options?: string[];
  answer: number | number[] | boolean;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The course's question banks by prompt: the test answers as someone who studied would. */
export function answerKey(slug: string): Map<string, BankQuestion> {
  const dir = path.join(root, 'content', 'courses', slug, 'questions');
  const key = new Map<string, BankQuestion>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yaml'))) {
    const bank = parse(readFileSync(path.join(dir, file), 'utf8')) as { questions: BankQuestion[] };
    for (const question of bank.questions) key.set(normalize(question.prompt), question);
  }
  return key;
}

/** Answers every question of the quiz on the page: right (from the bank) or, with `right: false`, the first option. */
export async function answerQuiz(page: Page, key: Map<string, BankQuestion>, right: boolean): Promise<number> {
  const questions = page.locator('li.question');
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    const question = questions.nth(i);
    const choices = question.locator('label.choice');
    if (!right) {
      await choices.first().locator('input').check();
      continue;
    }
    const prompt = normalize(await question.locator('.question__prompt').innerText());
    const bank = key.get(prompt);
    if (!bank) throw new Error(`question not in the bank: ${prompt}`);
    const wanted =
      bank.type === 'true_false'
        ? [bank.answer ? 'Benar' : 'Salah']
        : (Array.isArray(bank.answer) ? bank.answer : [bank.answer as number]).map((index) => normalize(bank.options![index]));
    const labels = await choices.allInnerTexts();
    for (const [index, label] of labels.entries()) {
      if (wanted.includes(normalize(label))) await choices.nth(index).locator('input').check();
    }
  }
  return count;
}

/** A fresh TKSK worker in Citamiang (roster import by the demo admin dinsos), and an activation code for them. */
export async function newWorker(phone: string, name: string): Promise<{ phone: string; code: string }> {
  const api = baseUrl();
  const login = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '081100000002', password: 'demo-dinsos-2026' }),
  });
  if (!login.ok) throw new Error(`demo admin sign-in: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const form = new FormData();
  form.append('file', new Blob([`nama,no_hp,pilar,kode_wilayah\n${name},${phone},TKSK,32.72.03\n`], { type: 'text/csv' }), 'roster.csv');
  const imported = await fetch(`${api}/api/rosters`, { method: 'POST', headers: auth, body: form });
  if (!imported.ok) throw new Error(`roster import: ${imported.status} ${await imported.text()}`);
  const list = (await (await fetch(`${api}/api/workers?q=${encodeURIComponent(name)}`, { headers: auth })).json()) as { items: { id: string }[] };
  if (!list.items[0]) throw new Error(`worker ${name} not found after import`);
  const reset = await fetch(`${api}/api/workers/${list.items[0].id}/reset`, { method: 'POST', headers: { ...auth, 'idempotency-key': `reset-${phone}` } });
  const { code } = (await reset.json()) as { code: string };
  return { phone, code };
}

/** The API as a signed-in person, for checks the page cannot show. */
export async function apiAs(phone: string, password: string): Promise<(path: string) => Promise<unknown>> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  const { token } = (await login.json()) as { token: string };
  return async (url: string) => (await fetch(`${baseUrl()}${url}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

/** Signs in through the login form and waits for the landing page. */
export async function signIn(page: Page, phone: string, password: string, landing: RegExp): Promise<void> {
  await page.goto(`${baseUrl()}/masuk`);
  await page.getByLabel('Nomor HP').fill(phone);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(landing);
}

/** A field-task report longer than any task's min_words, without a NIK-like number. */
export function fieldReport(words = 300, extra = ''): string {
  const line = 'Saya menerima kasus warga berinisial S, memeriksa keadaannya, mencatat yang saya lihat, lalu merujuk ke Puskesos.';
  const lines = Array.from({ length: Math.ceil(words / line.split(' ').length) + 1 }, (_, i) => `Langkah ${i + 1}: ${line}`);
  return `${lines.join('\n')}${extra ? `\n${extra}` : ''}`;
}

async function tokenOf(phone: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password }) });
  if (!login.ok) throw new Error(`login ${phone}: ${login.status}`);
  return ((await login.json()) as { token: string }).token;
}

/**
 * Passes every field task of an enrollment through the API, as completion needs (decision 026): the worker hands in a
 * report, the demo trainer of Kota Sukabumi claims it and passes it at the pass level.
 */
export async function passFieldTasks(workerPhone: string, workerPassword: string, enrollmentId: string): Promise<void> {
  const worker = { authorization: `Bearer ${await tokenOf(workerPhone, workerPassword)}` };
  const trainer = { authorization: `Bearer ${await tokenOf('081100000003', 'demo-pelatih-2026')}`, 'content-type': 'application/json' };
  const tasks = (await (await fetch(`${baseUrl()}/api/enrollments/${enrollmentId}/tasks`, { headers: worker })).json()) as {
    items: Array<{ id: string; reportMinWords: number | null; rubric: { passLevel: string; criteria: Array<{ id: string }> } }>;
  };
  for (const task of tasks.items) {
    const form = new FormData();
    form.set('enrollmentId', enrollmentId);
    form.set('report', fieldReport(task.reportMinWords ?? 0));
    const sent = await fetch(`${baseUrl()}/api/tasks/${task.id}/submissions`, { method: 'POST', headers: worker, body: form });
    if (!sent.ok) throw new Error(`field task: ${sent.status} ${await sent.text()}`);
    const { id } = (await sent.json()) as { id: string };
    await fetch(`${baseUrl()}/api/submissions/${id}/claim`, { method: 'POST', headers: trainer, body: '{}' });
    const levels = Object.fromEntries(task.rubric.criteria.map((criterion) => [criterion.id, task.rubric.passLevel]));
    const reviewed = await fetch(`${baseUrl()}/api/submissions/${id}/review`, { method: 'POST', headers: trainer, body: JSON.stringify({ levels, decision: 'pass' }) });
    if (!reviewed.ok) throw new Error(`field task review: ${reviewed.status} ${await reviewed.text()}`);
  }
}
