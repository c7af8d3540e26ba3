import { DataSource } from 'typeorm';
import { createUser, Pillar, Role, UserStatus } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { learningCounts } from './learning.helpers';

describe('learning: assigning a course', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('enrolls every active or invited worker of the pillar in the admin’s region, in one statement, with a due date', async () => {
    const inside = await Promise.all([
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72.03' }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72.01' }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72', status: UserStatus.INVITED, signedOut: true }),
    ]);
    const outside = await Promise.all([
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.02.01' }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72.03', status: UserStatus.DISABLED, signedOut: true }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA, regionCode: '32.72.03', status: UserStatus.PENDING, signedOut: true }),
    ]);
    // One of them had already enrolled on their own.
    await t.http.post('/api/enrollments').set(inside[0].headers).send({ course: 'tagana-dasar' }).expect(201);

    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await t.http.post('/api/assignments').set(admin.headers).send({ course: 'tagana-dasar', pillar: 'TAGANA', dueAt }).expect(200);
    expect(res.body).toEqual({ enrolled: 2, alreadyEnrolled: 1, total: 3 });

    const rows = await db.query(
      `SELECT e.user_id, e.source, e.due_at, e.assigned_by_id, e.course_version_id = c.current_version_id AS pinned
         FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE c.slug = 'tagana-dasar'`,
    );
    expect(rows.map((r: { user_id: string }) => r.user_id).sort()).toEqual(inside.map((u) => u.id).sort());
    expect(rows.every((r: { due_at: Date; pinned: boolean }) => r.pinned && r.due_at.toISOString() === dueAt)).toBe(true);
    expect(rows.filter((r: { source: string }) => r.source === 'ASSIGNED')).toHaveLength(2);
    for (const user of outside) expect(rows.some((r: { user_id: string }) => r.user_id === user.id)).toBe(false);

    // The worker sees it with its due date.
    const mine = (await t.http.get('/api/enrollments').set(inside[1].headers).expect(200)).body;
    expect(mine.items).toEqual([expect.objectContaining({ source: 'ASSIGNED', dueAt, nextStep: 'PRETEST' })]);

    // Audited; assigning again enrolls nobody new.
    const [entry] = await db.query(`SELECT actor_id, region_code, details FROM audit_log WHERE action = 'course.assign'`);
    expect(entry).toMatchObject({ actor_id: admin.id, region_code: '32.72', details: { course: 'tagana-dasar', pillar: 'TAGANA', enrolled: 2 } });
    const again = await t.http.post('/api/assignments').set(admin.headers).send({ course: 'tagana-dasar', pillar: 'TAGANA' }).expect(200);
    expect(again.body).toEqual({ enrolled: 0, alreadyEnrolled: 3, total: 3 });
  });

  it('lets the national admin assign anywhere and a regional admin only within their region', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.PSM, regionCode: '32.02.01' });
    const res = await t.http.post('/api/assignments').set(national.headers).send({ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.02' }).expect(200);
    expect(res.body.enrolled).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1`, [worker.id]))[0].n).toBe(1);

    const regional = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const before = await learningCounts(db);
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.02' }, 403, /di luar wilayah kerja/],
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32' }, 403, /di luar wilayah kerja/],
      [{ course: 'tksk-dasar', pillar: 'PSM' }, 400, /bukan untuk pilar PSM/],
      [{ course: 'tidak-ada', pillar: 'PSM' }, 404, /tidak ditemukan/],
      [{ course: 'psm-dasar', pillar: 'PETANI' }, 400, /pillar harus salah satu/],
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.72.99' }, 400, /tidak dikenal/],
      [{ course: 'psm-dasar', pillar: 'PSM', dueAt: '2001-01-01T00:00:00Z' }, 400, /masa depan/],
      [{ course: 'psm-dasar', pillar: 'PSM', dueAt: 'besok' }, 400, /dueAt/],
      [{ pillar: 'PSM' }, 400, /course/],
    ];
    for (const [body, status, message] of cases) {
      const refused = await t.http.post('/api/assignments').set(regional.headers).send(body);
      expect({ body, status: refused.status, message: refused.body.message }).toEqual({ body, status, message: expect.stringMatching(message) });
    }
    const worker2 = await createUser(t, { role: Role.PESERTA });
    await t.http.post('/api/assignments').set(worker2.headers).send({ course: 'psm-dasar', pillar: 'PSM' }).expect(403);
    expect(await learningCounts(db)).toEqual(before);
  });
});
