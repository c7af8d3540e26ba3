import { DataSource } from 'typeorm';
import { LOGIN_FAILED_MESSAGE } from '../../src/auth/auth.service';
import { activationCodeHash } from '../../src/auth/tokens';
import { bearer, createUser, newSessionFor, Role, UserStatus } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

describe('auth', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('signs in with the phone written any common way, sets an httpOnly SameSite=Lax cookie, and the token works both ways', async () => {
      const user = await createUser(t, { phone: '+6281299887766', password: 'kopi tubruk pagi hari', signedOut: true });
      for (const phone of ['0812-9988-7766', '62 812 9988 7766', '+62 812.9988.7766', '81299887766']) {
        const res = await t.http.post('/api/auth/login').send({ phone, password: 'kopi tubruk pagi hari' }).expect(200);
        expect(res.body.user).toMatchObject({ id: user.id, phone: '+6281299887766', role: 'PESERTA', regionCode: '32.72.03', regionName: 'Citamiang' });
        expect(res.body.token).toMatch(/^[\w-]{43}$/);
        expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
        const cookie = String(res.headers['set-cookie']);
        expect(cookie).toContain(`bimtek_session=${res.body.token}`);
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toMatch(/SameSite=Lax/i);
        expect(cookie).not.toMatch(/Secure/i);
        await t.http.get('/api/me').set(bearer(res.body.token)).expect(200);
        const viaCookie = await t.http.get('/api/me').set('Cookie', `other=1; bimtek_session=${res.body.token}`).expect(200);
        expect(viaCookie.body.id).toBe(user.id);
      }
    });

    it('stores only a hash of the token', async () => {
      const user = await createUser(t);
      const rows = await db.query(`SELECT token_hash FROM auth_sessions WHERE user_id = $1`, [user.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toContain(user.token);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('answers a wrong password and an unknown phone exactly the same', async () => {
      await createUser(t, { phone: '+6281211112222', password: 'benar sekali 123' });
      const wrong = await t.http.post('/api/auth/login').send({ phone: '081211112222', password: 'salah sekali 123' }).expect(401);
      const unknown = await t.http.post('/api/auth/login').send({ phone: '081299990000', password: 'salah sekali 123' }).expect(401);
      const malformed = await t.http.post('/api/auth/login').send({ phone: 'bukan nomor', password: 'salah sekali 123' }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'AUTH_LOGIN_FAILED', message: LOGIN_FAILED_MESSAGE });
      expect(unknown.body).toEqual(wrong.body);
      expect(malformed.body).toEqual(wrong.body);
    });

    it('slows an attacker down without locking the owner out: under 20 concurrent wrong passwords from one address at most 5 are evaluated, the rest answer 429 with Retry-After, and the owner signs in from elsewhere', async () => {
      const user = await createUser(t, { password: 'rumah di ujung jalan', signedOut: true });
      const local = `0${user.phone.slice(3)}`;
      const attacker = { 'X-Forwarded-For': '198.51.100.20' };
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.http.post('/api/auth/login').set(attacker).send({ phone: local, password: `tebakan-salah-${i}` })),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
      const refused = answers.find((r) => r.status === 429)!;
      expect(refused.body).toMatchObject({ code: 'AUTH_TOO_MANY_ATTEMPTS', message: expect.stringContaining('Coba lagi dalam') });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Each evaluated attempt leaves an audit entry naming the account; the refused ones never reached it.
      const [{ evaluated }] = await db.query(`SELECT count(*)::int AS evaluated FROM audit_log WHERE action = 'auth.login_failed' AND target_id = $1`, [user.id]);
      expect(evaluated).toBe(5);
      // Even the right password waits at the attacker's address…
      await t.http.post('/api/auth/login').set(attacker).send({ phone: local, password: 'rumah di ujung jalan' }).expect(429);
      // …but the owner, from their own phone's address, is not locked out.
      await t.http.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.44').send({ phone: local, password: 'rumah di ujung jalan' }).expect(200);

      // When the wait is over, the next failure from the attacker's address waits twice as long (backoff).
      await db.query(`UPDATE auth_sign_in_failures SET blocked_until = now() - interval '1 second' WHERE key LIKE 'pair:%:198.51.100.20'`);
      await t.http.post('/api/auth/login').set(attacker).send({ phone: local, password: 'tebakan lagi' }).expect(401);
      const again = await t.http.post('/api/auth/login').set(attacker).send({ phone: local, password: 'tebakan lagi' }).expect(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(110);
      expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(120);
      // The table keeps no phone number, only its hash.
      const keys = (await db.query(`SELECT key FROM auth_sign_in_failures`)) as { key: string }[];
      expect(keys.map((row) => row.key).join(' ')).not.toContain(user.phone.slice(3));
    });

    it('counts an unknown phone exactly like a known one, so the 429 reveals nothing', async () => {
      const from = { 'X-Forwarded-For': '198.51.100.21' };
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) answers.push((await t.http.post('/api/auth/login').set(from).send({ phone: '081277665500', password: 'salah sekali ya' })).status);
      expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it('slows down an address that sprays many phones with a few guesses each, and only that address', async () => {
      const sprayer = { 'X-Forwarded-For': '198.51.100.22' };
      for (let i = 0; i < 50; i++) {
        await t.http.post('/api/auth/login').set(sprayer).send({ phone: `08129900${String(i).padStart(4, '0')}`, password: 'tebakan umum' }).expect(401);
      }
      const refused = await t.http.post('/api/auth/login').set(sprayer).send({ phone: '081299009999', password: 'tebakan umum' }).expect(429);
      expect(refused.body.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      expect(refused.headers['retry-after']).toBeDefined();
      await t.http.post('/api/auth/login').set('X-Forwarded-For', '198.51.100.23').send({ phone: '081299009999', password: 'tebakan umum' }).expect(401);
    });

    it('lets four mistakes pass without waiting, and a success forgets them', async () => {
      const user = await createUser(t, { password: 'sayur asem segar', signedOut: true });
      const from = { 'X-Forwarded-For': '198.51.100.24' };
      for (let i = 0; i < 4; i++) await t.http.post('/api/auth/login').set(from).send({ phone: user.phone, password: 'keliru sekali' }).expect(401);
      await t.http.post('/api/auth/login').set(from).send({ phone: user.phone, password: 'sayur asem segar' }).expect(200);
      const rows = await db.query(`SELECT key, failures FROM auth_sign_in_failures WHERE key LIKE '%:198.51.100.24'`);
      expect(rows).toEqual([{ key: 'address:198.51.100.24', failures: 4 }]);
      for (let i = 0; i < 4; i++) await t.http.post('/api/auth/login').set(from).send({ phone: user.phone, password: 'keliru sekali' }).expect(401);
    });

    it('records successful and failed sign-ins in the audit log with the IP', async () => {
      const user = await createUser(t, { password: 'teh manis hangat', signedOut: true });
      await t.http.post('/api/auth/login').send({ phone: user.phone, password: 'teh manis hangat' }).expect(200);
      const rows = await db.query(`SELECT action, actor_id, region_code, ip FROM audit_log WHERE target_id = $1 ORDER BY id`, [user.id]);
      expect(rows).toEqual([{ action: 'auth.login', actor_id: user.id, region_code: '32.72.03', ip: expect.any(String) }]);
    });

    it('refuses a pending or disabled account after the right password, saying why', async () => {
      const pending = await createUser(t, { password: 'menunggu persetujuan', status: UserStatus.PENDING, signedOut: true });
      const res = await t.http.post('/api/auth/login').send({ phone: pending.phone, password: 'menunggu persetujuan' }).expect(403);
      expect(res.body).toMatchObject({ code: 'AUTH_ACCOUNT_PENDING', message: expect.stringContaining('menunggu persetujuan') });
      const disabled = await createUser(t, { password: 'akun dimatikan saja', status: UserStatus.DISABLED, signedOut: true });
      const refused = await t.http.post('/api/auth/login').send({ phone: disabled.phone, password: 'akun dimatikan saja' }).expect(403);
      expect(refused.body.code).toBe('AUTH_ACCOUNT_DISABLED');
    });

    it('refuses a body with missing or unknown fields with 400', async () => {
      await t.http.post('/api/auth/login').send({ phone: '0812' }).expect(400);
      const res = await t.http.post('/api/auth/login').send({ phone: '0812', password: 'x', remember: true }).expect(400);
      expect(res.body.message).toContain('remember');
    });
  });

  describe('sessions', () => {
    it('refuses an expired session', async () => {
      const user = await createUser(t);
      await t.http.get('/api/me').set(user.headers).expect(200);
      await db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      const res = await t.http.get('/api/me').set(user.headers).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('berakhir') });
    });

    it('refuses a session after logout, and clears the cookie', async () => {
      const user = await createUser(t);
      const res = await t.http.post('/api/auth/logout').set(user.headers).expect(204);
      expect(String(res.headers['set-cookie'])).toMatch(/bimtek_session=;.*Max-Age=0/i);
      await t.http.get('/api/me').set(user.headers).expect(401);
      await t.http.get('/api/me').set('Cookie', `bimtek_session=${user.token}`).expect(401);
    });

    it('refuses a session of an account that is no longer active', async () => {
      const user = await createUser(t);
      await db.query(`UPDATE users SET status = 'DISABLED' WHERE id = $1`, [user.id]);
      await t.http.get('/api/me').set(user.headers).expect(401);
    });

    it('lists my sessions with the current one marked, revokes one, and logs out the other devices', async () => {
      const user = await createUser(t);
      const phone = await newSessionFor(t, user.id);
      const tablet = await newSessionFor(t, user.id);
      await db.query(`UPDATE auth_sessions SET user_agent = $2 WHERE user_id = $1`, [
        user.id,
        'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
      ]);
      const list = await t.http.get('/api/auth/sessions').set(user.headers).expect(200);
      expect(list.body).toHaveLength(3);
      expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      expect(list.body[0].device).toBe('Chrome di Android');

      const phoneSession = (await t.http.get('/api/auth/sessions').set(bearer(phone)).expect(200)).body.find((s: { current: boolean }) => s.current);
      await t.http.delete(`/api/auth/sessions/${phoneSession.id}`).set(user.headers).expect(204);
      await t.http.get('/api/me').set(bearer(phone)).expect(401);
      await t.http.delete(`/api/auth/sessions/${phoneSession.id}`).set(user.headers).expect(404);

      const res = await t.http.post('/api/auth/sessions/revoke-others').set(user.headers).expect(200);
      expect(res.body).toEqual({ revoked: 1 });
      await t.http.get('/api/me').set(bearer(tablet)).expect(401);
      await t.http.get('/api/me').set(user.headers).expect(200);
    });

    it("cannot revoke someone else's session (404, as if it did not exist)", async () => {
      const me = await createUser(t);
      const other = await createUser(t);
      const [{ id }] = await db.query(`SELECT id FROM auth_sessions WHERE user_id = $1`, [other.id]);
      const res = await t.http.delete(`/api/auth/sessions/${id}`).set(me.headers).expect(404);
      expect(res.body).toMatchObject({ code: 'AUTH_SESSION_NOT_FOUND', message: 'Sesi tidak ditemukan.' });
      await t.http.get('/api/me').set(other.headers).expect(200);
    });

    it('slides the expiry forward when a session is used', async () => {
      const user = await createUser(t);
      await db.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '2 days', expires_at = now() + interval '1 day' WHERE user_id = $1`, [user.id]);
      await t.http.get('/api/me').set(user.headers).expect(200);
      const [row] = await db.query(`SELECT expires_at > now() + interval '29 days' AS renewed FROM auth_sessions WHERE user_id = $1`, [user.id]);
      expect(row.renewed).toBe(true);
    });

    it('refuses garbage tokens without a 500', async () => {
      await t.http.get('/api/me').set('Authorization', 'Bearer x').expect(401);
      await t.http.get('/api/me').set('Authorization', `Bearer ${'a'.repeat(5000)}`).expect(401);
      await t.http.get('/api/me').set('Cookie', 'bimtek_session=%E0%A4%A').expect(401);
      await t.http.get('/api/me').expect(401);
    });
  });

  describe('activation', () => {
    async function invite(code: string, expiresIn = '14 days') {
      const user = await createUser(t, { status: UserStatus.INVITED, signedOut: true });
      await db.query(`UPDATE users SET activation_code_hash = $2, activation_expires_at = now() + $3::interval WHERE id = $1`, [
        user.id,
        activationCodeHash(user.id, code),
        expiresIn,
      ]);
      return user;
    }

    it('activates once with phone + code + a new password, then the code is spent', async () => {
      const user = await invite('KMPX7A3C');
      const res = await t.http
        .post('/api/auth/activate')
        .send({ phone: `0${user.phone.slice(3)}`, code: 'kmpx-7a3c', password: 'gunung gede pangrango' })
        .expect(200);
      expect(res.body.user).toMatchObject({ id: user.id, status: 'ACTIVE' });
      expect(String(res.headers['set-cookie'])).toContain('bimtek_session=');
      await t.http.get('/api/me').set(bearer(res.body.token)).expect(200);
      await t.http.post('/api/auth/activate').send({ phone: user.phone, code: 'KMPX7A3C', password: 'gunung salak endah' }).expect(401);
      await t.http.post('/api/auth/login').send({ phone: user.phone, password: 'gunung gede pangrango' }).expect(200);
      await t.http.post('/api/auth/login').send({ phone: user.phone, password: 'gunung salak endah' }).expect(401);
      const [row] = await db.query(`SELECT activation_code_hash FROM users WHERE id = $1`, [user.id]);
      expect(row.activation_code_hash).toBeNull();
    });

    it('lets only one of two concurrent activations with the same code win', async () => {
      const user = await invite('QWERTY34');
      const answers = await Promise.all(
        ['satu dua tiga empat', 'lima enam tujuh delapan'].map((password) =>
          t.http.post('/api/auth/activate').send({ phone: user.phone, code: 'QWERTY34', password }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses an expired code and a wrong code the same way', async () => {
      const expired = await invite('ACDEFGHJ', '-1 minute');
      const a = await t.http.post('/api/auth/activate').send({ phone: expired.phone, code: 'ACDEFGHJ', password: 'bunga melati putih' }).expect(401);
      const valid = await invite('ACDEFGHK');
      const b = await t.http.post('/api/auth/activate').send({ phone: valid.phone, code: 'ACDEFGHX', password: 'bunga melati putih' }).expect(401);
      expect(a.body).toEqual(b.body);
      expect(a.body).toMatchObject({ code: 'AUTH_ACTIVATION_FAILED', fields: [expect.objectContaining({ field: 'code', code: 'AUTH_ACTIVATION_FAILED' })] });
    });

    it('refuses a weak password without spending the code', async () => {
      const user = await invite('MNPQRTUV');
      const refusals = [
        ['pendek', 'AUTH_PASSWORD_TOO_SHORT'],
        ['bismillah', 'AUTH_PASSWORD_TOO_SHORT'],
        ['password123', 'AUTH_PASSWORD_TOO_COMMON'],
        ['bismillah123', 'AUTH_PASSWORD_TOO_COMMON'],
        ['Indonesia 17', 'AUTH_PASSWORD_WEAK'],
        ['aaaaaaaaaaaa', 'AUTH_PASSWORD_WEAK'],
        [' '.repeat(12), 'AUTH_PASSWORD_WEAK'],
        [`HP ${user.phone.replace('+62', '0')}`, 'AUTH_PASSWORD_WEAK'],
      ];
      for (const [password, code] of refusals) {
        const res = await t.http.post('/api/auth/activate').send({ phone: user.phone, code: 'MNPQRTUV', password }).expect(400);
        expect(res.body).toMatchObject({ code, message: expect.stringMatching(/Kata sandi/), fields: [{ field: 'password', code, message: res.body.message }] });
      }
      await t.http.post('/api/auth/activate').send({ phone: user.phone, code: 'MNPQRTUV', password: 'ombak pantai palabuhanratu' }).expect(200);
    });
  });

  describe('registration', () => {
    it('registers a worker who waits for approval', async () => {
      const res = await t.http
        .post('/api/auth/register')
        .send({ name: "Ni Luh Putu Sari'ah", phone: '0813 5555 1234', pillar: 'TAGANA', regionCode: '32.72.03', password: 'siaga bencana selalu' })
        .expect(202);
      expect(res.body.status).toBe('PENDING');
      const [row] = await db.query(`SELECT name, phone, role, pillar, region_code, status FROM users WHERE phone = '+6281355551234'`);
      expect(row).toEqual({ name: "Ni Luh Putu Sari'ah", phone: '+6281355551234', role: 'PESERTA', pillar: 'TAGANA', region_code: '32.72.03', status: 'PENDING' });
      await t.http.post('/api/auth/login').send({ phone: '081355551234', password: 'siaga bencana selalu' }).expect(403);
      // A known phone answers exactly like a new one (F-L4), and its account gets nothing new.
      const before = await db.query(`SELECT * FROM users WHERE phone = '+6281355551234'`);
      const auditsBefore = (await db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n;
      const again = await t.http
        .post('/api/auth/register')
        .send({ name: 'Orang Lain', phone: '+62 813-5555-1234', pillar: 'PSM', regionCode: '32.72.03', password: 'siaga bencana selalu' })
        .expect(202);
      expect(again.body).toEqual(res.body);
      expect(await db.query(`SELECT * FROM users WHERE phone = '+6281355551234'`)).toEqual(before);
      expect((await db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(auditsBefore);
    });

    it('refuses a province, an unknown region, a bad phone, a weak password and an unknown pillar', async () => {
      const base = { name: 'Budi', phone: '081377778888', pillar: 'PSM', regionCode: '32.72.03', password: 'jalan kaki ke pasar' };
      const refused = async (change: Partial<typeof base>, code: string, field: string) => {
        const res = await t.http.post('/api/auth/register').send({ ...base, ...change }).expect(400);
        expect(res.body).toMatchObject({ code, fields: [expect.objectContaining({ field })] });
      };
      await refused({ regionCode: '32' }, 'AUTH_REGION_WRONG_LEVEL', 'regionCode');
      await refused({ regionCode: '32.99.99' }, 'REGION_NOT_FOUND', 'regionCode');
      await refused({ phone: '021-555-1234' }, 'AUTH_PHONE_INVALID', 'phone');
      await refused({ password: 'qwerty123' }, 'AUTH_PASSWORD_TOO_SHORT', 'password');
      await refused({ password: 'bimtek2026' }, 'AUTH_PASSWORD_TOO_COMMON', 'password');
      await refused({ password: 'Kemensos 2026' }, 'AUTH_PASSWORD_WEAK', 'password');
      await refused({ password: 'nomor 081377778888' }, 'AUTH_PASSWORD_WEAK', 'password');
      await refused({ name: '\u0007' }, 'AUTH_NAME_INVALID', 'name');
      // Bidi controls (a name shown reversed) and lone surrogates, in names and emails (F-L11).
      await refused({ name: 'Budi \u202Eotnas' }, 'AUTH_NAME_INVALID', 'name');
      await refused({ name: 'Budi \u2066x' }, 'AUTH_NAME_INVALID', 'name');
      await refused({ name: 'Budi \ud800' }, 'AUTH_NAME_INVALID', 'name');
      const email = await t.http.post('/api/auth/register').send({ ...base, email: 'budi\u202E@example.com' }).expect(400);
      expect(email.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'email', code: 'SAFE_TEXT', message: expect.stringContaining('pengatur arah tulisan') })] });
      await t.http.post('/api/auth/register').send({ ...base, email: 'budi\udc00@example.com' }).expect(400);
      await refused({ pillar: 'POLISI' }, 'VALIDATION_FAILED', 'pillar');
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM users WHERE phone = '+6281377778888'`);
      expect(n).toBe(0);
    });
  });

  describe('password change', () => {
    it('needs the current password, refuses a weak new one, and signs out every other device', async () => {
      const user = await createUser(t, { password: 'sandi lama yang panjang' });
      const other = await newSessionFor(t, user.id);
      const wrong = await t.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'bukan ini', newPassword: 'sandi baru yang panjang' }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'AUTH_PASSWORD_WRONG', fields: [{ field: 'currentPassword', code: 'AUTH_PASSWORD_WRONG', message: 'Kata sandi lama salah.' }] });
      const weak = await t.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'sandi lama yang panjang', newPassword: 'password123' }).expect(400);
      expect(weak.body).toMatchObject({ code: 'AUTH_PASSWORD_TOO_COMMON', fields: [expect.objectContaining({ field: 'newPassword' })] });
      const repeated = await t.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'sandi lama yang panjang', newPassword: 'x'.repeat(12) }).expect(400);
      expect(repeated.body).toMatchObject({ code: 'AUTH_PASSWORD_WEAK', fields: [expect.objectContaining({ field: 'newPassword', code: 'AUTH_PASSWORD_WEAK' })] });
      const withPhone = await t.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'sandi lama yang panjang', newPassword: `telepon ${user.phone}` }).expect(400);
      expect(withPhone.body).toMatchObject({ code: 'AUTH_PASSWORD_WEAK', fields: [expect.objectContaining({ field: 'newPassword' })] });
      await t.http.get('/api/me').set(bearer(other)).expect(200);
      const res = await t.http.post('/api/auth/password').set(user.headers).send({ currentPassword: 'sandi lama yang panjang', newPassword: 'sandi baru yang panjang' }).expect(200);
      expect(res.body).toEqual({ revoked: 1 });
      await t.http.get('/api/me').set(bearer(other)).expect(401);
      await t.http.get('/api/me').set(user.headers).expect(200);
      await t.http.post('/api/auth/login').send({ phone: user.phone, password: 'sandi baru yang panjang' }).expect(200);
      await t.http.post('/api/auth/login').send({ phone: user.phone, password: 'sandi lama yang panjang' }).expect(401);
    });
  });

  describe('GET /api/me', () => {
    it('shows my account without secrets', async () => {
      const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
      const res = await t.http.get('/api/me').set(admin.headers).expect(200);
      expect(res.body).toMatchObject({ id: admin.id, role: 'ADMIN_DINSOS', regionCode: '32.72', regionName: 'Kota Sukabumi', status: 'ACTIVE' });
      expect(Object.keys(res.body).join()).not.toMatch(/hash|password|code_|token/i);
    });
  });
});
