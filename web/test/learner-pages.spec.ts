import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * Decision 034: the lesson and course pages served from HTML Remix rendered once. Two real web servers (the production
 * build, `tsx server.ts`) run against one fake API: one with the page cache, one without (`LEARNER_PAGE_CACHE=off`,
 * every page rendered by Remix as before). A page the first serves from its cache must be byte for byte what the
 * second renders for the same worker and state, carry none of another worker's values, follow every change of state,
 * and cost one API call, hit or miss. Builds the web first when its build is older than its sources (as `npm start`).
 */
jest.setTimeout(60_000);

const webDir = path.join(__dirname, '..');
const L = '33333333-3333-4333-8333-333333333333';
const LESSON_PATH = `/kursus/inti/pelajaran/${L}`;

interface Worker {
  token: string;
  id: string;
  name: string;
  phone: string;
  nik: string;
  enrollment: string;
  opened: string;
}
const A: Worker = { token: 'token-a', id: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Siti Aminah', phone: '+6281200000001', nik: '7301', enrollment: 'eeeeeeee-0000-4000-8000-00000000000a', opened: 'mhq1x2a.' + 'a'.repeat(43) };
const B: Worker = { token: 'token-b', id: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Budi Santoso', phone: '+6281200000002', nik: '7302', enrollment: 'eeeeeeee-0000-4000-8000-00000000000b', opened: 'mhq1x2b.' + 'b'.repeat(43) };
const C: Worker = { token: 'token-c', id: 'cccccccc-0000-4000-8000-00000000000c', name: 'Cahya', phone: '+6281200000003', nik: '7303', enrollment: 'eeeeeeee-0000-4000-8000-00000000000c', opened: 'mhq1x2c.' + 'c'.repeat(43) };
const WORKERS = [A, B, C];

/** What the fake API says; tests change it to change a worker's state or publish a new version. */
const state = {
  finished: new Set<string>(),
  /** Workers with a post-test attempt open. */
  attempting: new Set<string>(),
  enrolled: new Set<string>([A.id, B.id]),
  lessonVersion: 1,
  calls: [] as string[],
};

function userOf(worker: Worker) {
  const createdAt = `2026-01-0${WORKERS.indexOf(worker) + 1}T00:00:00Z`;
  return { id: worker.id, name: worker.name, phone: worker.phone, email: null, role: 'PESERTA', pillar: 'TKSK', regionCode: '32.72.03', regionName: 'Citamiang', status: 'ACTIVE', nikLast4: worker.nik, createdAt };
}

function lessonBody() {
  return {
    id: L, slug: '01', title: `Pelajaran versi ${state.lessonVersion}`, minutes: 10, position: 1, html: `<p>isi versi ${state.lessonVersion}</p>`, module: { position: 1, title: 'Modul' },
    course: { slug: 'inti', title: 'Inti', version: 1, versionId: 'v1', lessonCount: 1 }, previous: null, next: null,
  };
}

const outline = {
  slug: 'inti', title: 'Inti', summary: 'Ringkasan', pillars: ['SEMUA'], hours: 2, moduleCount: 1, lessonCount: 1, totalMinutes: 10, version: 1, versionId: 'v1', publishedAt: null,
  modules: [{ position: 1, title: 'Modul', lessons: [{ id: L, slug: '01', title: 'Pelajaran', minutes: 10 }] }],
  pretest: { questionCount: 10, timeLimitMinutes: null }, posttest: { questionCount: 10, timeLimitMinutes: 30, passMark: 70, maxAttempts: 3 }, practice: [], certificate: { validityMonths: 24 },
};

function enrollmentDetail(worker: Worker) {
  const finished = state.finished.has(worker.id);
  return {
    id: worker.enrollment,
    course: { slug: 'inti', title: 'Inti', version: 1, versionId: 'v1' },
    status: 'ACTIVE', source: 'SELF', cycle: 1,
    progress: { lessonsFinished: finished ? 1 : 0, lessonCount: 1, percent: finished ? 100 : 0 },
    nextStep: finished ? 'POSTTEST' : 'LESSON', dueAt: null, enrolledAt: '2026-01-01T00:00:00Z', completedAt: null,
    resumeLessonId: finished ? null : L, finishedLessonIds: finished ? [L] : [],
    pretest: { score: 50, submittedAt: null, openAttemptId: null, questionCount: 10, timeLimitMinutes: null },
    posttest: state.attempting.has(worker.id)
      ? { bestScore: null, passed: false, passMark: 70, attemptsUsed: 1, maxAttempts: 3, attemptsLeft: 2, openAttemptId: attemptOf(worker), available: true, questionCount: 10, timeLimitMinutes: 30 }
      : { bestScore: null, passed: false, passMark: 70, attemptsUsed: 0, maxAttempts: 3, attemptsLeft: 3, openAttemptId: null, available: finished, questionCount: 10, timeLimitMinutes: 30 },
    gain: null, attempts: [],
  };
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://api.test');
  state.calls.push(`${req.method} ${url.pathname}`);
  const worker = WORKERS.find((one) => req.headers.authorization === `Bearer ${one.token}`);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!worker) return send(401, { code: 'AUTH_REQUIRED' });
  const enrolled = state.enrolled.has(worker.id);
  if (url.pathname === '/api/learner/courses/inti') {
    return send(200, { user: userOf(worker), outlineEtag: '"v-1"', outline: url.searchParams.get('outlineEtag') === '"v-1"' ? null : outline, enrollment: enrolled ? enrollmentDetail(worker) : null });
  }
  if (url.pathname === `/api/learner/courses/inti/lessons/${L}`) {
    const etag = `"l-${state.lessonVersion}"`;
    return send(200, {
      user: userOf(worker),
      lessonEtag: etag,
      lesson: url.searchParams.get('lessonEtag') === etag ? null : lessonBody(),
      enrollment: enrolled ? { id: worker.enrollment, finished: state.finished.has(worker.id), openedToken: worker.opened } : null,
    });
  }
  if (url.pathname === `/api/learner/tests/${worker.enrollment}/pretest` && enrolled) {
    const attemptId = url.searchParams.get('attempt');
    return send(200, { user: userOf(worker), enrollment: enrollmentDetail(worker), attempt: attemptId === attemptOf(worker) ? attemptBody(worker) : null });
  }
  send(404, { code: 'NOT_FOUND' });
}

const attemptOf = (worker: Worker) => worker.enrollment.replace('eeeeeeee', 'aaaaaaaa');

function attemptBody(worker: Worker) {
  return {
    id: attemptOf(worker), enrollmentId: worker.enrollment, kind: 'pretest', number: 1, startedAt: '2026-01-01T00:00:00Z', deadline: null, result: null,
    questions: [
      { id: 'q1', type: 'single', prompt: 'Apa tugas TKSK?', options: ['Mendampingi', 'Menghitung'] },
      { id: 'q2', type: 'true_false', prompt: 'PSM bekerja di desa.', options: [] },
    ],
  };
}

let api: Server;
let apiUrl: string;
const webs: { cached?: Web; plain?: Web } = {};

interface Web {
  url: string;
  process: ChildProcess;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const url = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return Number(new URL(url).port);
}

async function startWeb(cache: 'on' | 'off'): Promise<Web> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server.ts'], {
    cwd: webDir,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', API_URL: apiUrl, PUBLIC_URL: url, WEB_CONCURRENCY: '1', LEARNER_PAGE_CACHE: cache, LEARNER_PAGE_CACHE_TRACE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Web ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`web server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/** The pages come from the production build: rebuilt when a source is newer (scripts/src/start.ts does the same). */
function buildIfStale(): void {
  const output = path.join(webDir, 'build', 'server', 'index.js');
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const changed = Math.max(...['app', 'vite.config.ts', 'public'].map((source) => newestMtime(path.join(webDir, source))));
  if (built < changed) execSync('npm run build', { cwd: webDir, stdio: 'ignore' });
}

beforeAll(async () => {
  buildIfStale();
  api = createServer(answer);
  apiUrl = await listen(api);
  [webs.cached, webs.plain] = await Promise.all([startWeb('on'), startWeb('off')]);
}, 300_000);

afterAll(async () => {
  for (const web of [webs.cached, webs.plain]) {
    if (!web) continue;
    const exited = new Promise((resolve) => web.process.on('exit', resolve));
    web.process.kill('SIGTERM');
    await exited;
  }
  await new Promise((resolve) => api.close(resolve));
});

beforeEach(() => {
  state.finished.clear();
  state.attempting.clear();
  state.enrolled = new Set([A.id, B.id]);
  state.calls = [];
});

interface Page {
  status: number;
  html: string;
  headers: Headers;
  /** hit or miss when the page cache looked at it; null when the request went to Remix untouched. */
  cache: string | null;
  calls: string[];
}

async function open(web: Web | undefined, pagePath: string, worker: Worker | null, init: { cookie?: string; method?: string } = {}): Promise<Page> {
  const cookies = [worker ? `bimtek_session=${worker.token}` : '', init.cookie ?? ''].filter(Boolean).join('; ');
  const before = state.calls.length;
  const response = await fetch(web!.url + pagePath, { method: init.method ?? 'GET', headers: cookies ? { cookie: cookies } : {}, redirect: 'manual' });
  const html = await response.text();
  return { status: response.status, html, headers: response.headers, cache: response.headers.get('x-page-cache'), calls: state.calls.slice(before) };
}

/** The same page from both servers: the cached server's answer, and what Remix renders for it. */
async function both(pagePath: string, worker: Worker, init: { cookie?: string } = {}): Promise<{ cached: Page; rendered: Page }> {
  const cached = await open(webs.cached, pagePath, worker, init);
  const rendered = await open(webs.plain, pagePath, worker, init);
  return { cached, rendered };
}

const valuesOf = (worker: Worker) => [worker.id, worker.enrollment, worker.opened, worker.name, worker.phone, worker.token, worker.nik];

function expectNothingOf(html: string, other: Worker): void {
  for (const value of valuesOf(other)) expect(html).not.toContain(value);
}

describe('the lesson page from the page cache', () => {
  it('is byte for byte what Remix renders, for each of two workers at one lesson, with one API call each', async () => {
    const first = await both(LESSON_PATH, A);
    expect(first.cached.cache).toBe('miss');
    expect(first.cached.calls).toEqual([`GET /api/learner/courses/inti/lessons/${L}`]);
    expect(first.cached.html).toBe(first.rendered.html);

    const second = await both(LESSON_PATH, B);
    expect(second.cached.cache).toBe('hit');
    expect(second.cached.calls).toEqual([`GET /api/learner/courses/inti/lessons/${L}`]);
    expect(second.cached.html).toBe(second.rendered.html);
    expect(second.rendered.calls).toHaveLength(1);

    // Worker B's page holds B's values and none of A's (ids, token, name, phone).
    expect(second.cached.html).toContain(`data-session="${B.id}"`);
    expect(second.cached.html).toContain(`value="${B.enrollment}"`);
    expect(second.cached.html).toContain(`value="${B.opened}"`);
    expectNothingOf(second.cached.html, A);
    expectNothingOf(first.cached.html, B);
  });

  it('sends the headers Remix sends, with this response’s own CSP nonce', async () => {
    await open(webs.cached, LESSON_PATH, A);
    const { cached, rendered } = await both(LESSON_PATH, B);
    expect(cached.cache).toBe('hit');
    const names = (page: Page) => [...page.headers.keys()].filter((name) => !['date', 'x-page-cache', 'content-length', 'transfer-encoding'].includes(name)).sort();
    expect(names(cached)).toEqual(names(rendered));
    for (const name of names(rendered).filter((one) => one !== 'content-security-policy')) expect([name, cached.headers.get(name)]).toEqual([name, rendered.headers.get(name)]);
    const nonce = (page: Page) => /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
    const again = await open(webs.cached, LESSON_PATH, B);
    expect(nonce(cached)).toBeTruthy();
    expect(nonce(again)).not.toBe(nonce(cached));
    expect(cached.headers.get('content-security-policy')!.replace(nonce(cached)!, 'N')).toBe(rendered.headers.get('content-security-policy')!.replace(nonce(rendered)!, 'N'));
    expect(cached.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('is compressed as the other pages are', async () => {
    await open(webs.cached, LESSON_PATH, A);
    const response = await fetch(webs.cached!.url + LESSON_PATH, { headers: { cookie: `bimtek_session=${B.token}`, 'accept-encoding': 'gzip' } });
    expect(response.headers.get('x-page-cache')).toBe('hit');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    const html = await response.text(); // fetch decodes the gzip it asked for
    expect(html).toBe((await open(webs.plain, LESSON_PATH, B)).html);
  });

  it('follows a change of state: lesson finished, locale switched, a new published version', async () => {
    const english = `lng=${encodeURIComponent(Buffer.from(JSON.stringify('en')).toString('base64'))}`;
    const en = await both(LESSON_PATH, A, { cookie: english });
    expect(en.cached.cache).toBe('miss');
    expect(en.cached.html).toBe(en.rendered.html);
    expect(en.cached.html).toContain('<html lang="en"');
    const enB = await both(LESSON_PATH, B, { cookie: english });
    expect(enB.cached.cache).toBe('hit');
    expect(enB.cached.html).toBe(enB.rendered.html);

    await open(webs.cached, LESSON_PATH, A);
    state.finished.add(B.id);
    const finished = await both(LESSON_PATH, B);
    expect(finished.cached.cache).toBe('miss');
    expect(finished.cached.html).toBe(finished.rendered.html);
    expect(finished.cached.html).toContain('badge--ok');
    expect((await open(webs.cached, LESSON_PATH, A)).html).not.toContain('badge--ok');

    state.lessonVersion = 2;
    const published = await both(LESSON_PATH, A);
    expect(published.cached.cache).toBe('miss');
    expect(published.cached.html).toBe(published.rendered.html);
    expect(published.cached.html).toContain('isi versi 2');
    expect(published.cached.calls).toHaveLength(1);
    state.lessonVersion = 1;
  });

  it('leaves requests it does not handle to Remix', async () => {
    for (const [pagePath, worker, method] of [
      [`${LESSON_PATH}?lng=en`, A, 'GET'],
      [LESSON_PATH, null, 'GET'],
      [LESSON_PATH, A, 'HEAD'],
      [`${LESSON_PATH}.data`, A, 'GET'],
    ] as const) {
      const page = await open(webs.cached, pagePath, worker, { method });
      expect([pagePath, method, page.cache]).toEqual([pagePath, method, null]);
    }
  });
});

describe('the course page from the page cache', () => {
  const normaliseKey = (html: string) => html.replace(/name="idempotencyKey" value="[0-9a-f-]{36}"/g, 'name="idempotencyKey" value="K"');

  it('is what Remix renders for enrolled workers, and shows each worker only their own enrollment', async () => {
    const first = await both('/kursus/inti', A);
    expect(first.cached.html).toBe(first.rendered.html);
    expect(first.cached.calls).toEqual(['GET /api/learner/courses/inti']);
    const second = await both('/kursus/inti', B);
    expect(second.cached.cache).toBe('hit');
    expect(second.cached.html).toBe(second.rendered.html);
    expect(second.cached.html).toContain(`/ujian/${B.enrollment}/pretest`);
    expectNothingOf(second.cached.html, A);
    expect(second.cached.calls).toEqual(['GET /api/learner/courses/inti']);
  });

  it('gives a worker not enrolled a fresh enrol key on every request, and the enrolled page after enrolling', async () => {
    const first = await both('/kursus/inti', C);
    const again = await open(webs.cached, '/kursus/inti', C);
    expect(again.cache).toBe('hit');
    expect(normaliseKey(first.cached.html)).toBe(normaliseKey(first.rendered.html));
    expect(normaliseKey(again.html)).toBe(normaliseKey(first.rendered.html));
    const keyOf = (html: string) => /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html)?.[1];
    expect(keyOf(again.html)).toBeTruthy();
    expect(keyOf(again.html)).not.toBe(keyOf(first.cached.html));

    state.enrolled.add(C.id);
    const enrolled = await both('/kursus/inti', C);
    expect(enrolled.cached.html).toBe(enrolled.rendered.html);
    expect(enrolled.cached.html).toContain(`/ujian/${C.enrollment}/pretest`);
  });

  it('follows a new attempt: the next request renders anew, as Remix does', async () => {
    state.finished.add(A.id);
    await both('/kursus/inti', A);
    expect((await open(webs.cached, '/kursus/inti', A)).cache).toBe('hit');
    state.attempting.add(A.id);
    // The enrollment's attempts changed (what this page shows of them may not): a new key, rendered by Remix.
    const after = await both('/kursus/inti', A);
    expect(after.cached.cache).toBe('miss');
    expect(after.cached.html).toBe(after.rendered.html);
    expect((await open(webs.cached, '/kursus/inti', A)).cache).toBe('hit');
  });

  it('follows a finished lesson (progress and the outline’s mark)', async () => {
    await open(webs.cached, '/kursus/inti', A);
    state.finished.add(A.id);
    const page = await both('/kursus/inti', A);
    expect(page.cached.html).toBe(page.rendered.html);
    expect(page.cached.html).toContain('badge--ok');
  });
});

describe('the test page from the page cache', () => {
  const normaliseKey = (html: string) => html.replace(/name="idempotencyKey" value="[0-9a-f-]{36}"/g, 'name="idempotencyKey" value="K"');
  const keyOf = (html: string) => /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html)?.[1];

  it('is what Remix renders for the attempt being taken, with a fresh submit key each time and one API call', async () => {
    const testPath = `/ujian/${A.enrollment}/pretest?percobaan=${attemptOf(A)}`;
    const first = await both(testPath, A);
    expect(first.cached.cache).toBe('miss');
    expect(first.cached.calls).toEqual([`GET /api/learner/tests/${A.enrollment}/pretest`]);
    expect(first.cached.html).toContain('Apa tugas TKSK?');
    expect(normaliseKey(first.cached.html)).toBe(normaliseKey(first.rendered.html));
    const again = await open(webs.cached, testPath, A);
    expect(again.cache).toBe('hit');
    expect(again.calls).toHaveLength(1);
    expect(normaliseKey(again.html)).toBe(normaliseKey(first.rendered.html));
    expect(keyOf(again.html)).toBeTruthy();
    expect(keyOf(again.html)).not.toBe(keyOf(first.cached.html));
  });

  it('never shows one worker’s test to another', async () => {
    await open(webs.cached, `/ujian/${A.enrollment}/pretest?percobaan=${attemptOf(A)}`, A);
    const other = await both(`/ujian/${A.enrollment}/pretest?percobaan=${attemptOf(A)}`, B);
    expect(other.cached.status).toBe(other.rendered.status);
    expect(other.cached.cache).toBeNull();
    expect(other.cached.html).not.toContain('Apa tugas TKSK?');
  });
});
