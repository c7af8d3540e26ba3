/**
 * Learning that cannot be skipped (issue #21 M5) and the learner page reads (issue #22), with the reading check on:
 * LEARNING_MIN_READING_SCALE=1 for this file (the test app defaults it to 0).
 */
process.env.LEARNING_MIN_READING_SCALE = '1';

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LessonReading } from '../../src/learning/lesson-reading';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { COURSE, enroll, learningCounts, lessonIdsOf, startAttempt, statementsWhile, submit } from './learning.helpers';

describe('learning: a lesson is finished only after it was read; the learner pages read once', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];
  let reading: LessonReading;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    reading = t.app.get(LessonReading);
    lessons = await lessonIdsOf(t);
  });
  afterAll(() => t.close());

  /** A worker enrolled in the course with the pre-test done: ready to finish lessons. */
  async function readyWorker(): Promise<{ worker: TestUser; id: string; pretestId: string }> {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pretest.id, {}).expect(200);
    // Enrolled two hours ago: an opening is never counted from before the enrollment existed.
    await db.query(`UPDATE enrollments SET created_at = now() - interval '2 hours' WHERE id = $1`, [id]);
    return { worker, id, pretestId: pretest.id };
  }

  const finish = (worker: TestUser, id: string, lessonId: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/enrollments/${id}/lessons/${lessonId}/finish`).set(worker.headers).send(body);

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  /** Finishes these lessons, each read for long enough. */
  async function finishLessonsRead(worker: TestUser, id: string, lessonIds: string[]): Promise<void> {
    for (const lessonId of lessonIds) await finish(worker, id, lessonId, { openedToken: await reading.sign(id, lessonId, minutesAgo(11)) }).expect(200);
  }

  it('refuses a finish without an opening, and one right after opening, changing nothing; accepts it after the minimum', async () => {
    const { worker, id } = await readyWorker();
    const before = await learningCounts(db);
    const unopened = await finish(worker, id, lessons[0]).expect(409);
    expect(unopened.body.code).toBe('LESSON_NOT_OPENED');
    expect(await learningCounts(db)).toEqual(before);

    await t.http.post(`/api/enrollments/${id}/lessons/${lessons[0]}/open`).set(worker.headers).send({}).expect(200);
    const opened = await learningCounts(db);
    const tooFast = await finish(worker, id, lessons[0]).expect(409);
    expect(tooFast.body).toMatchObject({ code: 'LESSON_READ_TOO_FAST', message: expect.stringMatching(/Lanjutkan membaca sekitar \d+ (detik|menit) lagi/) });
    expect(await learningCounts(db)).toEqual(opened);

    // The server's clock moves on: the opening is now 11 minutes old (the minimum is at most 10).
    await db.query(`UPDATE lesson_progress SET first_opened_at = now() - interval '11 minutes' WHERE enrollment_id = $1`, [id]);
    const done = await finish(worker, id, lessons[0]).expect(200);
    expect(done.body.finishedAt).not.toBeNull();
    expect(done.body.progress.lessonsFinished).toBe(1);
  });

  it('takes the lesson page’s signed token as the opening: too soon refused, an older one accepted, a forged one not', async () => {
    const { worker, id } = await readyWorker();
    const page = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[1]}`).set(worker.headers).expect(200);
    const token = page.body.enrollment.openedToken as string;
    expect((await finish(worker, id, lessons[1], { openedToken: token }).expect(409)).body.code).toBe('LESSON_READ_TOO_FAST');

    // A token for another lesson, a tampered one, or one from the future proves nothing.
    const other = await reading.sign(id, lessons[2], minutesAgo(11));
    expect((await finish(worker, id, lessons[1], { openedToken: other }).expect(409)).body.code).toBe('LESSON_NOT_OPENED');
    const older = await reading.sign(id, lessons[1], minutesAgo(11));
    const tampered = `${older.slice(0, -2)}${older.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await finish(worker, id, lessons[1], { openedToken: tampered }).expect(409)).body.code).toBe('LESSON_NOT_OPENED');
    const future = await reading.sign(id, lessons[1], new Date(Date.now() + 3_600_000));
    expect((await finish(worker, id, lessons[1], { openedToken: future }).expect(409)).body.code).toBe('LESSON_NOT_OPENED');

    const accepted = await finish(worker, id, lessons[1], { openedToken: older }).expect(200);
    expect(accepted.body.finishedAt).not.toBeNull();
    // The opening recorded is the one the token vouched for.
    const [row] = await db.query(`SELECT first_opened_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`, [id, lessons[1]]);
    expect(Math.abs(new Date(row.first_opened_at).getTime() - minutesAgo(11).getTime())).toBeLessThan(5_000);
    // Finishing again changes nothing and is not refused.
    await finish(worker, id, lessons[1]).expect(200);
  });

  it('judges offline reading by the device’s times, clamped to what the server knows', async () => {
    const { worker, id } = await readyWorker();
    const token = await reading.sign(id, lessons[0], minutesAgo(60)); // the page was saved an hour ago
    const event = (lessonId: string, openedAt: Date, at: Date, openedToken = token) => ({
      id: randomUUID(),
      type: 'lesson.finished',
      enrollmentId: id,
      lessonId,
      openedToken,
      openedAt: openedAt.toISOString(),
      at: at.toISOString(),
    });
    // Read offline for 5 seconds, 30 minutes ago: too fast, refused alone.
    const quick = await t.http.post('/api/sync').set(worker.headers).send({ events: [event(lessons[0], minutesAgo(30), new Date(minutesAgo(30).getTime() + 5_000))] });
    expect(quick.body.results[0]).toMatchObject({ status: 'rejected', code: 'LESSON_READ_TOO_FAST' });
    // A device clock claiming the lesson was opened before the page existed does not lengthen the reading.
    const early = await t.http.post('/api/sync').set(worker.headers).send({ events: [event(lessons[0], minutesAgo(600), minutesAgo(59.9))] });
    expect(early.body.results[0]).toMatchObject({ status: 'rejected', code: 'LESSON_READ_TOO_FAST' });
    // Read for 15 minutes offline: applied.
    const read = await t.http.post('/api/sync').set(worker.headers).send({ events: [event(lessons[0], minutesAgo(30), minutesAgo(15))] });
    expect(read.body.results[0]).toMatchObject({ status: 'applied' });
    expect(read.body.results[0].result.finishedAt).not.toBeNull();
  });

  it('opens the post-test only after every lesson is finished', async () => {
    const { worker, id } = await readyWorker();
    const refused = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'posttest' }).expect(409);
    expect(refused.body.code).toBe('ENROLLMENT_LESSONS_UNFINISHED');
  });

  // The learner page reads (issue #22): one read each, and reading writes nothing.

  it('serves a lesson page with the account, the enrollment and a token, and records nothing', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const before = await learningCounts(db);
    const [{ last_lesson_id: lastBefore }] = await db.query(`SELECT last_lesson_id FROM enrollments WHERE id = $1`, [id]);
    const page = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[2]}`).set(worker.headers).expect(200);
    expect(page.body).toMatchObject({
      user: { id: worker.id, role: 'PESERTA' },
      lessonEtag: `"l-${lessons[2]}"`,
      lesson: { id: lessons[2], html: expect.any(String), previous: { id: lessons[1] } },
      enrollment: { id, finished: false, openedToken: expect.any(String) },
    });
    expect(await learningCounts(db)).toEqual(before);
    const [{ last_lesson_id: lastAfter }] = await db.query(`SELECT last_lesson_id FROM enrollments WHERE id = $1`, [id]);
    expect(lastAfter).toBe(lastBefore);

    // The web holds the lesson already: only the per-worker part comes back.
    const cached = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[2]}`).query({ lessonEtag: page.body.lessonEtag }).set(worker.headers).expect(200);
    expect(cached.body).toMatchObject({ lesson: null, lessonEtag: page.body.lessonEtag, enrollment: { id } });
  });

  it('reads the lesson page in two statements: the session with its account, then the enrollment (issue #22)', async () => {
    const { worker } = await readyWorker();
    const url = `/api/learner/courses/${COURSE}/lessons/${lessons[2]}`;
    await t.http.get(url).set(worker.headers).expect(200); // the lesson's body and the course id are kept after the first
    const statements = await statementsWhile(db, async () => {
      const page = await t.http.get(url).set(worker.headers).expect(200);
      expect(page.body.user).toMatchObject({ id: worker.id, role: 'PESERTA' });
    });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/FROM auth_sessions s JOIN users u/);
    expect(statements[1]).toMatch(/FROM enrollments/);
  });

  it('reads the course page in three statements and the test page in two: the session, the course’s current version, the enrollment with its history (issue #22)', async () => {
    const { worker, id, pretestId } = await readyWorker();
    await finishLessonsRead(worker, id, [lessons[1]]);
    const session = expect.stringMatching(/FROM auth_sessions s JOIN users u/);
    const withHistory = expect.stringMatching(/FROM enrollments e .*JOIN quiz_attempts a/);
    // The course page asks which version is the current published one (a publish changes it), beside the enrollment.
    const currentVersion = expect.stringMatching(/FROM courses c JOIN course_versions v ON v.id = c.current_version_id/);
    const pages: Array<[string, unknown[]]> = [
      [`/api/learner/courses/${COURSE}`, [session, currentVersion, withHistory]],
      [`/api/learner/tests/${id}/pretest?attempt=${pretestId}`, [session, withHistory]],
      [`/api/learner/tests/${id}/posttest`, [session, withHistory]],
    ];
    for (const [url] of pages) await t.http.get(url).set(worker.headers).expect(200); // the outline, course id and bank are kept after the first
    for (const [url, expected] of pages) {
      const statements = await statementsWhile(db, async () => {
        const page = await t.http.get(url).set(worker.headers).expect(200);
        // Everything the page shows of the history came with that one statement.
        expect(page.body.enrollment).toMatchObject({
          id,
          finishedLessonIds: [lessons[1]],
          pretest: { score: 0, submittedAt: expect.any(String) },
          attempts: [{ id: pretestId, kind: 'pretest', status: 'SUBMITTED', score: 0 }],
        });
      });
      // The session comes first; the others may go out in either order.
      expect({ url, statements: [statements[0], ...statements.slice(1).sort()] }).toEqual({ url, statements: expected });
    }
  });

  it('shows the same enrollment on the course page, the test page and its detail, open and overdue attempts included', async () => {
    const { worker, id, pretestId } = await readyWorker();
    await finishLessonsRead(worker, id, lessons);
    const first = await startAttempt(t, worker, id, 'posttest');
    await submit(t, worker, first.id, {}).expect(200);
    const overdue = await startAttempt(t, worker, id, 'posttest');
    await db.query(`UPDATE quiz_attempts SET deadline = now() - interval '1 hour' WHERE id = $1`, [overdue.id]);
    const detail = (await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body;
    expect(detail).toMatchObject({
      finishedLessonIds: lessons,
      posttest: { openAttemptId: null, attemptsUsed: 2 },
      attempts: [
        { id: pretestId, kind: 'pretest', number: 1, status: 'SUBMITTED' },
        { id: first.id, kind: 'posttest', number: 1, status: 'SUBMITTED', score: 0, passed: false },
        { id: overdue.id, kind: 'posttest', number: 2, status: 'EXPIRED', score: null, passed: null, submittedAt: null },
      ],
    });
    expect((await t.http.get(`/api/learner/courses/${COURSE}`).set(worker.headers).expect(200)).body.enrollment).toEqual(detail);
    const test = await t.http.get(`/api/learner/tests/${id}/posttest`).query({ attempt: overdue.id }).set(worker.headers).expect(200);
    expect(test.body.enrollment).toEqual(detail);
    expect(test.body.attempt).toEqual((await t.http.get(`/api/attempts/${overdue.id}`).set(worker.headers).expect(200)).body);
    expect(test.body.attempt).toMatchObject({ id: overdue.id, status: 'EXPIRED', questions: expect.any(Array), result: null });

    // Within its time, the attempt is the open one.
    await db.query(`UPDATE quiz_attempts SET deadline = now() + interval '1 hour' WHERE id = $1`, [overdue.id]);
    const open = (await t.http.get(`/api/learner/courses/${COURSE}`).set(worker.headers).expect(200)).body.enrollment;
    expect(open).toMatchObject({ posttest: { openAttemptId: overdue.id }, attempts: [{}, {}, { id: overdue.id, status: 'OPEN' }] });
    const submitted = await t.http.get(`/api/learner/tests/${id}/posttest`).query({ attempt: first.id }).set(worker.headers).expect(200);
    expect(submitted.body.attempt).toEqual((await t.http.get(`/api/attempts/${first.id}`).set(worker.headers).expect(200)).body);
    expect(submitted.body.attempt.result).toMatchObject({ attemptId: first.id, score: 0 });
  });

  it('says on the lesson page whether that lesson is finished, and nothing of an enrollment to a visitor', async () => {
    const { worker, id } = await readyWorker();
    await finish(worker, id, lessons[1], { openedToken: await reading.sign(id, lessons[1], minutesAgo(11)) }).expect(200);
    const finished = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[1]}`).set(worker.headers).expect(200);
    expect(finished.body.enrollment).toMatchObject({ id, finished: true });
    const next = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[2]}`).set(worker.headers).expect(200);
    expect(next.body.enrollment).toMatchObject({ id, finished: false });
    const visitor = await t.http.get(`/api/learner/courses/${COURSE}/lessons/${lessons[1]}`).expect(200);
    expect(visitor.body).toMatchObject({ user: null, enrollment: null });
  });

  it('serves the course page to a visitor and to a worker, leaving out an outline the web holds', async () => {
    const anonymous = await t.http.get(`/api/learner/courses/${COURSE}`).expect(200);
    expect(anonymous.body).toMatchObject({ user: null, enrollment: null, outline: { slug: COURSE }, outlineEtag: expect.stringMatching(/^"v-/) });
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const mine = await t.http.get(`/api/learner/courses/${COURSE}`).query({ outlineEtag: anonymous.body.outlineEtag }).set(worker.headers).expect(200);
    expect(mine.body).toMatchObject({ user: { id: worker.id }, outline: null, enrollment: { id, finishedLessonIds: [] } });
    await t.http.get(`/api/learner/courses/no-such-course`).expect(404);
    await t.http.get(`/api/learner/courses/${COURSE}`).query({ outlineEtag: '<script>' }).expect(400);
  });

  it('serves home, catalogue, test, result and certificates pages with the account', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const home = await t.http.get('/api/learner/home').set(worker.headers).expect(200);
    expect(home.body).toMatchObject({ user: { id: worker.id }, enrollments: [{ id }] });
    const catalogue = await t.http.get('/api/learner/catalogue').query({ q: 'TKSK' }).set(worker.headers).expect(200);
    expect(catalogue.body).toMatchObject({ user: { id: worker.id }, pillar: 'TKSK', courses: expect.arrayContaining([expect.objectContaining({ slug: COURSE })]) });
    expect((await t.http.get('/api/learner/catalogue').expect(200)).body).toMatchObject({ user: null, pillar: null });

    const intro = await t.http.get(`/api/learner/tests/${id}/pretest`).set(worker.headers).expect(200);
    expect(intro.body).toMatchObject({ user: { id: worker.id }, enrollment: { id }, attempt: null });
    const pretest = await startAttempt(t, worker, id, 'pretest');
    const taking = await t.http.get(`/api/learner/tests/${id}/pretest`).query({ attempt: pretest.id }).set(worker.headers).expect(200);
    expect(taking.body.attempt).toMatchObject({ id: pretest.id });
    await t.http.get(`/api/learner/tests/${id}/posttest`).query({ attempt: pretest.id }).set(worker.headers).expect(404);
    await t.http.get(`/api/learner/tests/${id}/final`).set(worker.headers).expect(404);
    await submit(t, worker, pretest.id, {}).expect(200);
    const result = await t.http.get(`/api/learner/results/${pretest.id}`).set(worker.headers).expect(200);
    expect(result.body).toMatchObject({ user: { id: worker.id }, attempt: { id: pretest.id }, enrollment: { id } });

    const certificates = await t.http.get('/api/learner/certificates').set(worker.headers).expect(200);
    expect(certificates.body).toMatchObject({ user: { id: worker.id }, certificates: [] });

    // Someone else's enrollment or attempt is not found.
    const other = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    await t.http.get(`/api/learner/tests/${id}/pretest`).set(other.headers).expect(404);
    const { id: otherId } = await enroll(t, other);
    const notTheirs = await t.http.get(`/api/learner/tests/${otherId}/pretest`).query({ attempt: pretest.id }).set(other.headers).expect(404);
    expect(notTheirs.body.code).toBe('ATTEMPT_NOT_FOUND');
    await t.http.get(`/api/learner/results/${pretest.id}`).set(other.headers).expect(404);
    await t.http.get('/api/learner/home').expect(401);
  });
});
