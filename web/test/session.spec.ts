import type { AppLoadContext } from '@remix-run/node';
import { getUser, requireUser } from '~/utils/session.server';

/** The signed-in user is asked of the API once per request, however many loaders ask (root and route). */
const me = { id: 'u1', name: 'Siti', phone: '+6281234567890', email: null, role: 'PESERTA', pillar: 'TKSK', regionCode: '32.72.03', regionName: 'Citamiang', status: 'ACTIVE' };
let calls: string[];

function page(): Request {
  return new Request('http://web.test/belajar', { headers: { cookie: 'bimtek_session=token' } });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

beforeEach(() => {
  calls = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    calls.push(new URL((input as Request).url).pathname);
    return Response.json(me);
  });
});

afterEach(() => jest.restoreAllMocks());

describe('the signed-in user', () => {
  it('is read once per request: the root loader and the route loader share it through the load context', async () => {
    const context: AppLoadContext = {};
    // Remix gives each loader its own copy of the Request, but one load context per request.
    const [root, route] = await Promise.all([getUser({ request: page(), context }), requireUser({ request: page(), context })]);
    expect(root).toEqual(me);
    expect(route).toEqual(me);
    expect(calls).toEqual(['/api/me']);
    await getUser({ request: page(), context: {} });
    expect(calls).toEqual(['/api/me', '/api/me']);
  });

  it('is nobody without a session cookie, and a protected page sends them to sign in', async () => {
    const request = new Request('http://web.test/belajar?x=1');
    expect(await getUser({ request, context: {} })).toBeNull();
    const response = await thrown(requireUser({ request, context: {} }));
    expect(response.headers.get('location')).toBe('/masuk?redirectTo=%2Fbelajar%3Fx%3D1');
    expect(calls).toEqual([]);
  });

  it('refuses another role with 403', async () => {
    expect((await thrown(requireUser({ request: page(), context: {} }, ['ADMIN_PUSAT']))).status).toBe(403);
  });

  it('is the one 503 page, not a sign-out, when the API cannot be reached', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    expect(await getUser({ request: page(), context: {} })).toBeNull();
    expect((await thrown(requireUser({ request: page(), context: {} }))).status).toBe(503);
  });
});
