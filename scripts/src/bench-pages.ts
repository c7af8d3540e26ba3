/**
 * `npm run bench:pages` (issue #22): the pages a worker opens, held against an empty route of the same server.
 * Builds what is stale and starts the whole app with `npm start`'s settings (scripts/src/start.ts: production build,
 * one process per core, JSON logs) on free ports with a throw-away database; seeds TKSK workers through the API
 * (roster import by the demo Dinsos admin, activation: each worker its own session), then runs autocannon with
 * CONNECTIONS (10) connections, each signed in as its own worker, for DURATION (20) seconds per target, in ROUNDS (3)
 * interleaved rounds, each target's first one after WARMUP (3) unmeasured seconds of the same requests:
 *
 *   web  :  lesson page, course page, test page, login page (anonymous), GET /ping (the web's empty route)
 *   API  :  GET /api/health/live (the API's empty route), the lesson page's one read on the API's port (signed in, with
 *           the lesson's ETag as the web sends it) and through the public origin (a private answer: the pass-through's
 *           own cost), a lesson as JSON on the API's port and through the public
 *           origin (as a browser asks, br/gzip accepted, and uncompressed), and a graded submit of a whole test (each
 *           request submits another open pre-test; SUBMITS per round, so a round ends when they are all submitted;
 *           SUBMIT_WARMUP more are submitted, unmeasured, before the first round's, so that the measured ones find the
 *           API warm; the rate is the submits over the time from the first request to the last answer), and two
 *           writes that show what any write can reach (write-open, write-min, below)
 *
 * and prints requests/s, p50/p95/p99, errors, the ratios page / empty web route and API route / empty API route, and
 * how many API calls each page made (counted from the API's request log, one page view at a time, before the load).
 *
 *   DURATION=5 ROUNDS=1 SUBMITS=300 npm run bench:pages     (a quick look)
 *   TARGETS=lesson,course,ping DURATION=5 ROUNDS=1 npm run bench:pages
 *
 * TARGETS (default `all`): target names or keys, comma-separated: lesson, course, test, login, ping, live, read-api,
 * read-web, json-api, json-br, json-identity, submit, write-open, write-min. A ratio whose base was left out shows a
 * dash.
 *
 * The writes beside the submit (decision 037): `write-open`, the cheapest learner write there is (a lesson marked
 * opened), and `write-min`, the ceiling of any authenticated write on this stack: the session looked up in the
 * database (writes never trust the session cache) and one small UPDATE without a transaction (DELETE of a session
 * that does not exist: its 404 counts as done).
 *
 * `APP_ROOT=<another checkout>` runs that checkout's app (its `npm start`, its builds) under this bench: A/B runs with
 * the same targets and counters. The environment reaches the app: `LEARNER_PAGE_CACHE=off` serves the lesson, course and test pages as Remix renders
 * them (decision 034's A/B); `APP_LOG=1 LEARNER_PAGE_CACHE_TRACE=1` prints the page cache's hits and misses.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpuSecondsByGroup } from './process-cpu';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/src/database/port';
import { median, sleep, stopProcessGroup, tsxArgs, waitFor } from './script-helpers';

/** The checkout whose app runs: this one, or another for an A/B run with the same bench (`APP_ROOT=/work/main`). */
const root = path.resolve(process.env.APP_ROOT ?? path.join(import.meta.dirname, '..', '..'));
const DURATION = Number(process.env.DURATION ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const SUBMITS = Number(process.env.SUBMITS ?? 1000);
const SUBMIT_WARMUP = Number(process.env.SUBMIT_WARMUP ?? 200);
/** Seconds of unmeasured requests before each other target's first round. */
const WARMUP = Number(process.env.WARMUP ?? 3);
/** `all`, or target names or short keys, comma-separated: `TARGETS=lesson,ping`. */
const TARGETS = (process.env.TARGETS ?? 'all')
  .split(',')
  .map((name) => name.trim().toLowerCase())
  .filter(Boolean);
const COURSE = 'tksk-dasar';
/** Courses a TKSK worker may take: each gives one pre-test to submit. */
const SUBMIT_COURSES = ['tksk-dasar', 'inti-pilar-sosial'];
const ADMIN = { phone: '081100000002', password: 'demo-dinsos-2026' };

interface Worker {
  phone: string;
  token: string;
}

interface Target {
  name: string;
  /** For TARGETS: a short name (`lesson`, `ping`, …). */
  key: string;
  /** `web` targets are held against the web's empty route, `api` ones against the API's. */
  side: 'web' | 'api';
  base: 'web' | 'api';
  path: string;
  /** The path connection i asks for, when it differs per worker (the test page: each worker's own attempt). */
  pathFor?: (i: number) => string;
  anonymous?: boolean;
  headers?: Record<string, string>;
  submit?: boolean;
  /** GET unless said. */
  method?: 'POST' | 'DELETE';
  /** The answer that counts as done, when it is not a 2xx (the smallest write: a 404 after its one statement). */
  okStatus?: number;
}

interface Run {
  target: string;
  round: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  errors: number;
  load1: number;
  /** CPU time the web's, the API's and PostgreSQL's processes spent per answered request (Linux; NaN elsewhere). */
  webCpuMs: number;
  apiCpuMs: number;
  dbCpuMs: number;
}

/**
 * CPU seconds used so far by the app's web processes, API processes and PostgreSQL's (every process under `rootPid`
 * whose command line names web/server.ts, api/dist/main.js or postgres; a backend that ended takes its time with it,
 * but the pools keep theirs). Null where /proc is not there.
 */
function appCpuSeconds(rootPid: number, dataDir: string): { web: number; api: number; db: number } | null {
  try {
    const groupOf = (commandLine: string) =>
      /server\.ts/.test(commandLine) ? 'web' : /dist\/main\.js/.test(commandLine) ? 'api' : /(^|\/)postgres\b/.test(commandLine) ? 'db' : null;
    const totals = cpuSecondsByGroup(rootPid, groupOf);
    return { web: totals.get('web') ?? 0, api: totals.get('api') ?? 0, db: (totals.get('db') ?? 0) + endedBackendsSeconds(dataDir) };
  } catch {
    return null;
  }
}

/** The app's CPU share, in one-second samples, below which it counts as idle (10 % of one core, all processes). */
const IDLE_CPU_SHARE = 0.1;
const IDLE_WAIT_MAX_MS = 120_000;

/**
 * Waits until the app is idle: the seeding leaves work behind (report rollups and other pg-boss jobs, autovacuum) that
 * would otherwise run during, and be counted in, the first targets' first round.
 */
async function waitUntilIdle(rootPid: number, dataDir: string): Promise<void> {
  const started = performance.now();
  const total = () => {
    const cpu = appCpuSeconds(rootPid, dataDir);
    return cpu ? cpu.web + cpu.api + cpu.db : NaN;
  };
  let before = total();
  while (performance.now() - started < IDLE_WAIT_MAX_MS) {
    await sleep(1000);
    const now = total();
    if (!(now - before >= IDLE_CPU_SHARE)) break;
    before = now;
  }
  console.log(`[bench:pages] app idle after ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * CPU seconds of PostgreSQL's ended processes: the postmaster's reaped children (`cutime` + `cstime` of the postgres
 * process started on our data folder). The pools close idle connections; without this their backends' time
 * would vanish from the running total when they end.
 */
function endedBackendsSeconds(dataDir: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!/(^|\/)postgres$/.test(argv[0]) || !argv.some((arg) => arg.startsWith(dataDir))) continue; // the postmaster, not a wrapper
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ ticks
    } catch {
      // gone meanwhile
    }
  }
  return 0;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** `count` TKSK workers in Citamiang, imported and activated: each has its own session token. */
async function seedWorkers(api: string, count: number, first: number): Promise<Worker[]> {
  const admin = await json<{ token: string }>(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const auth = { authorization: `Bearer ${admin.token}` };
  const phones = Array.from({ length: count }, (_, i) => `0858${String(first + i).padStart(8, '0')}`);
  const csv = ['nama;no_hp;pilar;kode_wilayah;nik;email', ...phones.map((phone, i) => `Pekerja Uji ${first + i};${phone};TKSK;32.72.03;;`)].join('\r\n');
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
  const imported = await fetch(`${api}/rosters`, { method: 'POST', headers: auth, body: form });
  if (!imported.ok) throw new Error(`roster import: ${imported.status} ${await imported.text()}`);
  const codes = await json<{ items: { phone: string; code: string }[] }>(`${api}/workers/activation-codes`, { method: 'POST', headers: auth });
  const codeOf = new Map(codes.items.map((item) => [item.phone, item.code]));
  const workers: Worker[] = [];
  for (let i = 0; i < phones.length; i += 10) {
    const batch = phones.slice(i, i + 10).map(async (phone) => {
      const international = `+62${phone.slice(1)}`;
      const code = codeOf.get(international);
      if (!code) throw new Error(`no activation code for ${international}`);
      const body = JSON.stringify({ phone, code, password: `Uji-beban-${randomBytes(6).toString('hex')}` });
      const { token } = await json<{ token: string }>(`${api}/auth/activate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { phone, token };
    });
    workers.push(...(await Promise.all(batch)));
  }
  return workers;
}

const bearer = (worker: Worker) => ({ authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' });

async function enroll(api: string, worker: Worker, course: string): Promise<string> {
  return (await json<{ id: string }>(`${api}/enrollments`, { method: 'POST', headers: bearer(worker), body: JSON.stringify({ course }) })).id;
}

interface OpenAttempt {
  id: string;
  token: string;
  body: string;
}

/** Starts a pre-test and answers every question (the first option; true for true/false): ready to submit. */
async function openPretest(api: string, worker: Worker, enrollmentId: string): Promise<OpenAttempt> {
  const attempt = await json<{ id: string; questions: { id: string; type: string }[] }>(`${api}/enrollments/${enrollmentId}/attempts`, {
    method: 'POST',
    headers: bearer(worker),
    body: JSON.stringify({ kind: 'pretest' }),
  });
  const answers = Object.fromEntries(attempt.questions.map((q) => [q.id, q.type === 'true_false' ? true : q.type === 'multiple' ? [0] : 0]));
  return { id: attempt.id, token: worker.token, body: JSON.stringify({ answers }) };
}

/**
 * Before a target's first measured run (outside its CPU count): SUBMIT_WARMUP unmeasured submits, or WARMUP seconds of
 * its requests, so that round 1 does not measure JIT compilation and cold caches.
 */
async function warmUp(target: Target, urls: { web: string; api: string }, workers: Worker[], pool: OpenAttempt[]): Promise<void> {
  if (target.submit) {
    if (SUBMIT_WARMUP > 0) await measureRun(target, urls, workers, pool.splice(0, SUBMIT_WARMUP), 0);
  } else if (WARMUP > 0) {
    await measureRun(target, urls, workers, [], WARMUP);
  }
}

/**
 * One autocannon run; each connection is one worker (its own cookie or bearer), latencies taken from every response.
 * A submit run takes `amount` requests, and autocannon notices the end only at its next one-second tick (its
 * `duration` is then whole seconds: 500 submits done in 1.2 s read as 250/s): its rate is counted over the time from
 * the first request to the last response instead.
 */
function measure(target: Target, urls: { web: string; api: string }, workers: Worker[], pool: OpenAttempt[]): Promise<Omit<Run, 'round' | 'load1' | 'webCpuMs' | 'apiCpuMs' | 'dbCpuMs'>> {
  return measureRun(target, urls, workers, target.submit ? pool.splice(0, SUBMITS) : [], DURATION);
}

/** `pool`: the open attempts this run submits (a submit run makes exactly that many requests); others last `seconds`. */
async function measureRun(target: Target, urls: { web: string; api: string }, workers: Worker[], pool: OpenAttempt[], seconds: number): Promise<Omit<Run, 'round' | 'load1' | 'webCpuMs' | 'apiCpuMs' | 'dbCpuMs'>> {
  const latencies: number[] = [];
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  let next = 0;
  let finished: (result: autocannon.Result) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const options: autocannon.Options = {
    url: urls[target.base],
    connections: CONNECTIONS,
    ...(target.submit ? { amount: pool.length } : { duration: seconds }),
    setupClient: (client) => {
      const index = next++ % workers.length;
      const worker = workers[index];
      const identity: Record<string, string> = target.anonymous ? {} : target.base === 'api' ? { authorization: `Bearer ${worker.token}` } : { cookie: `bimtek_session=${worker.token}` };
      if (target.submit) {
        client.setRequests([
          {
            method: 'POST',
            setupRequest: (request) => {
              const attempt = pool.shift();
              if (!attempt) return request;
              return { ...request, path: `/api/attempts/${attempt.id}/submit`, headers: { authorization: `Bearer ${attempt.token}`, 'content-type': 'application/json' }, body: attempt.body };
            },
          },
        ]);
      } else {
        client.setRequests([{ method: target.method ?? 'GET', path: target.pathFor?.(index) ?? target.path, headers: { ...identity, ...target.headers } }]);
      }
    },
  };
  const instance = autocannon(options, (error, result) => (error ? failed(error) : finished(result)));
  let okStatusAnswers = 0;
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    lastResponseAt = performance.now();
    if (status === target.okStatus) okStatusAnswers++;
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  const ok = target.okStatus ? okStatusAnswers : result['2xx'];
  const elapsed = target.submit ? (lastResponseAt - startedAt) / 1000 : seconds;
  return {
    target: target.name,
    perSecond: ok / elapsed,
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p95: Number(percentile(latencies, 95).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    ok,
    // With okStatus, every other answer is an error (a 2xx included).
    errors: result.errors + result.timeouts + (target.okStatus ? result.non2xx + result['2xx'] - okStatusAnswers : result.non2xx),
  };
}

/**
 * Counts the API's request-log lines (JSON, one per answered request; /api/health is not logged). With APP_LOG=1 the
 * app's other lines (start-up, warnings, a process that stopped) are shown too.
 */
function apiRequestCounter(output: NodeJS.ReadableStream): { count: () => number; pathsSince: (mark: number) => string[] } {
  const paths: string[] = [];
  let rest = '';
  output.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const match = /"msg":"request (?:completed|errored|aborted)"/.test(line) ? /"method":"(\w+)","path":"([^"]+)"/.exec(line) : null;
      if (match) paths.push(`${match[1]} ${match[2]}`);
      else if (process.env.APP_LOG === '1' && !line.includes('"msg":"request ')) console.log(`[app] ${line}`);
    }
  });
  return { count: () => paths.length, pathsSince: (mark) => paths.slice(mark) };
}

/** The targets TARGETS names (every one for `all`); an unknown name stops the run before anything starts. */
function chosenTargets(all: Target[]): Target[] {
  if (TARGETS.length === 0 || TARGETS.includes('all')) return all;
  const known = new Set(all.flatMap((target) => [target.key, target.name.toLowerCase()]));
  const unknown = TARGETS.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown TARGETS ${unknown.join(', ')}; known: all, ${all.map((target) => target.key).join(', ')}`);
  return all.filter((target) => TARGETS.includes(target.key) || TARGETS.includes(target.name.toLowerCase()));
}

/** Submit needs its pool of open pre-tests seeded; nothing else does. */
const submitChosen = () => TARGETS.length === 0 || TARGETS.includes('all') || TARGETS.includes('submit') || TARGETS.includes('submit, whole test graded (api port)');

const fmt = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
  const [port, apiPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-bench-pages-'));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const urls = { web: `http://127.0.0.1:${port}`, api: `http://127.0.0.1:${apiPort}` };
  const api = `${urls.web}/api`;
  console.log(`[bench:pages] starting the app (npm start's settings) on ${urls.web}…`);
  const app = spawn(process.execPath, tsxArgs(root, 'scripts/src/start.ts'), {
    // A process group of its own, as a terminal's job: stopped as a whole, whatever its processes do.
    detached: true,
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO_ACCOUNTS: 'true',
      PORT: String(port),
      API_PORT: String(apiPort),
      PGPORT: String(pgPort),
      BIMTEK_DATA_DIR: path.join(dataDir, 'pg'),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_FORMAT: 'json',
      AUTH_RATE_LIMIT: '1000000',
      // Lessons count as read at once here (the pages helper's minimum reading time); no effect where it is unknown.
      LEARNING_MIN_READING_SCALE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const counter = apiRequestCounter(app.stdout!);
  try {
    await waitFor(`${api}/health`, 300_000);
    await waitFor(`${urls.web}/masuk`, 60_000);

    const attemptsNeeded = submitChosen() ? SUBMITS * ROUNDS + SUBMIT_WARMUP : 0;
    const submitWorkers = Math.ceil(attemptsNeeded / SUBMIT_COURSES.length);
    console.log(`[bench:pages] seeding ${CONNECTIONS} page workers and ${submitWorkers} workers with ${attemptsNeeded} open pre-tests…`);
    const started = performance.now();
    const workers = await seedWorkers(`${urls.api}/api`, CONNECTIONS, 1);
    const outline = await json<{ modules: { lessons: { id: string }[] }[] }>(`${api}/courses/${COURSE}`);
    const lessonId = outline.modules[0].lessons[0].id;
    const lessonEtag = (await fetch(`${urls.api}/api/courses/${COURSE}/lessons/${lessonId}`)).headers.get('etag') ?? '';
    const pageState: { enrollmentId: string; attemptId: string }[] = [];
    for (const worker of workers) {
      const enrollmentId = await enroll(`${urls.api}/api`, worker, COURSE);
      pageState.push({ enrollmentId, attemptId: (await openPretest(`${urls.api}/api`, worker, enrollmentId)).id });
    }
    const pool: OpenAttempt[] = [];
    const submitters = await seedWorkers(`${urls.api}/api`, submitWorkers, 100_000);
    for (let i = 0; i < submitters.length; i += 10) {
      const batch = submitters.slice(i, i + 10).flatMap((worker) =>
        SUBMIT_COURSES.map(async (course) => openPretest(`${urls.api}/api`, worker, await enroll(`${urls.api}/api`, worker, course))),
      );
      pool.push(...(await Promise.all(batch)));
    }
    console.log(`[bench:pages] seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await waitUntilIdle(app.pid!, dataDir);

    // The test page differs per worker (its enrollment and attempt): each connection opens its own worker's.
    const first = pageState[0];
    const allTargets: Target[] = [
      { name: 'lesson page', key: 'lesson', side: 'web', base: 'web', path: `/kursus/${COURSE}/pelajaran/${lessonId}` },
      { name: 'course page', key: 'course', side: 'web', base: 'web', path: `/kursus/${COURSE}` },
      {
        name: 'test page',
        key: 'test',
        side: 'web',
        base: 'web',
        path: `/ujian/${first.enrollmentId}/pretest?percobaan=${first.attemptId}`,
        pathFor: (i) => `/ujian/${pageState[i].enrollmentId}/pretest?percobaan=${pageState[i].attemptId}`,
      },
      { name: 'login page (anonymous)', key: 'login', side: 'web', base: 'web', path: '/masuk', anonymous: true },
      { name: 'empty web route /ping', key: 'ping', side: 'web', base: 'web', path: '/ping', anonymous: true },
      { name: 'empty API route /api/health/live', key: 'live', side: 'api', base: 'api', path: '/api/health/live', anonymous: true },
      {
        // What the lesson page asks of the API (decision 022), with the lesson's ETag the web holds: the API's share.
        name: 'lesson page read, API port',
        key: 'read-api',
        side: 'api',
        base: 'api',
        path: `/api/learner/courses/${COURSE}/lessons/${lessonId}?lessonEtag=${encodeURIComponent(lessonEtag)}`,
      },
      {
        // The same read through the public origin, as a browser's script would ask it (cookie): the pass-through's own
        // cost, on an answer it may not keep (private to the worker).
        name: 'lesson page read, public origin',
        key: 'read-web',
        side: 'api',
        base: 'web',
        path: `/api/learner/courses/${COURSE}/lessons/${lessonId}?lessonEtag=${encodeURIComponent(lessonEtag)}`,
        headers: { 'accept-encoding': 'br, gzip' },
      },
      { name: 'lesson JSON, API port', key: 'json-api', side: 'api', base: 'api', path: `/api/courses/${COURSE}/lessons/${lessonId}`, anonymous: true },
      {
        name: 'lesson JSON, public origin (br/gzip)',
        key: 'json-br',
        side: 'api',
        base: 'web',
        path: `/api/courses/${COURSE}/lessons/${lessonId}`,
        anonymous: true,
        headers: { 'accept-encoding': 'br, gzip' },
      },
      { name: 'lesson JSON, public origin (identity)', key: 'json-identity', side: 'api', base: 'web', path: `/api/courses/${COURSE}/lessons/${lessonId}`, anonymous: true },
      { name: 'submit, whole test graded (API port)', key: 'submit', side: 'api', base: 'api', path: '', submit: true },
      {
        // The cheapest learner write that exists (decision 037): the lesson marked opened, each connection its own
        // worker's enrollment (a transaction: lock, insert-or-nothing, update, two reads for the answer).
        name: 'lesson opened, learner write (API port)',
        key: 'write-open',
        side: 'api',
        base: 'api',
        method: 'POST',
        path: `/api/enrollments/${first.enrollmentId}/lessons/${lessonId}/open`,
        pathFor: (i) => `/api/enrollments/${pageState[i].enrollmentId}/lessons/${lessonId}/open`,
      },
      {
        // The ceiling of ANY authenticated write (decision 037): a write's session lookup (writes never use the
        // session cache, decision 035) and one small UPDATE, outside a transaction — ending a session that is not
        // there (404 is its answer, counted as done). No write route can cost less on this stack.
        name: 'smallest authenticated write, session + 1 UPDATE (API port)',
        key: 'write-min',
        side: 'api',
        base: 'api',
        method: 'DELETE',
        path: '/api/auth/sessions/00000000-0000-4000-8000-000000000000',
        okStatus: 404,
      },
    ];
    const targets = chosenTargets(allTargets);

    // API calls per page: one view at a time with nothing else running, counted in the API's request log (after the
    // seeding's last log lines have come through).
    await sleep(3000);
    const calls: string[] = [];
    for (const target of targets.filter((t) => t.side === 'web')) {
      const mark = counter.count();
      const response = await fetch(`${urls.web}${target.path}`, { headers: target.anonymous ? {} : { cookie: `bimtek_session=${workers[0].token}` }, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}`);
      await sleep(1500); // the API writes its log asynchronously; start.ts passes it on line by line
      const paths = counter.pathsSince(mark);
      calls.push(`| ${target.name} | ${paths.length} | ${paths.join(', ') || '–'} |`);
    }
    console.log('\n| page | API calls | which |\n|---|---|---|');
    for (const line of calls) console.log(line);

    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        if (round === 1) await warmUp(target, urls, workers, pool);
        const load1 = loadavg()[0];
        const cpuBefore = appCpuSeconds(app.pid!, dataDir);
        const result = await measure(target, urls, workers, pool);
        const cpuAfter = appCpuSeconds(app.pid!, dataDir);
        const perRequest = (side: 'web' | 'api' | 'db') => (cpuBefore && cpuAfter && result.ok > 0 ? ((cpuAfter[side] - cpuBefore[side]) * 1000) / result.ok : NaN);
        const [webCpuMs, apiCpuMs, dbCpuMs] = [perRequest('web'), perRequest('api'), perRequest('db')];
        runs.push({ ...result, round, load1, webCpuMs, apiCpuMs, dbCpuMs });
        console.log(
          `[bench:pages] round ${round} ${target.name}: ${fmt(result.perSecond)}/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, errors ${result.errors}, CPU per request web ${fmt(webCpuMs, 2)} ms + API ${fmt(apiCpuMs, 2)} ms + PostgreSQL ${fmt(dbCpuMs, 2)} ms (load ${fmt(load1, 2)})`,
        );
        await sleep(2000);
      }
    }
    report(targets, runs);
  } finally {
    // Ctrl-C, then wait until no process of the app is left (killed after a bounded wait) before deleting its data.
    await stopProcessGroup(app, 'SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `rate` as a share of `base`; a dash when the base was not measured (TARGETS left it out). */
function percentOf(rate: number, base: number | undefined, name: string): string {
  return base ? `${fmt((rate / base) * 100, 0)} % of ${name}` : `– (${name} not measured)`;
}

function report(targets: Target[], runs: Run[]): void {
  const medianOf = (name: string) => {
    const mine = runs.filter((run) => run.target === name);
    const rate = mine.length > 0 ? median(mine.map((run) => run.perSecond)) : undefined;
    return { rate, mine, median: mine.find((run) => run.perSecond === rate)! };
  };
  const emptyWeb = medianOf('empty web route /ping').rate;
  const emptyApi = medianOf('empty API route /api/health/live').rate;
  const directLesson = medianOf('lesson JSON, API port').rate;
  const directRead = medianOf('lesson page read, API port').rate;
  console.log(`\n${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections (submit: ${SUBMITS} per round); median round shown\n`);
  console.log('| target | ok/s (rounds) | median ok/s | p50 / p95 / p99 ms | errors | ratio | CPU ms per request, web + API + PostgreSQL | load1 at start |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const target of targets) {
    const { rate = 0, mine, median: run } = medianOf(target.name);
    const ratio =
      target.name.startsWith('lesson JSON, public origin')
        ? percentOf(rate, directLesson, 'the API port')
        : target.key === 'read-web'
          ? percentOf(rate, directRead, 'the API port')
        : target.side === 'web'
          ? percentOf(rate, emptyWeb, '/ping')
          : percentOf(rate, emptyApi, '/api/health/live');
    const errors = mine.reduce((sum, r) => sum + r.errors, 0);
    console.log(`| ${target.name} | ${mine.map((r) => fmt(r.perSecond)).join(' / ')} | ${fmt(rate)} | ${run.p50} / ${run.p95} / ${run.p99} | ${errors} | ${ratio} | ${fmt(run.webCpuMs, 2)} + ${fmt(run.apiCpuMs, 2)} + ${fmt(run.dbCpuMs, 2)} | ${mine.map((r) => fmt(r.load1, 2)).join(' / ')} |`);
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:pages] ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
