/**
 * Several instances of the API on one database (issue #21): two real API processes (src/main.ts, as `npm start`
 * runs it) side by side. A session made on one works on the other; a background job runs once however many
 * instances listen; certificate numbers stay gapless when both issue at once; the sign-in limit is shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { CERTIFICATE_ISSUE } from '../../src/certificates/enrollment-completed.handler';
import { portInUse } from '../../src/database/port';
import { JobsRepository } from '../../src/jobs/jobs.repository';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function freePort(from: number): Promise<number> {
  for (let port = from; ; port++) if (!(await portInUse(port))) return port;
}

/** One API process on the test's database; resolves when it answers /api/health. */
async function startInstance(databaseUrl: string, port: number): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'instance', 'run-api.cjs')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      // One process per instance: the instances are what this test multiplies (main.ts forks per core otherwise).
      API_CONCURRENCY: '1',
      API_HOST: '127.0.0.1',
      // development: background jobs start at boot on every instance (in test mode only on the first enqueue).
      NODE_ENV: 'development',
      DEMO_ACCOUNTS: 'false',
      AUTH_RATE_LIMIT: '6',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API instance exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`API instance did not answer within 60 s:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then((res) => res.ok, () => false);
    if (healthy) return { url, child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

function post(instance: Instance, pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${instance.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('two API instances on one database', () => {
  let t: TestApp;
  let db: DataSource;
  let a: Instance | undefined;
  let b: Instance | undefined;

  beforeAll(async () => {
    // In-process only to create accounts and read the database; the instances under test are the two processes.
    t = await createTestApp();
    db = t.app.get(DataSource);
    const first = await freePort(31000 + (process.pid % 1000) * 4);
    const second = await freePort(first + 1);
    const started = await Promise.allSettled([startInstance(t.databaseUrl, first), startInstance(t.databaseUrl, second)]);
    [a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason; // afterAll still stops the one that did start
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await t.close();
  });

  it('keeps a session made on one instance valid on the other, and its end too', async () => {
    const worker = await createUser(t, { password: 'dua mesin satu basis', signedOut: true });
    const login = await post(a!, '/api/auth/login', { phone: worker.phone, password: 'dua mesin satu basis' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const me = await fetch(`${b!.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(worker.id);
    // Signed out on B (a same-origin write, as the browser sends it): A refuses the session at once.
    const logout = await fetch(`${b!.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: 'http://localhost:3000' } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${a!.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('runs each background job once, and numbers certificates gaplessly while both instances issue', async () => {
    const workers = await Promise.all(Array.from({ length: 16 }, () => createUser(t, { pillar: Pillar.TKSK, regionCode: '32.72.03', role: Role.PESERTA })));
    const [version] = (await db.query(`SELECT current_version_id AS id FROM courses WHERE slug = 'tksk-dasar'`)) as Array<{ id: string }>;
    // Enqueued from outside both instances (a third client), as any instance would: a job row, then a pg-boss message.
    const boss = new PgBoss({ connectionString: t.databaseUrl, max: 2 });
    await boss.start();
    const jobIds: string[] = [];
    try {
      await boss.createQueue(CERTIFICATE_ISSUE);
      const repository = t.app.get(JobsRepository);
      for (const worker of workers) {
        const request = { enrollmentId: randomUUID(), userId: worker.id, courseVersionId: version.id, completedAt: new Date().toISOString() };
        const jobId = await repository.insert(db.manager, { kind: CERTIFICATE_ISSUE, ownerId: null, regionCode: null, params: { requests: [request] }, input: null });
        await boss.send(CERTIFICATE_ISSUE, { jobId }, { retryLimit: 1 });
        jobIds.push(jobId);
      }
    } finally {
      await boss.stop({ graceful: false });
    }

    const deadline = Date.now() + 60_000;
    let done = 0;
    while (done < jobIds.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      [{ done }] = await db.query(`SELECT count(*)::int AS done FROM background_jobs WHERE id = ANY($1) AND status IN ('DONE', 'FAILED')`, [jobIds]);
    }
    const jobs = (await db.query(`SELECT status, result FROM background_jobs WHERE id = ANY($1)`, [jobIds])) as Array<{ status: string; result: { issued: number; existing: number } }>;
    expect(jobs.map((job) => job.status)).toEqual(Array(jobIds.length).fill('DONE'));
    // Each job's one request was issued by the run that did it: no run found its certificate already there.
    expect(jobs.map((job) => job.result)).toEqual(Array(jobIds.length).fill({ issued: 1, existing: 0 }));
    const [{ completed }] = await db.query(`SELECT count(*)::int AS completed FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [CERTIFICATE_ISSUE]);
    expect(completed).toBe(jobIds.length);

    const numbers = (await db.query(`SELECT sequence FROM certificates WHERE regency_code = '32.72' ORDER BY sequence`)) as Array<{ sequence: number }>;
    expect(numbers.map((row) => row.sequence)).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(numbers.length).toBeGreaterThanOrEqual(workers.length);
  }, 90_000);

  it('shares the sign-in limit: six attempts from one address over both instances, then 429 on either', async () => {
    // Behind the web's proxy the address is X-Forwarded-For; a phone of its own each time (not the per-phone wait).
    const from = { 'x-forwarded-for': '198.51.100.77' };
    const attempt = (instance: Instance, i: number) => post(instance, '/api/auth/login', { phone: `0812000011${String(i).padStart(2, '0')}`, password: 'bukan ini sandinya' }, from);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 === 0 ? a! : b!, i)).status);
    expect(statuses).toEqual(Array(6).fill(401));
    const refused = [await attempt(a!, 6), await attempt(b!, 7)];
    expect(refused.map((res) => res.status)).toEqual([429, 429]);
    expect(((await refused[1].json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused[1].headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
