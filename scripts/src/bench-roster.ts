/**
 * `npm run bench:roster`: generates a 50,000-row roster (semicolon CSV, as Excel in the Indonesian locale writes it,
 * with NIKs and some emails), imports it through the API into a throw-away embedded PostgreSQL as the national demo
 * admin, and prints rows per second for the dry run, the import, and a second import that must change nothing.
 *
 *   ROWS=10000 npm run bench:roster     (fewer rows)
 */
import { spawn, execSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../api/src/database/port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDistricts } from 'idn-area-data';
import { ensureDatabase, startEmbeddedPostgres } from '../../api/src/database/embedded';

const root = path.resolve(import.meta.dirname, '..', '..');
const ROWS = Number(process.env.ROWS ?? 50_000);
const PILLARS = ['TKSK', 'Tagana', 'PSM', 'Karang Taruna', 'Pendamping PKH', 'SLRT/Puskesos'];

async function roster(rows: number): Promise<Buffer> {
  const districts = (await getDistricts()).map((d) => d.code);
  const lines = ['nama;no_hp;pilar;kode_wilayah;nik;email'];
  for (let i = 0; i < rows; i++) {
    const code = districts[i % districts.length];
    const nik = `${code.replace(/\./g, '')}${String(1 + (i % 28)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}90${String(1 + (i % 9999)).padStart(4, '0')}`;
    const phone = `0857-${String(10_000_000 + i).slice(0, 4)}-${String(10_000_000 + i).slice(4)}`;
    lines.push([`Pekerja Sosial ${i}`, phone, PILLARS[i % PILLARS.length], code, i % 3 === 0 ? nik : '', i % 5 === 0 ? `pekerja${i}@example.com` : ''].join(';'));
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
}

interface Job {
  status: string;
  error: string | null;
  progress: { done: number; total: number };
  result: { total: number; created: number; updated: number; unchanged: number; errors: unknown[] } | null;
}

async function main(): Promise<void> {
  console.log('[bench:roster] building the API…');
  execSync('npx tsc -p tsconfig.build.json', { cwd: path.join(root, 'api'), stdio: 'inherit' });

  const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-bench-roster-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const pgPort = await freePort();
  const apiPort = await freePort();
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, fast: true });
  await ensureDatabase(database.serverUrl, 'bench');
  const api = spawn('node', ['dist/main.js'], {
    cwd: path.join(root, 'api'),
    env: { ...process.env, DATABASE_URL: database.urlFor('bench'), API_PORT: String(apiPort), NODE_ENV: 'development', DEMO_ACCOUNTS: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${apiPort}/api`;
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the API did not start');
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '081100000001', password: 'demo-pusat-2026' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const file = await roster(ROWS);
    console.log(`[bench:roster] ${ROWS.toLocaleString('en')} rows, ${(file.length / 1024 / 1024).toFixed(1)} MiB CSV`);

    const run = async (label: string, dryRun: boolean) => {
      const started = performance.now();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'bench.csv');
      const res = await fetch(`${base}/rosters${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers: auth, body: form });
      let job: Job | undefined;
      if (res.status === 202) {
        const { jobId } = (await res.json()) as { jobId: string };
        for (;;) {
          job = (await (await fetch(`${base}/jobs/${jobId}`, { headers: auth })).json()) as Job;
          if (job.status === 'DONE' || job.status === 'FAILED') break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } else {
        job = { status: res.ok ? 'DONE' : 'FAILED', error: res.ok ? null : await res.text(), progress: { done: ROWS, total: ROWS }, result: res.ok ? await res.json() : null };
      }
      const seconds = (performance.now() - started) / 1000;
      if (job.status !== 'DONE' || !job.result) throw new Error(`${label} failed: ${job.error}`);
      const { total, created, updated, unchanged, errors } = job.result;
      console.log(
        `[bench:roster] ${label.padEnd(14)} ${seconds.toFixed(2).padStart(6)} s  ${Math.round(ROWS / seconds).toLocaleString('en').padStart(7)} rows/s  ` +
          `(total ${total}, created ${created}, updated ${updated}, unchanged ${unchanged}, errors ${errors.length})`,
      );
      return job.result;
    };
    await run('dry run', true);
    const first = await run('import', false);
    const second = await run('re-import', false);
    if (first.created !== ROWS || second.unchanged !== ROWS || second.created + second.updated !== 0) {
      throw new Error('the import did not create every row, or the re-import changed something');
    }
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:roster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
