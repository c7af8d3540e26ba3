/**
 * `npm run bench:auth` (issues #19 and #22): the fixed cost of an authenticated API request, held against the API's
 * empty route. Builds the API when stale, starts it alone (`api/dist/main.js`, API_CONCURRENCY processes, JSON logs,
 * production-like settings) on a free port with a throw-away embedded PostgreSQL, signs a demo worker in once per
 * connection (each connection its own session, as bench:pages does; the six demo workers in turn), then runs
 * autocannon against, interleaved in ROUNDS rounds of DURATION seconds with CONNECTIONS connections:
 *
 *   live     GET /api/health/live   the empty route (no session, no statement)
 *   me       GET /api/me            the session lookup and the caller's account
 *   sessions GET /api/auth/sessions the session lookup and one statement (the caller's live sessions)
 *
 * and prints requests/s, p50/p95, the CPU time per request of the API's processes and of PostgreSQL's (read from
 * /proc) and each route's ratio to the empty route, rate and API CPU alike, with the 1-minute load average at the start of each run.
 *
 *   DURATION=5 ROUNDS=2 npm run bench:auth                  (a quick look)
 *   API_CONCURRENCY=1 CPU_PROFILE=/tmp/prof TARGETS=me npm run bench:auth   (a CPU profile of the API under /api/me)
 *   API_DIR=/tmp/before/api npm run bench:auth               (another built checkout's API, for A/B runs)
 */
import autocannon from 'autocannon';
import { execSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpuSecondsByGroup } from './process-cpu';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '../../api/src/database/embedded';
import { freePort } from '../../api/src/database/port';
import { median, newestMtime, sleep, waitFor } from './script-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const API_CONCURRENCY = process.env.API_CONCURRENCY ?? '2';
/** A folder for `node --cpu-prof` profiles of the API processes (one file per process), or unset. */
const CPU_PROFILE = process.env.CPU_PROFILE;
/** The API to run: this checkout's by default; another built checkout's for an A/B run (`API_DIR=/tmp/before/api`). */
const API_DIR = path.resolve(process.env.API_DIR ?? path.join(root, 'api'));
/** The demo workers (decision 004's demo accounts): connection i signs in as the (i mod 6)th, so each has ≤ 2 sessions. */
const WORKER_PHONES = ['081100000004', '081100000005', '081100000006', '081100000007', '081100000008', '081100000009'];
const WORKER_PASSWORD = 'demo-peserta-2026';

interface Target {
  key: string;
  path: string;
  anonymous?: boolean;
}

const ALL_TARGETS: Target[] = [
  { key: 'live', path: '/api/health/live', anonymous: true },
  { key: 'me', path: '/api/me' },
  { key: 'sessions', path: '/api/auth/sessions' },
];
const TARGETS = (process.env.TARGETS ?? 'all').split(',').map((name) => name.trim());

interface Run {
  key: string;
  round: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
  /** CPU time the API's processes and PostgreSQL's spent per answered request. */
  cpuMs: number;
  pgCpuMs: number;
  load1: number;
}

/** CPU seconds used so far by every process under `rootPid` (itself included) whose command line includes `command`. */
function cpuSeconds(rootPid: number, command: string): number {
  return cpuSecondsByGroup(rootPid, (commandLine) => (commandLine.includes(command) ? 'matched' : null)).get('matched') ?? 0;
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function buildApiIfStale(): void {
  const built = existsSync(path.join(root, 'api/dist/main.js')) ? statSync(path.join(root, 'api/dist/main.js')).mtimeMs : 0;
  if (built >= newestMtime(path.join(root, 'api/src'))) return;
  console.log('[bench:auth] building the API…');
  execSync('npm run build -w api', { cwd: root, stdio: 'inherit' });
}

/** One session per connection: the demo workers sign in in turn, CONNECTIONS times in all. */
async function signIn(api: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const body = JSON.stringify({ phone: WORKER_PHONES[i % WORKER_PHONES.length], password: WORKER_PASSWORD });
    const response = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
    tokens.push(((await response.json()) as { token: string }).token);
  }
  return tokens;
}

async function measure(target: Target, url: string, tokens: string[]): Promise<Omit<Run, 'round' | 'cpuMs' | 'pgCpuMs' | 'load1'>> {
  let next = 0;
  const latencies: number[] = [];
  let finished: (result: autocannon.Result) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const options: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    setupClient: (client) => {
      const token = tokens[next++ % tokens.length];
      client.setRequests([{ method: 'GET', path: target.path, headers: target.anonymous ? {} : { authorization: `Bearer ${token}` } }]);
    },
  };
  const instance = autocannon(options, (error, result) => (error ? failed(error) : finished(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await done;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2));
  return {
    key: target.key,
    perSecond: result['2xx'] / DURATION,
    p50: percentile(50),
    p95: percentile(95),
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  const targets = TARGETS.includes('all') ? ALL_TARGETS : ALL_TARGETS.filter((target) => TARGETS.includes(target.key));
  if (targets.length === 0) throw new Error(`TARGETS: choose among all, ${ALL_TARGETS.map((t) => t.key).join(', ')}`);
  if (API_DIR === path.join(root, 'api')) buildApiIfStale();
  const [apiPort, pgPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-bench-auth-'));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  console.log(`[bench:auth] starting PostgreSQL and the API (API_CONCURRENCY=${API_CONCURRENCY}) on port ${apiPort}…`);
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: pgPort });
  await ensureDatabase(database.serverUrl, 'bimtek');
  // A profile is written only when node exits on its own: on SIGTERM the preload exits before Nest re-raises it.
  const exitOnTerm = path.join(dataDir, 'exit-on-term.cjs');
  writeFileSync(exitOnTerm, "process.once('SIGTERM', () => process.exit(0));\n");
  const nodeFlags = CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE}`, '--require', exitOnTerm] : [];
  const app = spawn(process.execPath, [...nodeFlags, 'dist/main.js'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_ACCOUNTS: 'true',
      DATABASE_URL: database.urlFor('bimtek'),
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      API_CONCURRENCY,
      PUBLIC_URL: 'http://localhost:3000',
      LOG_FORMAT: 'json',
      AUTH_RATE_LIMIT: '1000000',
      BIMTEK_SECRETS_DIR: path.join(dataDir, 'secrets'),
    },
    // The request log (one JSON line per request) is read and dropped, as a log shipper would.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  app.stdout!.resume();
  const url = `http://127.0.0.1:${apiPort}`;
  try {
    await waitFor(`${url}/api/health`, 300_000);
    const tokens = await signIn(`${url}/api`);
    // Warm every process's connections and prepared statements before measuring.
    for (const target of targets) await measure(target, url, tokens).catch(() => undefined);
    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const load1 = loadavg()[0];
        const apiBefore = cpuSeconds(app.pid!, 'dist/main.js');
        const pgBefore = cpuSeconds(process.pid, 'postgres');
        const result = await measure(target, url, tokens);
        const ok = result.perSecond * DURATION;
        const perRequest = (seconds: number) => (ok > 0 ? (seconds * 1000) / ok : NaN);
        const cpuMs = perRequest(cpuSeconds(app.pid!, 'dist/main.js') - apiBefore);
        const pgCpuMs = perRequest(cpuSeconds(process.pid, 'postgres') - pgBefore);
        runs.push({ ...result, round, cpuMs, pgCpuMs, load1 });
        console.log(
          `[bench:auth] round ${round} ${target.path}: ${fmt(result.perSecond)}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, errors ${result.errors}, CPU per request API ${fmt(cpuMs, 3)} ms + PostgreSQL ${fmt(pgCpuMs, 3)} ms (load ${fmt(load1, 2)})`,
        );
        await sleep(1000);
      }
    }
    report(targets, runs);
  } finally {
    const exited = new Promise((resolve) => app.on('exit', resolve));
    app.kill('SIGTERM');
    await exited;
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(targets: Target[], runs: Run[]): void {
  const medianOf = (key: string) => {
    const mine = runs.filter((run) => run.key === key);
    return { mine, rate: median(mine.map((run) => run.perSecond)), cpu: median(mine.map((run) => run.cpuMs)), pgCpu: median(mine.map((run) => run.pgCpuMs)) };
  };
  const empty = runs.some((run) => run.key === 'live') ? medianOf('live') : null;
  console.log(`\n${API_DIR}: ${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections, API_CONCURRENCY=${API_CONCURRENCY}; medians over rounds\n`);
  console.log('| route | ok/s (rounds) | median ok/s | p50 / p95 ms (median round) | errors | rate vs empty | API CPU ms/request | API CPU vs empty | PostgreSQL CPU ms/request | load1 at start |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const target of targets) {
    const { mine, rate, cpu, pgCpu } = medianOf(target.key);
    const middle = mine.find((run) => run.perSecond === rate)!;
    const errors = mine.reduce((sum, run) => sum + run.errors, 0);
    const rateRatio = empty ? `${fmt((rate / empty.rate) * 100, 0)} %` : '–';
    const cpuRatio = empty ? `${fmt(cpu / empty.cpu, 2)}×` : '–';
    console.log(
      `| GET ${target.path} | ${mine.map((run) => fmt(run.perSecond)).join(' / ')} | ${fmt(rate)} | ${middle.p50} / ${middle.p95} | ${errors} | ${rateRatio} | ${fmt(cpu, 3)} | ${cpuRatio} | ${fmt(pgCpu, 3)} | ${mine.map((run) => fmt(run.load1, 2)).join(' / ')} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:auth] ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
