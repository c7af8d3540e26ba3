/**
 * `npm run bench:web`: the learner's pages as a phone sees them. Builds and starts the whole app on free ports with a
 * throw-away database (scripts/src/start.ts), signs in the demo TKSK worker, enrols in tksk-dasar and opens a
 * pre-test, then runs Lighthouse (mobile preset: Moto G-class CPU, slow 4G, 412 px) with Debian's Chromium on the
 * lesson page and the quiz page, and prints performance and accessibility scores, bytes transferred, and the gzip
 * JavaScript of every route (the same figures the web build checks against the 100 KB budget).
 *
 *   CHROMIUM_PATH=/usr/bin/chromium npm run bench:web
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../api/src/database/port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { jsWeights } from '../../web/scripts/js-weight';
import { stopProcessGroup, tsxArgs, waitFor } from './script-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const [port, apiPort, pgPort] = [await freePort(), await freePort(), await freePort()];
const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-bench-web-'));
chmodSync(dataDir, 0o755);
const base = `http://localhost:${port}`;
console.log(`[bench:web] starting the app on ${base}…`);
const app = spawn(process.execPath, tsxArgs(root, 'scripts/src/start.ts'), {
  // A process group of its own, as a terminal's job: stopped as a whole, whatever its processes do.
  detached: true,
  cwd: root,
  env: { ...process.env, NODE_ENV: 'development', PORT: String(port), API_PORT: String(apiPort), PGPORT: String(pgPort), BIMTEK_DATA_DIR: path.join(dataDir, 'pg'), PUBLIC_URL: base, LOG_FORMAT: 'json' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  await waitFor(`${base}/api/health`, 240_000);
  await waitFor(`${base}/masuk`, 60_000);

  const { token } = await json<{ token: string }>(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '081100000004', password: 'demo-peserta-2026' }),
  });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const enrollment = await json<{ id: string }>(`${base}/api/enrollments`, { method: 'POST', headers: auth, body: JSON.stringify({ course: 'tksk-dasar' }) });
  const attempt = await json<{ id: string }>(`${base}/api/enrollments/${enrollment.id}/attempts`, { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'pretest' }) });
  const outline = await json<{ modules: { lessons: { id: string }[] }[] }>(`${base}/api/courses/tksk-dasar`);
  const pages = [
    ['lesson', `${base}/kursus/tksk-dasar/pelajaran/${outline.modules[0].lessons[0].id}`],
    ['quiz (10 questions)', `${base}/ujian/${enrollment.id}/pretest?percobaan=${attempt.id}`],
    ['catalogue', `${base}/katalog`],
  ] as const;

  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const rows: string[] = [];
  for (const [name, url] of pages) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: { Cookie: `bimtek_session=${token}` },
    });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { categories, audits } = result.lhr;
    const score = (key: string) => Math.round((categories[key]?.score ?? 0) * 100);
    const kb = (bytes: number | undefined) => `${((bytes ?? 0) / 1024).toFixed(1)} KiB`;
    const scripts = (audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? [];
    const jsBytes = scripts.filter((item) => item.resourceType === 'Script').reduce((sum, item) => sum + (item.transferSize ?? 0), 0);
    rows.push(
      `| ${name} | ${score('performance')} | ${score('accessibility')} | ${(audits['first-contentful-paint']?.numericValue ?? 0).toFixed(0)} ms | ${(audits['largest-contentful-paint']?.numericValue ?? 0).toFixed(0)} ms | ${(audits['total-blocking-time']?.numericValue ?? 0).toFixed(0)} ms | ${kb(audits['total-byte-weight']?.numericValue)} | ${kb(jsBytes)} |`,
    );
    console.log(`[bench:web] ${name}: performance ${score('performance')}, accessibility ${score('accessibility')}`);
  }
  console.log('\n| page | performance | accessibility | FCP | LCP | TBT | transferred (cold) | JS transferred |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);

  const build = await import(pathToFileURL(path.join(root, 'web', 'build', 'server', 'index.js')).href);
  console.log('\n| route | gzip JS | React runtime |');
  console.log('|---|---|---|');
  for (const weight of jsWeights(build, path.join(root, 'web', 'build', 'client')).filter((item) => item.learner)) {
    console.log(`| ${weight.path} | ${(weight.gzipBytes / 1000).toFixed(1)} KB | ${weight.hydrated ? 'yes' : 'no'} |`);
  }
} finally {
  await chrome?.kill();
  // Ctrl-C, then wait until no process of the app is left (killed after a bounded wait) before deleting its data.
  await stopProcessGroup(app, 'SIGINT');
  rmSync(dataDir, { recursive: true, force: true });
}
