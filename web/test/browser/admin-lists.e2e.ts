/**
 * The Dinsos admin's lists on a 360×640 phone, without JavaScript: the worker list and the audit log filter through
 * plain GET forms, keep the chosen filter in the form, and "Hapus filter" goes back to the whole list. axe (with
 * JavaScript, as axe needs it) on both pages; data tables may scroll inside their own region, the page never does.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launch, phoneContext, screenshots, signIn } from './helpers';
import path from 'node:path';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const signInAsDinsos = (page: Page) => signIn(page, '081100000002', 'demo-dinsos-2026', /\/admin/);

/** A column of the list's body rows, as text. */
async function column(page: Page, index: number): Promise<string[]> {
  return page.locator('table tbody tr').evaluateAll(
    (rows, i) => rows.map((row) => (row.children[i] as HTMLElement | undefined)?.innerText.trim() ?? ''),
    index,
  );
}

async function axeAndWidth(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect({ page: name, violations: bad.map((violation) => violation.id) }).toEqual({ page: name, violations: [] });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
}

describe('the admin lists on a phone', () => {
  it('filters the workers and the audit log without JavaScript and keeps the chosen filter', async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsDinsos(page);

    await page.goto(`${baseUrl()}/admin/pekerja`);
    const all = await column(page, 2);
    expect(new Set(all).size).toBeGreaterThan(1); // the demo region has workers of several pillars
    await page.getByLabel('Pilar').selectOption({ label: 'TKSK' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/pillar=TKSK/);
    expect(await page.getByLabel('Pilar').inputValue()).toBe('TKSK');
    const tksk = await column(page, 2);
    expect(tksk.length).toBeGreaterThan(0);
    expect(new Set(tksk)).toEqual(new Set(['TKSK']));
    await page.getByRole('link', { name: 'Hapus filter' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/pekerja' && url.search === '');
    expect(await page.getByLabel('Pilar').inputValue()).toBe('');

    await page.goto(`${baseUrl()}/admin/audit`);
    await page.getByLabel('Tindakan').selectOption({ label: 'Masuk' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/action=/);
    const actions = await column(page, 1);
    expect(actions.length).toBeGreaterThan(0); // this sign-in at least
    expect(new Set(actions)).toEqual(new Set(['Masuk']));
    await context.close();
  });

  it('passes axe and never scrolls the page sideways at 360 px', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signInAsDinsos(page);
    await page.goto(`${baseUrl()}/admin/pekerja?pillar=TKSK`);
    await axeAndWidth(page, 'admin-pekerja');
    await page.goto(`${baseUrl()}/admin/audit`);
    await axeAndWidth(page, 'admin-audit');
    await context.close();
  });
});
