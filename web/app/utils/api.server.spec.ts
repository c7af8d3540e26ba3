import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiMessage, orThrow } from './api-error';

/** What the fake API saw of each request. */
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let client: typeof import('./api.server');
const t = (_key: string, options: { defaultValue: string }) => options.defaultValue;

function page(cookie = 'bimtek_session=tok%20en'): Request {
  return new Request('http://web.test/kursus/x', { headers: { cookie, 'x-forwarded-for': '10.1.2.3', 'user-agent': 'HP Murah/1.0' } });
}

function thrownBy<T>(fn: (input: T) => unknown, input: T): Response {
  try {
    fn(input);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

function stop(): Promise<unknown> {
  return new Promise((resolve) => server.close(resolve));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      // No keep-alive: the server can close (the "unreachable" case) without waiting for idle connections.
      res.setHeader('connection', 'close');
      if (req.url?.startsWith('/api/attempts/missing')) {
        res.statusCode = 404;
        res.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Percobaan tidak ditemukan.' }));
      } else if (req.url?.startsWith('/api/attempts/broken')) {
        res.statusCode = 500;
        res.end(JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'Terjadi kesalahan.' }));
      } else if (req.url?.endsWith('/finish')) {
        res.statusCode = 409;
        res.end(JSON.stringify({ statusCode: 409, error: 'Conflict', code: 'ENROLLMENT_PRETEST_REQUIRED', message: 'Kerjakan pre-test terlebih dahulu.' }));
      } else {
        res.end(JSON.stringify({ id: 'e1' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The client reads API_URL when its module loads.
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = await import('./api.server');
});

afterAll(stop);

beforeEach(() => {
  seen.length = 0;
});

describe('the one API client', () => {
  it('acts as the signed-in learner and passes on the address and device', async () => {
    await client.api(page()).GET('/api/enrollments/{id}', { params: { path: { id: 'a/b' } } });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/api/enrollments/a%2Fb');
    expect(seen[0].headers.authorization).toBe('Bearer tok en');
    expect(seen[0].headers['x-forwarded-for']).toBe('10.1.2.3');
    expect(seen[0].headers['user-agent']).toBe('HP Murah/1.0');
    expect(seen[0].headers['idempotency-key']).toBeUndefined();
  });

  it('sends the form’s idempotency key with a write, and a fresh one when the form had none', async () => {
    const learner = client.api(page());
    await learner.POST('/api/enrollments', { body: { course: 'tksk-dasar' }, headers: client.idempotencyKey('kunci-formulir') });
    await learner.POST('/api/enrollments/{id}/lessons/{lessonId}/open', { params: { path: { id: 'e1', lessonId: 'l1' } } });
    await learner.POST('/api/enrollments', { body: { course: 'tksk-dasar' }, headers: client.idempotencyKey('') });
    expect(seen.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(seen[0].headers['idempotency-key']).toBe('kunci-formulir');
    expect(JSON.parse(seen[0].body)).toEqual({ course: 'tksk-dasar' });
    expect(seen[1].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[2].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[2].headers['idempotency-key']).not.toBe(seen[1].headers['idempotency-key']);
  });

  it('reads an anonymous visitor without a bearer', async () => {
    await client.api(page('lang=id')).GET('/api/enrollments', {});
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('gives the API’s message of a refusal whose code has no string of its own in the locales', async () => {
    const result = await client.api(page()).POST('/api/enrollments/{id}/lessons/{lessonId}/finish', {
      params: { path: { id: 'e1', lessonId: 'l1' } },
      body: {},
    });
    expect(result.data).toBeUndefined();
    expect(apiMessage(result, t, 'x')).toBe('Kerjakan pre-test terlebih dahulu.');
  });

  it('turns a 404 into a 404 page and a server error into a 502 page', async () => {
    const learner = client.api(page());
    const missing = thrownBy(orThrow, await learner.GET('/api/attempts/{id}', { params: { path: { id: 'missing' } } }));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Percobaan tidak ditemukan.');
    const broken = thrownBy(orThrow, await learner.GET('/api/attempts/{id}', { params: { path: { id: 'broken' } } }));
    expect(broken.status).toBe(502);
  });

  it('gives no bearer to a guest call, even with a session cookie', async () => {
    await client.api(page(), { asGuest: true }).GET('/api/enrollments', {});
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].headers['x-forwarded-for']).toBe('10.1.2.3');
  });

  it('says in Indonesian that the service cannot be reached, instead of throwing', async () => {
    const saved = process.env.API_URL;
    const { port } = server.address() as AddressInfo;
    await stop();
    try {
      const result = await client.api(page()).GET('/api/enrollments', {});
      expect(result.response.status).toBe(503);
      expect(apiMessage(result, t, 'x')).toBe('Layanan belum dapat dihubungi. Coba lagi sebentar lagi.');
    } finally {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      process.env.API_URL = saved;
    }
  });
});
