import type { LoaderFunctionArgs } from '@remix-run/node';
import { OFFLINE_SAVE_HEADER } from '~/offline/offline-save';
import { loader } from '~/routes/_learner+/kursus.$slug.pelajaran.$lessonId';

/**
 * The resume bug of issue #21: saving a course for offline fetched every lesson page and recorded each as opened.
 * Since issue #22 the lesson page's loader records nothing at all (a GET writes nothing): the page's finish form carries
 * a signed "opened at", and learner.js records the opening of a lesson a person actually shows (never a saved one).
 */
jest.mock('~/utils/session.server', () => ({
  pageRead: (_args: unknown, read: () => Promise<unknown>) => read(),
  requireUser: async () => ({ id: 'u1', role: 'PESERTA' }),
  safeRedirect: (to: string) => to,
}));

let calls: string[];
beforeEach(() => {
  calls = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    calls.push(`${request.method} ${new URL(request.url).pathname}`);
    const lesson = { id: 'l2', title: 'Pelajaran 2', next: null, previous: null, html: '' };
    return Response.json({ user: { id: 'u1' }, lessonEtag: '"l-l2"', lesson, enrollment: { id: 'e1', finished: false, openedToken: 't' } });
  });
});
afterEach(() => jest.restoreAllMocks());

function args(headers: Record<string, string>): LoaderFunctionArgs {
  const request = new Request('http://web.test/kursus/inti/pelajaran/l2', { headers: { cookie: 'bimtek_session=t', ...headers } });
  return { request, params: { slug: 'inti', lessonId: 'l2' }, context: {} };
}

it('reads the lesson page without recording anything, whether read or saved for offline', async () => {
  const read = (await loader(args({}))) as { openedToken: string };
  await loader(args({ [OFFLINE_SAVE_HEADER]: '1' }));
  expect(read.openedToken).toBe('t');
  expect(calls.every((call) => call.startsWith('GET '))).toBe(true);
  expect(calls.some((call) => call.endsWith('/open'))).toBe(false);
});
