import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, startAttempt } from './learning.helpers';

describe('Idempotency-Key (contract 4)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const enrollments = async (userId: string) => (await db.query(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1`, [userId]))[0].n;

  it('answers the same key and body with the first response, status included', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const key = randomUUID();
    const first = await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Key order and spacing of the body do not matter: the same JSON is the same request.
    const replay = await t.http
      .post('/api/enrollments')
      .set({ ...worker.headers, 'Content-Type': 'application/json' })
      .set('Idempotency-Key', key)
      .send('{ "course" : "tksk-dasar" }')
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(await enrollments(worker.id)).toBe(1);
    // Without the key, enrolling again is an ordinary 200 (already enrolled).
    await t.http.post('/api/enrollments').set(worker.headers).send({ course: 'tksk-dasar' }).expect(200);
  });

  it('refuses the same key with another body, or on another route, with 422', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const key = randomUUID();
    await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(201);
    const other = await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', key).send({ course: 'inti-pilar-sosial' }).expect(422);
    expect(other.body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringMatching(/sudah dipakai untuk permintaan lain/) });
    expect(await enrollments(worker.id)).toBe(1);
    const { id } = await enroll(t, worker);
    await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(422);
  });

  it('keeps keys per caller: another worker may use the same key', async () => {
    const key = randomUUID();
    const a = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const b = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const first = await t.http.post('/api/enrollments').set(a.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(201);
    const second = await t.http.post('/api/enrollments').set(b.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('runs concurrent requests with one key once; the others answer its response', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    const answers = await answersWith(db, pretest.id, 5);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post(`/api/attempts/${pretest.id}/submit`).set(worker.headers).set('Idempotency-Key', key).send({ answers })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    const [row] = await db.query(`SELECT state, response_status FROM idempotency_keys WHERE caller_id = $1 AND key = $2`, [worker.id, key]);
    expect(row).toEqual({ state: 'DONE', response_status: 200 });
  });

  it('keeps no failed response: after a refusal the same key runs again', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const key = randomUUID();
    // The post-test is refused before the pre-test …
    await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).set('Idempotency-Key', key).send({ kind: 'posttest' }).expect(409);
    expect((await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE caller_id = $1`, [worker.id]))[0].n).toBe(0);
    // … and the same request with the same key is judged again, not answered from a store.
    const again = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).set('Idempotency-Key', key).send({ kind: 'posttest' }).expect(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key, and forgets keys after they expire', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const bad = await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', 'a'.repeat(201)).send({ course: 'tksk-dasar' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID', message: expect.stringMatching(/Idempotency-Key/) });
    await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', 'kunci dengan spasi').send({ course: 'tksk-dasar' }).expect(400);
    expect(await enrollments(worker.id)).toBe(0);

    const key = randomUUID();
    await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', key).send({ course: 'tksk-dasar' }).expect(201);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE caller_id = $1`, [worker.id]);
    // Expired: the key is free again, for any request.
    const fresh = await t.http.post('/api/enrollments').set(worker.headers).set('Idempotency-Key', key).send({ course: 'inti-pilar-sosial' }).expect(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not keep answers marked no-store (secrets shown once) nor answers of anonymous callers', async () => {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const worker = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03' });
    const key = randomUUID();
    const reset = await t.http.post(`/api/workers/${worker.id}/reset`).set(admin.headers).set('Idempotency-Key', key).send({});
    expect(reset.status).toBe(200);
    expect(reset.headers['cache-control']).toMatch(/no-store/);
    expect((await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE caller_id = $1`, [admin.id]))[0].n).toBe(0);

    await t.http.post('/api/auth/login').set('Idempotency-Key', key).send({ phone: '081100000099', password: 'salah-sekali-123' }).expect(401);
    expect((await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]))[0].n).toBe(0);
  });
});
