import type { TcpProxy } from '../tcp-proxy';
import { createTestAppBehindProxy, type TestApp } from '../test-app';

async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('GET /api/health', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    ({ t, proxy } = await createTestAppBehindProxy());
  });
  afterAll(async () => {
    await t.close();
    await proxy.cut();
  });

  it('answers 200 while the database answers', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers 503 with a clear message when the database is down, and recovers by itself', async () => {
    await proxy.cut();
    const down = await t.http.get('/api/health').expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'HEALTH_DATABASE_DOWN' });
    expect(down.body.message).toMatch(/database/i);

    await proxy.open();
    await eventually(async () => {
      await t.http.get('/api/health').expect(200);
    });
    await t.http.get('/api/regions/32.72').expect(200);
  });
});
