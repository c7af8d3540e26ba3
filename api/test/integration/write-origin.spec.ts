/**
 * CSRF closed by construction (issue #21, M1): the reproductions of ../shared/reviews/security-report.md, each answered
 * with a refusal that changes nothing.
 */
import { DataSource } from 'typeorm';
import { createUser, Role, UserStatus } from '../factories';
import { createTestApp, TestApp } from '../test-app';

const PUBLIC_ORIGIN = 'http://localhost:3000';

describe('writes with the session cookie', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function pendingWorkerAndAdmin() {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const pending = await createUser(t, { regionCode: '32.72.02', status: UserStatus.PENDING, signedOut: true });
    return { admin, pending, cookie: `bimtek_session=${admin.token}` };
  }

  const statusOf = async (id: string) => ((await db.query(`SELECT status FROM users WHERE id = $1`, [id])) as Array<{ status: string }>)[0].status;

  it('are refused from another origin, with or without a body, and change nothing', async () => {
    const { pending, cookie } = await pendingWorkerAndAdmin();
    const foreign = await t.http.post(`/api/workers/${pending.id}/approve`).set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
    expect(foreign.body).toMatchObject({ statusCode: 403, code: 'CROSS_ORIGIN_WRITE' });
    await t.http.post(`/api/workers/${pending.id}/approve`).set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').expect(403);
    await t.http.post(`/api/workers/${pending.id}/approve`).set('Cookie', cookie).expect(403);
    expect(await statusOf(pending.id)).toBe('PENDING');
  });

  it('are refused as a form or text body, from any origin, and change nothing', async () => {
    const { pending, cookie } = await pendingWorkerAndAdmin();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const res = await t.http
        .post(`/api/workers/${pending.id}/approve`)
        .set('Cookie', cookie)
        .set('Origin', PUBLIC_ORIGIN)
        .set('Content-Type', type)
        .send('intent=approve')
        .expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await statusOf(pending.id)).toBe('PENDING');
  });

  it('go through from the public origin (Origin or Sec-Fetch-Site) and with a bearer token', async () => {
    const { admin, pending, cookie } = await pendingWorkerAndAdmin();
    await t.http.post(`/api/workers/${pending.id}/approve`).set('Cookie', cookie).set('Origin', PUBLIC_ORIGIN).expect(200);
    expect(await statusOf(pending.id)).toBe('ACTIVE');
    const second = await pendingWorkerAndAdmin();
    await t.http.post(`/api/workers/${second.pending.id}/approve`).set('Cookie', second.cookie).set('Sec-Fetch-Site', 'same-origin').expect(200);
    const third = await createUser(t, { regionCode: '32.72.02', status: UserStatus.PENDING, signedOut: true });
    await t.http.post(`/api/workers/${third.id}/approve`).set(admin.headers).set('Origin', 'https://evil.example').expect(200);
  });
});
