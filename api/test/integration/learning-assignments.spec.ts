import { DataSource } from 'typeorm';
import { createUser, Pillar, Role, UserStatus } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, learningCounts, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

const DAY = 86_400_000;

async function assignmentRows(db: DataSource): Promise<number> {
  const [row] = await db.query(`SELECT (SELECT count(*) FROM course_assignments) + (SELECT count(*) FROM course_assignment_enrollments) AS n`);
  return Number(row.n);
}

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
    expect(res.body).toEqual({ id: expect.any(String), pillars: ['TAGANA'], enrolled: 2, alreadyEnrolled: 1, total: 3 });

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
    expect(entry).toMatchObject({ actor_id: admin.id, region_code: '32.72', details: { course: 'tagana-dasar', pillar: 'TAGANA', assignmentId: res.body.id, enrolled: 2 } });
    const again = await t.http.post('/api/assignments').set(admin.headers).send({ course: 'tagana-dasar', pillar: 'TAGANA' }).expect(200);
    expect(again.body).toEqual({ id: expect.any(String), pillars: ['TAGANA'], enrolled: 0, alreadyEnrolled: 3, total: 3 });
    expect(again.body.id).not.toBe(res.body.id);
  });

  it('lets the national admin assign anywhere and a regional admin only within their region', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT });
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.PSM, regionCode: '32.02.01' });
    const res = await t.http.post('/api/assignments').set(national.headers).send({ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.02' }).expect(200);
    expect(res.body.enrolled).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1`, [worker.id]))[0].n).toBe(1);

    const regional = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const before = { ...(await learningCounts(db)), assignments: await assignmentRows(db) };
    // Each refusal names its code and the request field it is about, so the form shows it next to that input.
    const cases: Array<[Record<string, unknown>, number, RegExp, string, string | undefined]> = [
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.02' }, 403, /di luar wilayah kerja/, 'ASSIGNMENT_REGION_OUT_OF_SCOPE', 'regionCode'],
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32' }, 403, /di luar wilayah kerja/, 'ASSIGNMENT_REGION_OUT_OF_SCOPE', 'regionCode'],
      [{ course: 'tksk-dasar', pillar: 'PSM' }, 400, /bukan untuk pilar PSM/, 'ASSIGNMENT_COURSE_NOT_FOR_PILLAR', 'pillar'],
      [{ course: 'tidak-ada', pillar: 'PSM' }, 404, /tidak ditemukan/, 'COURSE_NOT_FOUND', 'course'],
      [{ course: 'psm-dasar', pillar: 'PETANI' }, 400, /pillar harus salah satu/, 'VALIDATION_FAILED', 'pillar'],
      [{ course: 'psm-dasar', pillar: 'PSM', regionCode: '32.72.99' }, 400, /32\.72\.99 tidak ditemukan/, 'REGION_NOT_FOUND', 'regionCode'],
      [{ course: 'psm-dasar', pillar: 'PSM', dueAt: '2001-01-01T00:00:00Z' }, 400, /masa depan/, 'ASSIGNMENT_DUE_NOT_IN_FUTURE', 'dueAt'],
      [{ course: 'psm-dasar', pillar: 'PSM', dueAt: 'besok' }, 400, /dueAt/, 'VALIDATION_FAILED', 'dueAt'],
      [{ pillar: 'PSM' }, 400, /course/, 'VALIDATION_FAILED', 'course'],
    ];
    for (const [body, status, message, code, field] of cases) {
      const refused = await t.http.post('/api/assignments').set(regional.headers).send(body);
      expect({ body, status: refused.status, code: refused.body.code, message: refused.body.message, fields: refused.body.fields?.map((f: { field: string }) => f.field) }).toEqual({
        body,
        status,
        code,
        message: expect.stringMatching(message),
        fields: field === undefined ? undefined : expect.arrayContaining([field]),
      });
    }
    const worker2 = await createUser(t, { role: Role.PESERTA });
    await t.http.post('/api/assignments').set(worker2.headers).send({ course: 'psm-dasar', pillar: 'PSM' }).expect(403);
    expect({ ...(await learningCounts(db)), assignments: await assignmentRows(db) }).toEqual(before);
  });

  it('without a pillar, enrolls the workers of every pillar the course is for', async () => {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const reached = await Promise.all([
      createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.06' }),
      createUser(t, { role: Role.PESERTA, pillar: Pillar.SLRT, regionCode: '32.72.06' }),
    ]);
    const trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72.06' });
    const res = await t.http.post('/api/assignments').set(admin.headers).send({ course: 'inti-pilar-sosial', regionCode: '32.72.06' }).expect(200);
    expect(res.body).toMatchObject({ pillars: Object.values(Pillar), enrolled: 2, alreadyEnrolled: 0, total: 2 });
    const enrolled = await db.query(`SELECT e.user_id FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE c.slug = 'inti-pilar-sosial'`);
    expect(enrolled.map((r: { user_id: string }) => r.user_id).sort()).toEqual(reached.map((u) => u.id).sort());
    expect(enrolled.some((r: { user_id: string }) => r.user_id === trainer.id)).toBe(false);

    // A course for one pillar: that pillar only.
    const tksk = await t.http.post('/api/assignments').set(admin.headers).send({ course: 'tksk-dasar', regionCode: '32.72.06' }).expect(200);
    expect(tksk.body).toMatchObject({ pillars: ['TKSK'], enrolled: 1, total: 1 });
  });

  it('lists the assignments of the admin’s region only, newest first, paged, with who assigned them by name', async () => {
    const national = await createUser(t, { role: Role.ADMIN_PUSAT, name: 'Admin Pusat Uji' });
    const sukabumi = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72', name: 'Admin Sukabumi Uji' });
    const kabSukabumi = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    await createUser(t, { role: Role.PESERTA, pillar: Pillar.PENDAMPING_PKH, regionCode: '32.72.07' });
    await createUser(t, { role: Role.PESERTA, pillar: Pillar.PENDAMPING_PKH, regionCode: '32.02.01' });
    const course = 'pendamping-pkh-dasar';
    const dueAt = new Date(Date.now() + 10 * DAY).toISOString();
    const mine = (await t.http.post('/api/assignments').set(sukabumi.headers).send({ course, regionCode: '32.72.07', dueAt }).expect(200)).body;
    const theirs = (await t.http.post('/api/assignments').set(kabSukabumi.headers).send({ course }).expect(200)).body;
    const everywhere = (await t.http.post('/api/assignments').set(national.headers).send({ course }).expect(200)).body;
    const fromAbove = (await t.http.post('/api/assignments').set(national.headers).send({ course, regionCode: '32.72' }).expect(200)).body;

    const seen = async (admin: typeof national, query = `?course=${course}`) => (await t.http.get(`/api/assignments${query}`).set(admin.headers).expect(200)).body;
    const forSukabumi = await seen(sukabumi);
    expect(forSukabumi.items.map((item: { id: string }) => item.id)).toEqual([fromAbove.id, mine.id]);
    expect(forSukabumi.total).toBe(2);
    expect(forSukabumi.items[1]).toEqual({
      id: mine.id,
      course: { slug: course, title: expect.stringContaining('PKH'), version: 1 },
      pillars: ['PENDAMPING_PKH'],
      region: { code: '32.72.07', name: expect.any(String) },
      dueAt,
      assignedBy: 'Admin Sukabumi Uji',
      assignedAt: expect.any(String),
      newlyEnrolled: 1,
      alreadyEnrolled: 0,
      progress: { enrolled: 1, started: 0, completed: 0, overdue: 0 },
    });
    expect(forSukabumi.items[0]).toMatchObject({ assignedBy: 'Admin Pusat Uji', region: { code: '32.72' }, newlyEnrolled: 0, alreadyEnrolled: 1 });
    // The name only: no phone of the admin in the answer.
    expect(JSON.stringify(forSukabumi)).not.toContain(sukabumi.phone.slice(3));
    expect(JSON.stringify(forSukabumi)).not.toContain(national.phone.slice(3));

    expect((await seen(kabSukabumi)).items.map((item: { id: string }) => item.id)).toEqual([theirs.id]);
    const all = await seen(national);
    expect(all.items.map((item: { id: string }) => item.id)).toEqual([fromAbove.id, everywhere.id, theirs.id, mine.id]);
    expect(all.items[1]).toMatchObject({ region: null, newlyEnrolled: 0, alreadyEnrolled: 2 });

    // Without the course filter the other courses' assignments of the region come too, still only the region's.
    const unfiltered = await seen(sukabumi, '?pageSize=100');
    expect(unfiltered.total).toBeGreaterThan(2);
    expect(unfiltered.items.every((item: { region: { code: string } | null }) => item.region !== null && /^32\.72(\.|$)/.test(item.region.code))).toBe(true);
    expect(unfiltered.items.some((item: { id: string }) => item.id === theirs.id || item.id === everywhere.id)).toBe(false);

    const paged = await seen(national, `?course=${course}&pageSize=2&page=2`);
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(paged.items.map((item: { id: string }) => item.id)).toEqual([theirs.id, mine.id]);

    await t.http.get('/api/assignments?pageSize=0').set(sukabumi.headers).expect(400);
    await t.http.get('/api/assignments?course=Bukan%20Slug').set(sukabumi.headers).expect(400);
    expect((await t.http.get('/api/assignments?course=tidak-ada').set(sukabumi.headers).expect(200)).body).toMatchObject({ items: [], total: 0 });
    for (const role of [Role.PESERTA, Role.PELATIH]) {
      const other = await createUser(t, { role });
      await t.http.get('/api/assignments').set(other.headers).expect(403);
    }
    await t.http.get('/api/assignments').expect(401);
  });

  it('counts how the workers it reached are doing: enrolled, started, completed, overdue', async () => {
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const course = 'karang-taruna-dasar';
    const [, reading, done, late] = await Promise.all(
      [0, 1, 2, 3].map(() => createUser(t, { role: Role.PESERTA, pillar: Pillar.KARANG_TARUNA, regionCode: '32.72.03' })),
    );
    const dueAt = new Date(Date.now() + 30 * DAY).toISOString();
    const first = (await t.http.post('/api/assignments').set(admin.headers).send({ course, dueAt }).expect(200)).body;
    expect(first).toMatchObject({ enrolled: 4, total: 4 });
    const progressOf = async (id: string) => {
      const page = (await t.http.get(`/api/assignments?course=${course}`).set(admin.headers).expect(200)).body;
      return page.items.find((item: { id: string }) => item.id === id)?.progress;
    };
    expect(await progressOf(first.id)).toEqual({ enrolled: 4, started: 0, completed: 0, overdue: 0 });

    const enrollmentOf = async (user: typeof admin) => (await enroll(t, user, course)).id;
    const lessons = await lessonIdsOf(t, course);
    // One has started the pre-test (and not sent it yet).
    await startAttempt(t, reading, await enrollmentOf(reading), 'pretest');
    // One takes the whole course: pre-test, every lesson, post-test passed.
    const doneId = await enrollmentOf(done);
    const pretest = await startAttempt(t, done, doneId, 'pretest');
    await submit(t, done, pretest.id, await answersWith(db, pretest.id, 0)).expect(200);
    for (const lessonId of lessons) await t.http.post(`/api/enrollments/${doneId}/lessons/${lessonId}/finish`).set(done.headers).send({}).expect(200);
    await passFieldTasks(t, done, doneId); // completion needs the field task too (decision 026)
    const posttest = await startAttempt(t, done, doneId, 'posttest');
    const passed = await submit(t, done, posttest.id, await answersWith(db, posttest.id, posttest.questions.length));
    expect(passed.body).toMatchObject({ passed: true });
    // Time passes for one: its due date is behind it and it has not finished.
    await db.query(`UPDATE enrollments SET due_at = now() - interval '1 day' WHERE user_id = $1`, [late.id]);
    expect(await progressOf(first.id)).toEqual({ enrolled: 4, started: 2, completed: 1, overdue: 1 });

    // A worker who joins later is not part of that assignment; assigning again reaches everyone, the earlier ones as already enrolled.
    const newcomer = await createUser(t, { role: Role.PESERTA, pillar: Pillar.KARANG_TARUNA, regionCode: '32.72.01' });
    expect(await progressOf(first.id)).toEqual({ enrolled: 4, started: 2, completed: 1, overdue: 1 });
    const second = (await t.http.post('/api/assignments').set(admin.headers).send({ course, pillar: 'KARANG_TARUNA' }).expect(200)).body;
    expect(second).toMatchObject({ enrolled: 1, alreadyEnrolled: 4, total: 5 });
    expect(await progressOf(second.id)).toEqual({ enrolled: 5, started: 2, completed: 1, overdue: 1 });
    const page = (await t.http.get(`/api/assignments?course=${course}`).set(admin.headers).expect(200)).body;
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
    expect(page.items[0]).toMatchObject({ newlyEnrolled: 1, alreadyEnrolled: 4, dueAt: null });
    expect((await db.query(`SELECT count(*)::int AS n FROM enrollments WHERE user_id = $1`, [newcomer.id]))[0].n).toBe(1);
  });
});
