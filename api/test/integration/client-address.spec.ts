import { DataSource } from 'typeorm';
import { createUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

/**
 * The API trusts X-Forwarded-For only from the hops in TRUST_PROXY (our web server on loopback by default), so a
 * client cannot choose the address that the audit log records and the per-address limits count.
 */
describe('client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function failedLoginAddress(forwardedFor: string): Promise<string | null> {
    const user = await createUser(t, { password: 'benar-sekali-2026' });
    await t.http.post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ phone: user.phone, password: 'salah-sekali-2026' }).expect(401);
    const [row] = await t.app
      .get(DataSource)
      .query(`SELECT ip FROM audit_log WHERE action = 'auth.login_failed' ORDER BY at DESC, id DESC LIMIT 1`);
    return row?.ip ?? null;
  }

  it('takes the address our web server appended', async () => {
    expect(await failedLoginAddress('203.0.113.7')).toBe('203.0.113.7');
  });

  it('ignores what a client wrote into the header before it', async () => {
    expect(await failedLoginAddress('198.51.100.66, 203.0.113.7')).toBe('203.0.113.7');
  });
});
