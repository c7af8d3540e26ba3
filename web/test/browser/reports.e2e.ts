/**
 * Reports (issue #19) in the browser, on the demo data of Kota Sukabumi: the demo admin (1280×800) opens the dashboard,
 * opens the gaps page, drills down to a kecamatan, opens the list of workers without a certificate and one worker's
 * record, and downloads the list as XLSX (rows in it);
 * the demo worker (360×640) opens /riwayat and downloads its PDF.
 */
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, checkPage, launch, phoneContext, screenshots, signIn } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function axe(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = report.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect({ page: name, violations: bad.map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ page: name, violations: [] });
}

/** A headline figure of the dashboard, as a number. */
async function figure(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-figure="${key}"] .stat-card__number`).innerText();
  return Number(text.replace(/\D/g, ''));
}

describe('reports', () => {
  it('the demo admin drills down to a kecamatan and downloads the workers without a certificate', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, '081100000002', 'demo-dinsos-2026', /\/admin/);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
    await page.waitForURL(/\/admin\/laporan$/);
    await page.getByRole('heading', { level: 1, name: 'Laporan pelatihan: Kota Sukabumi' }).waitFor();
    expect(await figure(page, 'workers')).toBeGreaterThan(100);
    expect(await figure(page, 'certified')).toBeGreaterThan(0);
    await axe(page, 'reports-dashboard');

    // The gaps page: TKSK first (one per kecamatan), every kecamatan of the city without one listed, then back.
    await page.getByRole('link', { name: 'Kecamatan tanpa TKSK bersertifikat' }).click();
    await page.waitForURL(/\/admin\/laporan\/celah/);
    await page.getByRole('heading', { level: 1, name: 'Kecamatan tanpa TKSK bersertifikat' }).waitFor();
    expect(await page.locator('#report-gaps-caption').innerText()).toMatch(/^Kota Sukabumi: \d+ kecamatan/);
    await axe(page, 'reports-gaps');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Laporan pelatihan: Kota Sukabumi' }).waitFor();
    // One of the lists beyond the funnel, from the dashboard's list of lists.
    await page.getByRole('navigation', { name: 'Daftar orang' }).getByRole('link', { name: 'Gagal di semua kesempatan post-test' }).click();
    await page.waitForURL(/\/admin\/laporan\/daftar\?.*list=FAILED_ALL_ATTEMPTS/);
    await page.getByRole('heading', { level: 1, name: 'Gagal di semua kesempatan post-test' }).waitFor();
    await page.locator('#report-lists-caption').waitFor();
    await axe(page, 'reports-lists');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Laporan pelatihan: Kota Sukabumi' }).waitFor();

    // Down to a kecamatan by its link in the regions table; the breadcrumbs lead back up.
    const kecamatan = page.locator('#by-region tbody tr th a').first();
    const name = (await kecamatan.innerText()).trim();
    await kecamatan.click();
    await page.waitForURL(/region=32\.72\.\d\d/);
    await page.getByRole('heading', { level: 1, name: `Laporan pelatihan: ${name}` }).waitFor();
    const crumbs = page.getByRole('navigation', { name: 'Jenjang wilayah' });
    expect(await crumbs.getByRole('link', { name: 'Kota Sukabumi' }).count()).toBe(1);
    const region = new URL(page.url()).searchParams.get('region')!;

    await page.getByRole('link', { name: 'Daftar pekerja yang belum bersertifikat' }).click();
    await page.waitForURL(/\/admin\/laporan\/peserta/);
    await page.getByRole('heading', { level: 1, name: 'Pekerja belum bersertifikat' }).waitFor();
    expect(new URL(page.url()).searchParams.get('region')).toBe(region);
    const names = await page.locator('#report-people-caption').locator('xpath=..').locator('tbody tr th').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    await axe(page, 'reports-people');
    // A name opens that worker's training record (audit-logged by the API), then back to the list.
    await page.locator('#report-people-caption').locator('xpath=..').locator('tbody tr th a').first().click();
    await page.waitForURL(/\/admin\/laporan\/pekerja\//);
    await page.getByRole('heading', { level: 1, name: `Riwayat pelatihan: ${names[0]}` }).waitFor();
    await axe(page, 'reports-worker-record');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Pekerja belum bersertifikat' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Peserta')!;
    const rows: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(String(row.getCell(1).value));
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.slice(0, names.length)).toEqual(names); // the same list, in the same order
    expect(sheet.getRow(2).getCell(2).value).toEqual(expect.stringMatching(new RegExp(`^${region.replace(/\./g, '\\.')}`)));

    // A long list's export as a background job (started here through the API, as the page's button does): its page
    // refreshes itself until the file is ready, then offers it.
    const login = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '081100000002', password: 'demo-dinsos-2026' }) });
    const { token } = (await login.json()) as { token: string };
    const started = await fetch(`${baseUrl()}/api/reports/exports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ format: 'csv', region }) });
    const { jobId } = (await started.json()) as { jobId: string };
    await page.goto(`${baseUrl()}/admin/laporan/unduhan/${jobId}`);
    await page.getByRole('link', { name: 'Unduh file' }).waitFor({ timeout: 60_000 });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh file' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync((await csv.path())!).toString().split('\r\n').length).toBeGreaterThan(2);
    await context.close();
  });

  it('the demo trainer reads the same dashboard of its region (read-only)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    const page = await context.newPage();
    await signIn(page, '081100000003', 'demo-pelatih-2026', /\/(admin|pelatih)/);
    await page.goto(`${baseUrl()}/admin/laporan`);
    await page.getByRole('heading', { level: 1, name: 'Laporan pelatihan: Kota Sukabumi' }).waitFor();
    expect(await figure(page, 'workers')).toBeGreaterThan(100);
    await context.close();
  });

  it('the demo worker reads /riwayat on a phone and downloads the PDF', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, '081100000004', 'demo-peserta-2026', /\/belajar/);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Riwayat' }).click();
    await page.waitForURL(/\/riwayat$/);
    await page.getByRole('heading', { level: 1, name: 'Riwayat pelatihan' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Riwayat pelatihan');
    await checkPage(page, 'riwayat');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh riwayat (PDF)' }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
