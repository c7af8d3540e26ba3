import { DataSource } from 'typeorm';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

/**
 * The course facts and question banks learning needs are read once and cached (CoursesService). A first read happens
 * inside the learner's transaction, which holds a pool connection and the enrollment's lock: it must use that
 * connection, not wait for a second one, or a burst of requests right after a start-up could fill the pool and
 * wait on itself.
 */
describe('learning: a cold cache under a full pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.DATABASE_POOL_SIZE = '2';
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('starts the first tests of many assigned workers at once with a pool of two connections', async () => {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const workers = await Promise.all(Array.from({ length: 6 }, () => createUser(t, { role: Role.PESERTA, pillar: Pillar.PSM, regionCode: '32.72.03' })));
    // Assigning enrolls them without reading the course's version or banks: both caches are still cold.
    await t.http.post('/api/assignments').set(admin.headers).send({ course: 'psm-dasar', pillar: 'PSM' }).expect(200);
    const db = t.app.get(DataSource);
    const enrollments = await Promise.all(
      workers.map(async (worker) => ({ worker, id: (await db.query(`SELECT id FROM enrollments WHERE user_id = $1`, [worker.id]))[0].id as string })),
    );

    const started = Date.now();
    const responses = await Promise.all(enrollments.map(({ worker, id }) => t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'pretest' })));
    expect(responses.map((res) => res.status)).toEqual(Array(6).fill(201));
    // A pool waiting on itself would answer only after the connection timeout (5 s), with errors.
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
