/**
 * Issue #22: every lesson a worker looks at sends `POST /api/enrollments/:id/lessons/:lessonId/open` (the page's GET
 * writes nothing). It records the first opening and where to resume in one statement after the enrollment's read,
 * without a transaction; what it answers and refuses stays as it was.
 */
import { DataSource } from 'typeorm';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { enroll, finishLessons, lessonIdsOf, startAttempt, statementsWhile, submit } from './learning.helpers';

describe('learning: a lesson opened', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    lessons = await lessonIdsOf(t);
  });
  afterAll(() => t.close());

  function open(worker: TestUser, enrollmentId: string, lessonId: string) {
    return t.http.post(`/api/enrollments/${enrollmentId}/lessons/${lessonId}/open`).set(worker.headers).send({});
  }

  async function written(enrollmentId: string): Promise<{ lastLessonId: string | null; opened: string[] }> {
    const [{ last_lesson_id }] = await db.query(`SELECT last_lesson_id FROM enrollments WHERE id = $1`, [enrollmentId]);
    const rows: { lesson_id: string }[] = await db.query(`SELECT lesson_id FROM lesson_progress WHERE enrollment_id = $1 ORDER BY lesson_id`, [enrollmentId]);
    return { lastLessonId: last_lesson_id, opened: rows.map((row) => row.lesson_id) };
  }

  it('reads the enrollment and writes in one statement, outside a transaction', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    await open(worker, id, lessons[0]).expect(200); // the course version is in memory, as on a running server
    const statements = await statementsWhile(db, () => open(worker, id, lessons[1]).expect(200));
    expect(statements.filter((statement) => /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(statement))).toEqual([]);
    expect(statements.filter((statement) => /\b(enrollments|lesson_progress)\b/.test(statement))).toEqual([
      expect.stringMatching(/^SELECT .* FROM enrollments e WHERE e\.id = \$1 AND e\.user_id = \$2$/),
      expect.stringMatching(/^WITH e AS \( UPDATE enrollments SET last_lesson_id = \$3/),
    ]);
  });

  it('keeps the first opening, moves where the worker resumes, and answers as the enrollment shows it', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const first = (await open(worker, id, lessons[2]).expect(200)).body;
    expect(first).toMatchObject({ lessonId: lessons[2], finishedAt: null, progress: { lessonsFinished: 0, lessonCount: lessons.length, percent: 0 } });
    expect(new Date(first.firstOpenedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const detail = (await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body;
    expect(first.nextStep).toBe(detail.nextStep);
    expect(detail.resumeLessonId).toBe(lessons[2]);

    await open(worker, id, lessons[4]).expect(200);
    const again = (await open(worker, id, lessons[2]).expect(200)).body;
    expect(again.firstOpenedAt).toBe(first.firstOpenedAt);
    expect(await written(id)).toEqual({ lastLessonId: lessons[2], opened: [lessons[2], lessons[4]].sort() });
  });

  it('answers a finished lesson with its finishing time, and counts an open post-test in the next step', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pretest.id, {}).expect(200);
    await finishLessons(t, worker, id, lessons);
    const finished = (await open(worker, id, lessons[0]).expect(200)).body;
    expect(finished.finishedAt).not.toBeNull();
    expect(finished.progress).toMatchObject({ lessonsFinished: lessons.length, percent: 100 });
    // The last attempt the course allows (3), still open: the worker may still submit it; once closed, no attempt is left.
    const posttest = await startAttempt(t, worker, id, 'posttest');
    await db.query(`UPDATE enrollments SET posttest_attempts = 3 WHERE id = $1`, [id]);
    expect((await open(worker, id, lessons[0]).expect(200)).body.nextStep).toBe('POSTTEST');
    await db.query(`UPDATE quiz_attempts SET status = 'EXPIRED' WHERE id = $1`, [posttest.id]);
    expect((await open(worker, id, lessons[0]).expect(200)).body.nextStep).toBe('OUT_OF_ATTEMPTS');
    expect((await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body.nextStep).toBe('OUT_OF_ATTEMPTS');
  });

  it('answers every one of concurrent first openings of a lesson with the one opening time recorded', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    await open(worker, id, lessons[0]).expect(200);
    // Hold the enrollment's row so that both openings start, then queue behind it: the one that goes second began
    // before the first one's progress row existed, and finds it only as a conflict.
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let answers: Array<{ body: { firstOpenedAt: string | null } }>;
    try {
      await holder.query(`SELECT 1 FROM enrollments WHERE id = $1 FOR UPDATE`, [id]);
      const both = Promise.all([open(worker, id, lessons[5]).expect(200), open(worker, id, lessons[5]).expect(200)]);
      const deadline = Date.now() + 10_000;
      const waiting = async () =>
        Number((await db.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH e AS%'`))[0].n);
      while ((await waiting()) < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await holder.commitTransaction();
      answers = await both;
    } finally {
      await holder.release();
    }
    const [{ first_opened_at }] = await db.query(`SELECT first_opened_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`, [id, lessons[5]]);
    expect(answers.map((answer) => answer.body.firstOpenedAt)).toEqual([first_opened_at.toISOString(), first_opened_at.toISOString()]);
  });

  it("refuses someone else's enrollment and a lesson of another course, writing nothing", async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const other = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    await open(worker, id, lessons[1]).expect(200);
    const before = await written(id);
    expect((await open(other, id, lessons[3]).expect(404)).body.code).toBe('ENROLLMENT_NOT_FOUND');
    const [foreign] = await lessonIdsOf(t, 'psm-dasar');
    expect((await open(worker, id, foreign).expect(404)).body.code).toBe('ENROLLMENT_LESSON_NOT_IN_COURSE');
    expect(await written(id)).toEqual(before);
  });
});
