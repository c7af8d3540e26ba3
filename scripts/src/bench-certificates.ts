/**
 * `npm run bench:certificates`:
 *  1. PDFs per second: renders certificates in this one process (the first render pays for parsing the font).
 *  2. API latency with bulk issuance in the background: starts the built API on a throw-away embedded PostgreSQL,
 *     measures a public certificate read (GET /api/certificates/:code) with nothing else running, then again while
 *     CERTIFICATES (10,000) certificates are issued by bulk `certificate.issue` jobs (250 each) in the API's own
 *     pg-boss worker, and prints the p95 ratio.
 *
 *   CERTIFICATES=2000 PDFS=100 npm run bench:certificates     (smaller)
 *   MAX_SECONDS=600 caps the background phase (default 1,500 s). The phase runs until every certificate is issued
 *   (at about 15/s on 2 cores, 10,000 take 10–12 minutes); if the cap stops it first, the summary says so and
 *   reports how many were issued, and the latency during issuance is over that window.
 */
import { execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../api/src/database/port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { ensureDatabase, startEmbeddedPostgres } from '../../api/src/database/embedded';

const root = path.resolve(import.meta.dirname, '..', '..');
const CERTIFICATES = Number(process.env.CERTIFICATES ?? 10_000);
const PDFS = Number(process.env.PDFS ?? 300);
const MAX_SECONDS = Number(process.env.MAX_SECONDS ?? 1500);
/** Probe requests a second: a busy public verify page. */
const PROBE_RATE = Number(process.env.PROBE_RATE ?? 50);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function benchPdfs(): Promise<{ perSecond: number; median: number; p95: number }> {
  // The built module (CommonJS, as the API runs it), which finds its font next to the sources.
  const { renderCertificatePdf } = (await import(path.join(root, 'api', 'dist', 'certificates', 'pdf', 'certificate-pdf.js'))) as {
    renderCertificatePdf: (sheet: object) => Promise<Buffer>;
  };
  const sheet = {
    number: '00123/BIMTEK-TAGANA/32.72/2026',
    holderName: "Raden Ayu Siti Nur'aini Kusumawardhani",
    pillarLabel: 'Tagana',
    regionLabel: 'Kecamatan Citamiang, Kota Sukabumi',
    courseTitle: 'Dasar-Dasar Tagana',
    hours: 8,
    completedAt: new Date(),
    issuedAt: new Date(),
    validUntil: new Date(Date.now() + 3 * 365 * 86_400_000),
    issuerName: 'Dinas Sosial Kota Sukabumi',
    issuerPlace: 'Kota Sukabumi',
    signatoryName: 'Drs. H. Ahmad Fauzi, M.Si.',
    signatoryTitle: 'Kepala Dinas Sosial Kota Sukabumi',
    verifyUrl: 'https://bimtek.example.go.id/verify/K7M2-Q9TX-3HPA-W4',
    verificationCode: 'K7M2-Q9TX-3HPA-W4',
  };
  let started = performance.now();
  const first = await renderCertificatePdf(sheet);
  const firstMs = performance.now() - started;
  const times: number[] = [];
  started = performance.now();
  for (let i = 0; i < PDFS; i++) {
    const t = performance.now();
    await renderCertificatePdf({ ...sheet, holderName: `${sheet.holderName} ${i}` });
    times.push(performance.now() - t);
  }
  const total = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `[bench:certificates] PDF: first ${fmt(firstMs)}, then ${PDFS} in ${total.toFixed(2)} s = ${(PDFS / total).toFixed(1)} PDFs/s; ` +
      `median ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))} (${(first.length / 1024).toFixed(0)} KiB each)`,
  );
  return { perSecond: PDFS / total, median: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * An open-loop probe: one request every 1000/RATE ms whether or not earlier ones have answered (as independent
 * visitors arrive), until `until()` says stop; returns the sorted latencies. A closed loop at full speed would
 * measure how the probe itself competes for the CPU, not what a visitor waits.
 */
async function measure(url: string, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  const one = async () => {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t);
  };
  const interval = 1000 / PROBE_RATE;
  const start = performance.now();
  for (let i = 0; !until(); i++) {
    pending.push(one());
    const wait = start + (i + 1) * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(pending);
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  console.log('[bench:certificates] building the API…');
  try {
    execSync('npx tsc -p tsconfig.build.json', { cwd: path.join(root, 'api'), stdio: 'ignore' });
  } catch {
    // tsc still writes the build when another domain's work in progress has a type error.
  }
  const pdfs = await benchPdfs();
  const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-bench-certificates-'));
  chmodSync(dir, 0o755);
  const pgPort = await freePort();
  const apiPort = await freePort();
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort, fast: true });
  await ensureDatabase(database.serverUrl, 'bench');
  const databaseUrl = database.urlFor('bench');
  const api = spawn('node', ['dist/main.js'], {
    cwd: path.join(root, 'api'),
    env: { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(apiPort), NODE_ENV: 'development', DEMO_ACCOUNTS: 'false', LOG_LEVEL: 'warn', CERTIFICATE_RATE_LIMIT: '100000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${apiPort}/api`;
  const client = new pg.Client({ connectionString: databaseUrl });
  let boss: PgBoss | undefined;
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
    await client.connect();

    // A course and CERTIFICATES + 1 workers spread over the kabupaten/kota of Jawa Barat.
    const {
      rows: [course],
    } = await client.query(`INSERT INTO courses (slug) VALUES ('bench-tagana') RETURNING id`);
    const settings = {
      pretest: { bank: 'q.yaml', draw: 10, bankSize: 20, timeLimitMinutes: null },
      posttest: { bank: 'q.yaml', draw: 10, bankSize: 20, timeLimitMinutes: null, passMark: 70, maxAttempts: 3, partialCredit: false },
      practice: [],
      certificate: { validityMonths: 36 },
    };
    const {
      rows: [version],
    } = await client.query(
      `INSERT INTO course_versions (course_id, number, content_hash, title, summary, pillars, hours, lesson_count, total_minutes, settings, published_at)
       VALUES ($1, 1, $2, 'Dasar-Dasar Tagana', 'Kesiapsiagaan bencana.', '{TAGANA}', 8, 5, 120, $3, now()) RETURNING id`,
      [course.id, 'b'.repeat(64), JSON.stringify(settings)],
    );
    const { rows: districts } = await client.query(`SELECT code FROM regions WHERE level = 'DISTRICT' AND code LIKE '32.%' ORDER BY code`);
    const { rows: users } = await client.query(
      `INSERT INTO users (name, phone, role, pillar, region_code, status)
       SELECT 'Pekerja Bench ' || i, '+62877' || lpad(i::text, 8, '0'), 'PESERTA', 'TAGANA', ($1::text[])[1 + i % array_length($1::text[], 1)], 'ACTIVE'
         FROM generate_series(0, $2::int) AS i
       RETURNING id`,
      [districts.map((d: { code: string }) => d.code), CERTIFICATES],
    );

    // One certificate to read: the latency probe.
    boss = new PgBoss({ connectionString: databaseUrl, max: 2, supervise: false, schedule: false });
    await boss.start();
    /** Bulk jobs of 250 issuances each, as an admin's bulk issuance would make them. */
    const enqueue = async (userIds: string[]) => {
      const jobs: string[][] = [];
      for (let i = 0; i < userIds.length; i += 250) jobs.push(userIds.slice(i, i + 250));
      const params = jobs.map((ids) => ({
        requests: ids.map((userId) => ({ enrollmentId: randomUUID(), userId, courseVersionId: version.id, completedAt: new Date().toISOString() })),
      }));
      const { rows } = await client.query(
        `INSERT INTO background_jobs (kind, params) SELECT 'certificate.issue', p FROM unnest($1::jsonb[]) AS p RETURNING id`,
        [params.map((p) => JSON.stringify(p))],
      );
      await boss!.insert(
        'certificate.issue',
        rows.map((row: { id: string }) => ({ data: { jobId: row.id }, retryLimit: 1, expireInSeconds: 3600 })),
      );
      return rows.map((row: { id: string }) => row.id);
    };
    const [probe] = await enqueue([users[0].id]);
    for (;;) {
      const { rows } = await client.query(`SELECT status, result FROM background_jobs WHERE id = $1`, [probe]);
      if (rows[0].status === 'DONE') break;
      if (rows[0].status === 'FAILED') throw new Error('the probe certificate was not issued');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const {
      rows: [{ verification_code: code }],
    } = await client.query(`SELECT verification_code FROM certificates LIMIT 1`);
    const url = `${base}/certificates/${code}`;

    await measure(url, (() => {
      const end = Date.now() + 2000;
      return () => Date.now() > end;
    })()); // warm-up
    const idleEnd = Date.now() + 20_000;
    const idle = await measure(url, () => Date.now() > idleEnd);

    console.log(`[bench:certificates] enqueueing ${CERTIFICATES.toLocaleString('en')} certificate.issue jobs…`);
    const started = Date.now();
    await enqueue(users.slice(1).map((user: { id: string }) => user.id));
    const count = async () => Number((await client.query(`SELECT count(*) FROM certificates`)).rows[0].count) - 1;
    let issued = 0;
    let done = false;
    let timeBoxed = false;
    let lastReport = started;
    const watcher = (async () => {
      while (!done) {
        issued = await count();
        if (issued >= CERTIFICATES) done = true;
        else if (Date.now() - started > MAX_SECONDS * 1000) done = timeBoxed = true;
        else {
          if (Date.now() - lastReport >= 60_000) {
            lastReport = Date.now();
            const elapsed = (lastReport - started) / 1000;
            console.log(`[bench:certificates]   … ${issued.toLocaleString('en')} of ${CERTIFICATES.toLocaleString('en')} after ${elapsed.toFixed(0)} s (${(issued / elapsed).toFixed(1)}/s)`);
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    })();
    const busy = await measure(url, () => done);
    await watcher;
    const seconds = (Date.now() - started) / 1000;
    const { rows: gaps } = await client.query(
      `SELECT regency_code, count(*)::int AS n, max(sequence) AS top, count(DISTINCT sequence)::int AS distinct_n FROM certificates GROUP BY regency_code`,
    );
    const numbered = gaps.every((g: { n: number; top: number; distinct_n: number }) => g.n === Number(g.top) && g.n === g.distinct_n);

    // What the worker thread signed and rendered must hold up: verify one credential against the published DID.
    const {
      rows: [last],
    } = await client.query(`SELECT verification_code FROM certificates ORDER BY created_at DESC LIMIT 1`);
    const credential = await (await fetch(`${base}/certificates/${last.verification_code}/credential`)).json();
    const didDocument = await (await fetch(`http://127.0.0.1:${apiPort}/.well-known/did.json`)).json();
    const dist = (file: string) => path.join(root, 'api', 'dist', 'certificates', 'credentials', file);
    const { verifyCredential } = (await import(dist('signing.js'))) as {
      verifyCredential: (credential: object, loader: unknown) => Promise<{ verified: boolean; error?: string }>;
    };
    const { strictDocumentLoader } = (await import(dist('document-loader.js'))) as { strictDocumentLoader: (dids: object[]) => unknown };
    const verification = await verifyCredential(credential, strictDocumentLoader([didDocument]));
    if (!verification.verified) throw new Error(`a credential signed during the run does not verify: ${verification.error}`);
    const pdf = await fetch(`${base}/certificates/${last.verification_code}/pdf`);
    if (pdf.headers.get('content-type') !== 'application/pdf') throw new Error('the PDF of a certificate issued during the run is missing');

    const row = (label: string, times: number[]) =>
      `[bench:certificates] ${label.padEnd(26)} ${String(times.length).padStart(6)} requests  p50 ${fmt(percentile(times, 50))}  p95 ${fmt(percentile(times, 95))}  p99 ${fmt(percentile(times, 99))}`;
    console.log(row('idle', idle));
    console.log(row('during background issuance', busy));
    console.log(
      `[bench:certificates] issued ${issued.toLocaleString('en')} of ${CERTIFICATES.toLocaleString('en')} in ${seconds.toFixed(1)} s ` +
        `(${(issued / seconds).toFixed(1)}/s, PDFs included); numbers without gaps or duplicates: ${numbered ? 'yes' : 'NO'}`,
    );
    if (timeBoxed) {
      console.log(
        `[bench:certificates] TIME-BOXED: the background phase was stopped after MAX_SECONDS=${MAX_SECONDS} s with ${issued.toLocaleString('en')} of ` +
          `${CERTIFICATES.toLocaleString('en')} issued; at that rate all would take ${((CERTIFICATES / Math.max(issued, 1)) * seconds).toFixed(0)} s`,
      );
    }
    const ratio = percentile(busy, 95) / percentile(idle, 95);
    console.log(`[bench:certificates] p95 ratio busy/idle: ${ratio.toFixed(2)} (goal ≤ 1.5)`);
    console.log('[bench:certificates] summary');
    console.log(`  PDFs/second, one process:        ${pdfs.perSecond.toFixed(1)} (median ${fmt(pdfs.median)}, p95 ${fmt(pdfs.p95)}; goal ≤ 50 ms)`);
    console.log(
      `  background issuance:              ${issued.toLocaleString('en')} of ${CERTIFICATES.toLocaleString('en')} in ${seconds.toFixed(0)} s = ${(issued / seconds).toFixed(1)} certificates/s (signed + PDF)` +
        (timeBoxed ? ' — TIME-BOXED' : ' — complete'),
    );
    console.log(`  API p95 idle / during issuance:   ${fmt(percentile(idle, 95))} / ${fmt(percentile(busy, 95))} = ${ratio.toFixed(2)}× (goal ≤ 1.5×)`);
  } finally {
    await boss?.stop({ graceful: false, timeout: 1000 }).catch(() => undefined);
    await client.end().catch(() => undefined);
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:certificates] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
