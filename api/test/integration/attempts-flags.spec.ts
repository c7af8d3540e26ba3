import { DataSource } from 'typeorm';
import { minimumCourseSeconds, minimumLessonSeconds } from '../../src/learning/attempts-flags.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, keysOf, lessonIdsOf, startAttempt, submit } from './learning.helpers';

interface Flag {
  kind: 'FAST_COMPLETION' | 'SAME_ANSWERS';
  attemptId: string;
  workerId: string;
  workerName: string | null;
  regionCode: string | null;
  courseTitle: string | null;
  minutesTaken: number | null;
  minimumMinutes: number | null;
  group: string | null;
  otherWorkers: number | null;
}

/** Issue #21 M5: admins see implausible completions and identical answers, each in their own region (decision 023). */
describe('learning: integrity flags', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];
  const CITAMIANG = '32.72.03';
  const BOGOR = '32.01.01';
  let adminSukabumi: TestUser;
  let adminBogor: TestUser;
  let adminPusat: TestUser;
  const planted: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    lessons = await lessonIdsOf(t);
    adminSukabumi = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    adminBogor = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.01' });
    adminPusat = await createUser(t, { role: Role.ADMIN_PUSAT });

    // A worker who passes the post-test seconds after enrolling (the test app needs no reading time).
    const fast = await readyWorker(CITAMIANG);
    const passed = await startAttempt(t, fast.worker, fast.enrollmentId, 'posttest');
    await submit(t, fast.worker, passed.id, await answersWith(db, passed.id, 10)).expect(200);
    planted.fast = passed.id;

    // One who passes as fast, but enrolled three hours earlier: plausible.
    const slow = await readyWorker(CITAMIANG);
    await db.query(`UPDATE enrollments SET created_at = now() - interval '3 hours' WHERE id = $1`, [slow.enrollmentId]);
    const slowPass = await startAttempt(t, slow.worker, slow.enrollmentId, 'posttest');
    await submit(t, slow.worker, slowPass.id, await answersWith(db, slowPass.id, 10)).expect(200);

    // Two workers in two regions given the same questions (options shown in other orders) who answer them alike,
    // and a third with the same questions who answers differently.
    const first = await readyWorker(CITAMIANG);
    const second = await readyWorker(BOGOR);
    const third = await readyWorker(CITAMIANG);
    const a = await startAttempt(t, first.worker, first.enrollmentId, 'posttest');
    const b = await startAttempt(t, second.worker, second.enrollmentId, 'posttest');
    const c = await startAttempt(t, third.worker, third.enrollmentId, 'posttest');
    const [{ items }] = await db.query(`SELECT items FROM quiz_attempts WHERE id = $1`, [a.id]);
    const reversed = (items as Array<{ questionId: string; order: number[] | null }>).map((item) => ({ ...item, order: item.order ? [...item.order].reverse() : null }));
    await db.query(`UPDATE quiz_attempts SET items = $2::jsonb WHERE id = ANY($1::uuid[])`, [[b.id, c.id], JSON.stringify(reversed)]);
    await submit(t, first.worker, a.id, await halfAnswered(a.id, 5)).expect(200);
    await submit(t, second.worker, b.id, await halfAnswered(b.id, 5)).expect(200);
    await submit(t, third.worker, c.id, await halfAnswered(c.id, 6)).expect(200);
    Object.assign(planted, { sameA: a.id, sameB: b.id, different: c.id });
  }, 120_000);
  afterAll(() => t.close());

  async function readyWorker(regionCode: string): Promise<{ worker: TestUser; enrollmentId: string }> {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode });
    const { id } = await enroll(t, worker);
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 4)).expect(200);
    await finishLessons(t, worker, id, lessons);
    return { worker, enrollmentId: id };
  }

  /** The first `right` questions answered right, the others left unanswered (so two workers' answers can match). */
  async function halfAnswered(attemptId: string, right: number): Promise<Record<string, unknown>> {
    const answers = await answersWith(db, attemptId, right);
    for (const key of (await keysOf(db, attemptId)).slice(right)) delete answers[key.question_id];
    return answers;
  }

  async function flagsOf(admin: TestUser, query = ''): Promise<Flag[]> {
    const res = await t.http.get(`/api/integrity-flags${query}`).set(admin.headers).expect(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items;
  }

  const summary = (flags: Flag[]) => flags.map((flag) => `${flag.kind} ${Object.keys(planted).find((name) => planted[name] === flag.attemptId) ?? flag.attemptId}`).sort();

  it('shows the national admin every flag: the fast pass and both workers with the same answers', async () => {
    expect(summary(await flagsOf(adminPusat))).toEqual(['FAST_COMPLETION fast', 'SAME_ANSWERS sameA', 'SAME_ANSWERS sameB']);
  });

  it("shows a Dinsos admin only their region's flags; the other worker is counted, not named", async () => {
    const sukabumi = await flagsOf(adminSukabumi);
    expect(summary(sukabumi)).toEqual(['FAST_COMPLETION fast', 'SAME_ANSWERS sameA']);
    const fast = sukabumi.find((flag) => flag.kind === 'FAST_COMPLETION')!;
    expect(fast).toMatchObject({ regionCode: CITAMIANG, courseTitle: expect.stringContaining('TKSK'), workerName: expect.any(String) });
    expect(fast.minutesTaken!).toBeLessThan(fast.minimumMinutes!);
    const same = sukabumi.find((flag) => flag.kind === 'SAME_ANSWERS')!;
    expect(same).toMatchObject({ otherWorkers: 1, group: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(JSON.stringify(sukabumi)).not.toContain(planted.sameB);
    expect(summary(await flagsOf(adminBogor))).toEqual(['SAME_ANSWERS sameB']);
  });

  it('filters by kind, and refuses workers and trainers', async () => {
    expect(summary(await flagsOf(adminPusat, '?kind=FAST_COMPLETION'))).toEqual(['FAST_COMPLETION fast']);
    expect(summary(await flagsOf(adminPusat, '?kind=SAME_ANSWERS'))).toEqual(['SAME_ANSWERS sameA', 'SAME_ANSWERS sameB']);
    await t.http.get('/api/integrity-flags?kind=LAIN').set(adminPusat.headers).expect(400);
    const worker = await createUser(t, { role: Role.PESERTA });
    const trainer = await createUser(t, { role: Role.PELATIH });
    await t.http.get('/api/integrity-flags').set(worker.headers).expect(403);
    await t.http.get('/api/integrity-flags').set(trainer.headers).expect(403);
  });

  it("computes a course's minimum from its lessons' words, as the reading rule does", () => {
    expect(minimumLessonSeconds(0)).toBe(20);
    expect(minimumLessonSeconds(800)).toBe(120);
    expect(minimumLessonSeconds(100_000)).toBe(600);
    expect(minimumCourseSeconds([0, 800, 100_000])).toBe(740);
  });
});
