/** 503 with Retry-After while the database is away (issue #21, L9), not a 500; the API recovers by itself. */
import type { TcpProxy } from '../tcp-proxy';
import { createUser } from '../factories';
import { createTestAppBehindProxy, TestApp } from '../test-app';

describe('while the database is away', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    ({ t, proxy } = await createTestAppBehindProxy());
  });
  afterAll(async () => {
    await t.close();
    await proxy.cut();
  });

  it('a signed-in request answers 503 with Retry-After (not 500), and works again when it is back', async () => {
    const user = await createUser(t, { regionCode: '32.72.03' });
    await t.http.get('/api/enrollments').set(user.headers).expect(200);
    await proxy.cut();
    const down = await t.http.get('/api/enrollments').set(user.headers).expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(down.headers['retry-after']).toBe('5');
    await proxy.open();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await t.http.get('/api/enrollments').set(user.headers);
      if (res.status === 200) break;
      if (Date.now() > deadline) throw new Error(`still ${res.status} after the database came back`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 60_000);
});
