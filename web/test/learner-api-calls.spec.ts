import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { loader as rootLoader } from '~/root';
import { forgetContent } from '~/routes/_learner+/content-cache.server';
import { loader as home } from '~/routes/_learner+/belajar';
import { loader as catalogue } from '~/routes/_learner+/katalog';
import { loader as course } from '~/routes/_learner+/kursus.$slug._index';
import { loader as lesson } from '~/routes/_learner+/kursus.$slug.pelajaran.$lessonId';
import { loader as test } from '~/routes/_learner+/ujian.$enrollmentId.$kind';
import { loader as result } from '~/routes/_learner+/hasil.$attemptId';
import { loader as certificates } from '~/routes/_learner+/sertifikat';

/**
 * Issue #22: every learner page makes at most ONE API call per request, the signed-in user included (the page read
 * carries it to the root loader), and none of them writes. The root loader and the route's loader run together on
 * one load context, as Remix runs them, against a fake API that counts every request. Adding an `api(...)` call to a
 * learner loader (or a second user lookup) fails here.
 */
jest.mock('../app/styles/app.css?url', () => '/app.css', { virtual: true });

const E = '11111111-1111-4111-8111-111111111111';
const A = '22222222-2222-4222-8222-222222222222';
const L = '33333333-3333-4333-8333-333333333333';
const user = { id: 'u1', name: 'Siti', phone: '+6281234567890', email: null, role: 'PESERTA', pillar: 'TKSK', regionCode: '32.72.03', regionName: 'Citamiang', status: 'ACTIVE', nikLast4: null, createdAt: '2026-01-01T00:00:00Z' };
const summary = {
  id: E,
  course: { slug: 'inti', title: 'Inti', version: 1, versionId: 'v1' },
  status: 'ACTIVE',
  source: 'SELF',
  cycle: 1,
  progress: { lessonsFinished: 0, lessonCount: 1, percent: 0 },
  nextStep: 'LESSON',
  dueAt: null,
  enrolledAt: '2026-01-01T00:00:00Z',
  completedAt: null,
};
const detail = {
  ...summary,
  resumeLessonId: L,
  finishedLessonIds: [],
  pretest: { score: 50, submittedAt: null, openAttemptId: null, questionCount: 10, timeLimitMinutes: null },
  posttest: { bestScore: null, passed: false, passMark: 70, attemptsUsed: 0, maxAttempts: 3, attemptsLeft: 3, openAttemptId: null, available: false, questionCount: 10, timeLimitMinutes: 30 },
  gain: null,
  attempts: [],
};
const outline = {
  slug: 'inti', title: 'Inti', summary: '', pillars: ['SEMUA'], hours: 2, moduleCount: 0, lessonCount: 1, totalMinutes: 10, version: 1, versionId: 'v1', publishedAt: null,
  modules: [], pretest: { questionCount: 10, timeLimitMinutes: null }, posttest: { questionCount: 10, timeLimitMinutes: 30, passMark: 70, maxAttempts: 3 }, practice: [], certificate: { validityMonths: 24 },
};
const lessonBody = {
  id: L, slug: '01', title: 'Pelajaran 1', minutes: 10, position: 1, html: '<p>isi</p>', module: { position: 1, title: 'Modul' },
  course: { slug: 'inti', title: 'Inti', version: 1, versionId: 'v1', lessonCount: 1 }, previous: null, next: null,
};
const attempt = { id: A, enrollmentId: E, kind: 'pretest', number: 1, startedAt: '2026-01-01T00:00:00Z', deadline: null, questions: [], result: { score: 50, passed: false, revealed: false, attemptsLeft: null, results: [] } };

/** The fake API: a page read answers its page (with the user); the lesson and the outline are left out for their ETag. */
function answer(url: URL, signedIn: boolean): Response {
  const who = signedIn ? user : null;
  const path = url.pathname;
  if (path === '/api/me') return signedIn ? Response.json(user) : Response.json({ code: 'AUTH_REQUIRED' }, { status: 401 });
  if (!signedIn && !['/api/learner/catalogue', '/api/learner/courses/inti', `/api/learner/courses/inti/lessons/${L}`].includes(path)) {
    return Response.json({ code: 'AUTH_REQUIRED' }, { status: 401 });
  }
  switch (path) {
    case '/api/learner/home':
      return Response.json({ user, enrollments: [summary] });
    case '/api/learner/catalogue':
      return Response.json({ user: who, pillar: signedIn ? 'TKSK' : null, courses: [] });
    case '/api/learner/courses/inti':
      return Response.json({ user: who, outlineEtag: '"v-1"', outline: url.searchParams.get('outlineEtag') === '"v-1"' ? null : outline, enrollment: signedIn ? detail : null });
    case `/api/learner/courses/inti/lessons/${L}`:
      return Response.json({
        user: who,
        lessonEtag: `"l-${L}"`,
        lesson: url.searchParams.get('lessonEtag') === `"l-${L}"` ? null : lessonBody,
        enrollment: signedIn ? { id: E, finished: false, openedToken: 'token' } : null,
      });
    case `/api/learner/tests/${E}/pretest`:
      return Response.json({ user, enrollment: detail, attempt: null });
    case `/api/learner/results/${A}`:
      return Response.json({ user, attempt, enrollment: detail });
    case '/api/learner/certificates':
      return Response.json({ user, certificates: [] });
    default:
      return Response.json({ code: 'NOT_FOUND' }, { status: 404 });
  }
}

let calls: string[];
let signedIn: boolean;
beforeEach(() => {
  calls = [];
  signedIn = true;
  forgetContent();
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.pathname}`);
    return answer(url, signedIn);
  });
});
afterEach(() => jest.restoreAllMocks());

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/** The root loader and the route's loader on one load context, each with its own copy of the request, as Remix does. */
async function render(loader: Loader, path: string, params: Record<string, string> = {}): Promise<unknown> {
  const context: AppLoadContext = { cspNonce: 'n' };
  const request = () => new Request(`http://web.test${path}`, { headers: signedIn ? { cookie: 'bimtek_session=t' } : {} });
  const [, page] = await Promise.all([rootLoader({ request: request(), params: {}, context }), loader({ request: request(), params, context })]);
  return page;
}

const PAGES: Array<[string, Loader, string, Record<string, string>]> = [
  ['/belajar', home, '/belajar', {}],
  ['/katalog', catalogue, '/katalog?q=tksk', {}],
  ['/kursus/:slug', course, '/kursus/inti', { slug: 'inti' }],
  ['/kursus/:slug/pelajaran/:lessonId', lesson, `/kursus/inti/pelajaran/${L}`, { slug: 'inti', lessonId: L }],
  ['/ujian/:enrollmentId/:kind', test, `/ujian/${E}/pretest`, { enrollmentId: E, kind: 'pretest' }],
  ['/hasil/:attemptId', result, `/hasil/${A}`, { attemptId: A }],
  ['/sertifikat', certificates, '/sertifikat', {}],
];

describe('each learner page makes at most one API call, and writes nothing', () => {
  it.each(PAGES)('%s, signed in (the user comes with the page read)', async (_name, loader, path, params) => {
    await render(loader, path, params);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^GET \/api\/learner\//);
  });

  it.each(PAGES.slice(1, 4))('%s, as a visitor', async (_name, loader, path, params) => {
    signedIn = false;
    await render(loader, path, params);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^GET \/api\/learner\//);
  });
});

describe('lessons and outlines are kept by ETag', () => {
  it('asks for the lesson body once, then only for the worker’s state', async () => {
    const first = (await render(lesson, `/kursus/inti/pelajaran/${L}`, { slug: 'inti', lessonId: L })) as { lesson: { html: string }; openedToken: string };
    const again = (await render(lesson, `/kursus/inti/pelajaran/${L}`, { slug: 'inti', lessonId: L })) as { lesson: { html: string } };
    expect(first.lesson.html).toBe('<p>isi</p>');
    expect(first.openedToken).toBe('token');
    expect(again.lesson.html).toBe('<p>isi</p>');
    expect(calls).toHaveLength(2);
  });

  it('sends the outline ETag it holds and shows the outline it kept', async () => {
    const urls: string[] = [];
    (globalThis.fetch as jest.Mock).mockImplementation(async (input: Request) => {
      urls.push(input.url);
      return answer(new URL(input.url), true);
    });
    await render(course, '/kursus/inti', { slug: 'inti' });
    const again = (await render(course, '/kursus/inti', { slug: 'inti' })) as { course: { title: string } };
    expect(again.course.title).toBe('Inti');
    expect(new URL(urls[1]).searchParams.get('outlineEtag')).toBe('"v-1"');
  });
});

describe('a page read the web server already made (its page cache missed, decision 034)', () => {
  /** As web/server/learner-pages.ts hands it: the API's answer for this path, in the load context. */
  async function renderHanded(loader: Loader, path: string, params: Record<string, string>, data: unknown): Promise<unknown> {
    const context: AppLoadContext = { cspNonce: 'n', learnerPage: { path, data, formKey: 'kkkkkkkk-0000-4000-8000-00000000000k' } };
    const request = () => new Request(`http://web.test${path}`, { headers: { cookie: 'bimtek_session=t' } });
    const [root, page] = await Promise.all([rootLoader({ request: request(), params: {}, context }), loader({ request: request(), params, context })]);
    return { root: (root as { data: unknown }).data ?? root, page };
  }
  const lessonAnswer = { user, lessonEtag: `"l-${L}"`, lesson: lessonBody, enrollment: { id: E, finished: false, openedToken: 'token' } };
  const courseAnswer = { user, outlineEtag: '"v-1"', outline, enrollment: null };

  it.each([
    ['lesson', lesson, `/kursus/inti/pelajaran/${L}`, { slug: 'inti', lessonId: L }, lessonAnswer],
    ['course', course, '/kursus/inti', { slug: 'inti' }, courseAnswer],
  ])('the %s page takes it: no API call at all, the root loader’s user included', async (_name, loader, path, params, data) => {
    const { root } = (await renderHanded(loader as Loader, path, params, data)) as { root: { user: { id: string } } };
    expect(calls).toEqual([]);
    expect(root.user.id).toBe('u1');
  });

  it('the course page’s enrol form carries the key the server chose', async () => {
    const { page } = (await renderHanded(course, '/kursus/inti', { slug: 'inti' }, courseAnswer)) as { page: { enrolKey: string } };
    expect(page.enrolKey).toBe('kkkkkkkk-0000-4000-8000-00000000000k');
  });

  it('an answer handed for another path is not taken', async () => {
    await renderHanded(lesson, `/kursus/inti/pelajaran/${L}`, { slug: 'inti', lessonId: L }, lessonAnswer);
    calls = [];
    const context: AppLoadContext = { cspNonce: 'n', learnerPage: { path: '/kursus/lain', data: courseAnswer, formKey: 'k' } };
    const request = new Request('http://web.test/kursus/inti', { headers: { cookie: 'bimtek_session=t' } });
    await course({ request, params: { slug: 'inti' }, context });
    expect(calls).toEqual(['GET /api/learner/courses/inti']);
  });
});
