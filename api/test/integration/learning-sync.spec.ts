import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, learningCounts, lessonIdsOf, startAttempt } from './learning.helpers';

describe('learning: offline sync', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    lessons = await lessonIdsOf(t);
  });
  afterAll(() => t.close());

  it('applies a queued batch in order, refuses bad events alone, and a replay changes nothing', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    const stranger = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const foreign = await enroll(t, stranger);

    const wrongClock = '2019-06-01T10:00:00.000Z';
    const events = [
      { id: randomUUID(), type: 'attempt.submitted', enrollmentId: id, attemptId: pretest.id, answers: await answersWith(db, pretest.id, 6), at: wrongClock },
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: id, lessonId: lessons[0], at: wrongClock },
      // Not enrolled there: refused alone.
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: foreign.id, lessonId: lessons[1], at: wrongClock },
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: id, lessonId: lessons[1], at: wrongClock },
      // Malformed: refused alone.
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: id, at: wrongClock },
      { id: 'bukan-uuid', type: 'lesson.exploded', enrollmentId: id, at: 'kemarin' },
      'not an event',
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: id, lessonId: lessons[2], at: wrongClock, extra: true },
    ];
    const first = await t.http.post('/api/sync').set(worker.headers).send({ events }).expect(200);
    const results = first.body.results as Array<{ id: string; status: string; statusCode: number; code?: string; message?: string; result?: Record<string, unknown> }>;
    expect(results.map((r) => [r.status, r.statusCode])).toEqual([
      ['applied', 200],
      ['applied', 200],
      ['rejected', 404],
      ['applied', 200],
      ['rejected', 400],
      ['rejected', 400],
      ['rejected', 400],
      ['rejected', 400],
    ]);
    expect(results.map((r) => r.id)).toEqual([events[0], events[1], events[2], events[3], events[4], events[5]].map((e) => (e as { id: string }).id).concat(['#6', (events[7] as { id: string }).id]));
    expect(results[0].result).toMatchObject({ kind: 'pretest', score: 60 });
    expect(results.map((r) => r.code)).toEqual([
      undefined,
      undefined,
      'ENROLLMENT_NOT_FOUND',
      undefined,
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    expect(results[2].message).toBe('Pendaftaran kursus tidak ditemukan.');
    expect(results[4].message).toMatch(/lessonId/);
    expect(results[5].message).toMatch(/UUID/);
    expect(results[7].message).toMatch(/extra/);

    // The server's time is what counts; the device's is kept beside it, clamped to the enrollment's life (F-L11).
    const [{ created_at: enrolledAt }] = await db.query(`SELECT created_at FROM enrollments WHERE id = $1`, [id]);
    const [lesson] = await db.query(`SELECT finished_at, client_finished_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`, [id, lessons[0]]);
    expect(lesson.client_finished_at.toISOString()).toBe(enrolledAt.toISOString());
    expect(Math.abs(lesson.finished_at.getTime() - Date.now())).toBeLessThan(60_000);
    const [attempt] = await db.query(`SELECT client_submitted_at, submitted_at FROM quiz_attempts WHERE id = $1`, [pretest.id]);
    expect(attempt.client_submitted_at.toISOString()).toBe(enrolledAt.toISOString());
    expect((await db.query(`SELECT count(*)::int AS n FROM lesson_progress WHERE enrollment_id = $1`, [foreign.id]))[0].n).toBe(0);

    // Replaying the whole batch changes nothing; what was applied answers "duplicate" with its first result.
    const before = await learningCounts(db);
    const snapshot = () => db.query(`SELECT * FROM lesson_progress ORDER BY enrollment_id, lesson_id`);
    const progressBefore = await snapshot();
    const replay = await t.http.post('/api/sync').set(worker.headers).send({ events }).expect(200);
    const again = replay.body.results as typeof results;
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'rejected', 'duplicate', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(again[0].result).toEqual(results[0].result);
    expect(again[1].result).toEqual(results[1].result);
    expect(await learningCounts(db)).toEqual(before);
    expect(await snapshot()).toEqual(progressBefore);

    // Two replays at once still change nothing.
    const both = await Promise.all([1, 2].map(() => t.http.post('/api/sync').set(worker.headers).send({ events })));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await learningCounts(db)).toEqual(before);
  });

  it('clamps a device time in the future to the server time (F-L11)', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    const future = '2099-01-01T00:00:00.000Z';
    const events = [
      { id: randomUUID(), type: 'attempt.submitted', enrollmentId: id, attemptId: pretest.id, answers: await answersWith(db, pretest.id, 6), at: future },
      { id: randomUUID(), type: 'lesson.finished', enrollmentId: id, lessonId: lessons[0], at: future },
    ];
    const res = await t.http.post('/api/sync').set(worker.headers).send({ events }).expect(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [lesson] = await db.query(`SELECT client_finished_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`, [id, lessons[0]]);
    const [attempt] = await db.query(`SELECT client_submitted_at FROM quiz_attempts WHERE id = $1`, [pretest.id]);
    const synced = await db.query(`SELECT client_at FROM sync_events WHERE enrollment_id = $1`, [id]);
    for (const at of [lesson.client_finished_at, attempt.client_submitted_at, ...synced.map((e: { client_at: Date }) => e.client_at)]) {
      expect(at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it('answers an offline submission of an attempt already submitted online with the first result', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pretest = await startAttempt(t, worker, id, 'pretest');
    const online = await t.http.post(`/api/attempts/${pretest.id}/submit`).set(worker.headers).send({ answers: await answersWith(db, pretest.id, 7) }).expect(200);
    const offline = await t.http
      .post('/api/sync')
      .set(worker.headers)
      .send({ events: [{ id: randomUUID(), type: 'attempt.submitted', enrollmentId: id, attemptId: pretest.id, answers: {}, at: new Date().toISOString() }] })
      .expect(200);
    expect(offline.body.results[0]).toMatchObject({ status: 'duplicate', statusCode: 200, result: { score: online.body.score } });
    // An attempt id under the wrong enrollment is refused.
    const other = await enroll(t, worker, 'inti-pilar-sosial');
    const mismatch = await t.http
      .post('/api/sync')
      .set(worker.headers)
      .send({ events: [{ id: randomUUID(), type: 'attempt.submitted', enrollmentId: other.id, attemptId: pretest.id, answers: {}, at: new Date().toISOString() }] })
      .expect(200);
    expect(mismatch.body.results[0]).toMatchObject({ status: 'rejected', statusCode: 404 });
  });

  it('refuses a batch that is not a list, or too long', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    await t.http.post('/api/sync').set(worker.headers).send({ events: {} }).expect(400);
    await t.http.post('/api/sync').set(worker.headers).send({}).expect(400);
    await t.http
      .post('/api/sync')
      .set(worker.headers)
      .send({ events: Array.from({ length: 201 }, () => ({})) })
      .expect(400);
  });
});
