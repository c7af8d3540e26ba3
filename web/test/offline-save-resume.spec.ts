import type { LoaderFunctionArgs } from '@remix-run/node';
import { OFFLINE_SAVE_HEADER } from '~/offline/offline-save';
import { loader } from '~/routes/_learner+/kursus.$slug.pelajaran.$lessonId';

/** The resume bug of issue #21: saving a course for offline fetched every lesson page and recorded each as opened. */
jest.mock('~/routes/_learner+/enrollments.server', () => ({
  enrollmentFor: async () => ({ id: 'e1', finishedLessonIds: [] }),
}));
jest.mock('~/utils/session.server', () => ({
  getUser: async () => ({ id: 'u1', role: 'PESERTA' }),
  requireUser: async () => ({ id: 'u1', role: 'PESERTA' }),
  safeRedirect: (to: string) => to,
}));

let calls: string[];
beforeEach(() => {
  calls = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    if (request.method === 'POST') return new Response(null, { status: 204 });
    return Response.json({ id: 'l2', title: 'Pelajaran 2', next: null, previous: null, body: '' });
  });
});
afterEach(() => jest.restoreAllMocks());

function args(headers: Record<string, string>): LoaderFunctionArgs {
  const request = new Request('http://web.test/kursus/inti/pelajaran/l2', { headers: { cookie: 'bimtek_session=t', ...headers } });
  return { request, params: { slug: 'inti', lessonId: 'l2' }, context: {} };
}

const opened = () => calls.filter((call) => call.endsWith('/open'));

it('records the lesson as opened when the worker reads it', async () => {
  await loader(args({}));
  expect(opened()).toEqual(['POST /api/enrollments/e1/lessons/l2/open']);
});

it('does not record it when the page is fetched to be saved for offline', async () => {
  await loader(args({ [OFFLINE_SAVE_HEADER]: '1' }));
  expect(opened()).toEqual([]);
});
