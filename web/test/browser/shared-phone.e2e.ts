/**
 * Shared phones (issue #21 M3 and the resume bug), on a 360×640 phone with JavaScript and the service worker:
 * nothing an admin opened is served from the phone after logout; the pages a worker saved are theirs alone and go at
 * logout; saving a course for offline leaves "Lanjutkan" on the lesson the worker was reading.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answerKey, answerQuiz, baseUrl, launch, newWorker, phoneContext, signIn } from './helpers';

const COURSE = 'inti-pilar-sosial';
const PASSWORD = 'kata-sandi-uji-2026';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until the service worker controls the page (it is registered by /learner.js on every page). */
async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker in 30 s')), 30_000))]));
  await page.reload();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

/** Every URL in the phone's page caches (everything but the precached app shell and course images). */
function savedPages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (name.startsWith('workbox-precache') || name === 'bimtek-media' || name === 'bimtek-assets') continue;
      for (const request of await (await caches.open(name)).keys()) urls.push(`${name} ${new URL(request.url).pathname}`);
    }
    return urls;
  });
}

/** The saved pages once the page has had a moment to tidy up (learner.js works after the page loads). */
async function savedPagesSettled(page: Page): Promise<string[]> {
  let urls = await savedPages(page);
  for (let i = 0; i < 20 && urls.length > 0; i++) {
    await page.waitForTimeout(250);
    urls = await savedPages(page);
  }
  return urls;
}

async function signOut(page: Page): Promise<void> {
  // The sign-out form's own button (a CSS locator: no accessible-name computation while learner.js tidies the page).
  await page.waitForLoadState('load');
  await page.locator('form[action="/keluar"] button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/');
}

describe('a shared phone', () => {
  let context: BrowserContext;
  afterEach(async () => {
    await context?.close();
  });

  it('does not serve an admin page from the phone after the admin signed out', async () => {
    context = await phoneContext(browser);
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    await signIn(page, '081100000002', 'demo-dinsos-2026', /\/admin/);
    await underServiceWorker(page);
    // Searched by name: the demo data puts hundreds of Sukabumi workers on the list.
    const list = await page.goto(`${baseUrl()}/admin/pekerja?q=Siti`);
    expect(list?.headers()['cache-control']).toContain('no-store');
    expect(await page.locator('main').innerText()).toContain('Siti Nurhaliza');
    // The CSP lets the admin pages hydrate (Remix's inline scripts carry the nonce) and blocks nothing they need.
    expect(list?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForFunction(() => '__remixRouter' in window);
    expect(blocked).toEqual([]);
    await page.goto(`${baseUrl()}/akun`);
    expect(await savedPagesSettled(page)).toEqual([]);
    await signOut(page);

    await context.setOffline(true);
    await page.goto(`${baseUrl()}/admin/pekerja?q=Siti`);
    expect(await page.locator('h1').innerText()).toBe('Anda sedang offline');
    expect(await page.locator('body').innerText()).not.toContain('Siti Nurhaliza');
    await page.goto(`${baseUrl()}/akun`);
    expect(await page.locator('h1').innerText()).toBe('Anda sedang offline');
  });

  it('keeps "Lanjutkan" on the lesson being read when the course is saved, and forgets the saved pages at logout', async () => {
    const worker = await newWorker('081277700031', 'Peserta Ponsel Bersama');
    const activated = await fetch(`${baseUrl()}/api/auth/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: worker.phone, code: worker.code, password: PASSWORD }),
    });
    expect(activated.status).toBeLessThan(300);
    context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, worker.phone, PASSWORD, /\/belajar/);

    // Enrol, take the pre-test, then read the third lesson.
    await page.goto(`${baseUrl()}/kursus/${COURSE}`);
    await page.getByRole('button', { name: 'Daftar kursus ini' }).click();
    await page.getByTestId('resume').click();
    await page.getByRole('button', { name: /Mulai Pre-test/ }).click();
    await page.waitForURL(/percobaan=/);
    await answerQuiz(page, answerKey(COURSE), false);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.waitForURL(/\/hasil\//);
    await page.goto(`${baseUrl()}/kursus/${COURSE}`);
    const lessons = await page.locator('.outline__lessons a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(lessons.length).toBeGreaterThan(3);
    const reading = lessons[2];
    await page.goto(`${baseUrl()}${reading}`);

    // Save the whole course for offline use.
    await page.goto(`${baseUrl()}/kursus/${COURSE}`);
    await underServiceWorker(page);
    await page.getByRole('button', { name: 'Simpan untuk offline' }).click();
    await page.waitForFunction(() => document.querySelector('[data-offline-save] [role="status"]')?.textContent?.startsWith('Tersimpan'));
    const saved = await savedPages(page);
    expect(saved.length).toBe(lessons.length + 1);
    expect(saved.every((entry) => /^bimtek-pages-\S+ \/kursus\//.test(entry))).toBe(true);

    // "Lanjutkan" still opens the lesson being read, not the last one saved.
    await page.reload();
    await page.getByTestId('resume').click();
    await page.waitForURL(/\/pelajaran\//);
    expect(new URL(page.url()).pathname).toBe(reading);

    // Signing out removes the saved pages: offline, the next person finds none of them.
    await signOut(page);
    expect(await savedPagesSettled(page)).toEqual([]);
    await context.setOffline(true);
    await page.goto(`${baseUrl()}${reading}`);
    expect(await page.locator('h1').innerText()).toBe('Anda sedang offline');
  });
});
