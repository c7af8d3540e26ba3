import { DataSource } from 'typeorm';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, COURSE, enroll, finishLessons, keysOf, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

describe('learning: a worker through a whole course', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    lessons = await lessonIdsOf(t);
  });
  afterAll(() => t.close());

  it('walks enroll → pre-test → lessons → post-test fail → post-test pass → completed, with the gain recorded', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });

    // Enrolling twice answers the same enrollment: 201, then 200.
    const first = await t.http.post('/api/enrollments').set(worker.headers).send({ course: COURSE }).expect(201);
    const again = await t.http.post('/api/enrollments').set(worker.headers).send({ course: COURSE }).expect(200);
    expect(again.body.id).toBe(first.body.id);
    const id = first.body.id as string;
    const [pinned] = await db.query(`SELECT e.course_version_id, c.current_version_id FROM enrollments e JOIN courses c ON c.id = e.course_id WHERE e.id = $1`, [id]);
    expect(pinned.course_version_id).toBe(pinned.current_version_id);
    expect(first.body).toMatchObject({ status: 'ACTIVE', nextStep: 'PRETEST', progress: { lessonsFinished: 0, lessonCount: lessons.length, percent: 0 } });

    // Lessons come after the pre-test.
    const early = await t.http.post(`/api/enrollments/${id}/lessons/${lessons[0]}/finish`).set(worker.headers).send({}).expect(409);
    expect(early.body).toMatchObject({ code: 'ENROLLMENT_PRETEST_REQUIRED', message: expect.stringMatching(/pre-test/i) });

    // Pre-test: frozen (the same on reload and when started again), and not graded for passing.
    const pretest = await startAttempt(t, worker, id, 'pretest');
    expect(pretest.questions).toHaveLength(10);
    const reload = (await t.http.get(`/api/attempts/${pretest.id}`).set(worker.headers).expect(200)).body;
    expect(reload.questions).toEqual(pretest.questions);
    const restarted = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'pretest' }).expect(200);
    expect(restarted.body.id).toBe(pretest.id);
    expect(restarted.body.questions).toEqual(pretest.questions);
    const pre = await submit(t, worker, pretest.id, await answersWith(db, pretest.id, 3)).expect(200);
    expect(pre.body).toMatchObject({ kind: 'pretest', score: 30, passed: null, correctCount: 3, total: 10 });
    // Format v2: the pre-test has a bank of its own, so its keys give nothing of the post-test away: shown at once.
    expect(pre.body.revealed).toBe(true);
    expect(pre.body.results.every((r: { correctAnswer: unknown; explanation: unknown }) => r.correctAnswer !== null && r.explanation !== null)).toBe(true);
    const twice = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'pretest' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'ATTEMPT_PRETEST_DONE', message: expect.stringMatching(/sekali/) });

    // The post-test waits for every lesson.
    await finishLessons(t, worker, id, lessons.slice(0, -1));
    const refused = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'posttest' }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'ENROLLMENT_LESSONS_UNFINISHED',
      message: `Post-test baru terbuka setelah semua pelajaran selesai (${lessons.length - 1} dari ${lessons.length} pelajaran selesai).`,
    });
    expect((await db.query(`SELECT count(*)::int AS n FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest'`, [id]))[0].n).toBe(0);

    // Finishing is monotonic: the first server time stays; the device's time is only kept beside it, within the enrollment's life.
    const last = lessons[lessons.length - 1];
    const done = await t.http.post(`/api/enrollments/${id}/lessons/${last}/finish`).set(worker.headers).send({ at: '2020-01-01T00:00:00Z' }).expect(200);
    const repeat = await t.http.post(`/api/enrollments/${id}/lessons/${last}/finish`).set(worker.headers).send({ at: '2030-01-01T00:00:00Z' }).expect(200);
    expect(repeat.body.finishedAt).toBe(done.body.finishedAt);
    expect(Math.abs(new Date(done.body.finishedAt).getTime() - Date.now())).toBeLessThan(60_000);
    const [progress] = await db.query(`SELECT client_finished_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`, [id, last]);
    // A device time from before the enrollment existed is clamped to its start (issue #21, F-L11).
    const [enrolled] = await db.query(`SELECT created_at FROM enrollments WHERE id = $1`, [id]);
    expect(progress.client_finished_at.toISOString()).toBe(enrolled.created_at.toISOString());
    expect(repeat.body).toMatchObject({ progress: { lessonsFinished: lessons.length, percent: 100 }, nextStep: 'POSTTEST' });

    // The course's field task passed review first: completion needs it too (decision 026).
    await passFieldTasks(t, worker, id);

    // Post-test, first attempt: failed; which questions were wrong, but no right option (decision 023).
    const post1 = await startAttempt(t, worker, id, 'posttest');
    const fail = await submit(t, worker, post1.id, await answersWith(db, post1.id, 5)).expect(200);
    expect(fail.body).toMatchObject({ kind: 'posttest', score: 50, passed: false, revealed: false, marked: true, enrollmentStatus: 'ACTIVE', attemptsLeft: 2 });
    expect(fail.body.results.every((r: { correct: unknown; correctAnswer: unknown }) => typeof r.correct === 'boolean' && r.correctAnswer === null)).toBe(true);

    // Second attempt: passed. Completed, the gain kept, the answers and explanations shown.
    const post2 = await startAttempt(t, worker, id, 'posttest');
    expect(post2.id).not.toBe(post1.id);
    const pass = await submit(t, worker, post2.id, await answersWith(db, post2.id, 8)).expect(200);
    expect(pass.body).toMatchObject({ score: 80, passed: true, revealed: true, enrollmentStatus: 'COMPLETED', correctCount: 8 });
    const keys = await keysOf(db, post2.id);
    const [explained] = await db.query(`SELECT explanation FROM questions WHERE id = $1`, [keys[0].question_id]);
    expect(pass.body.results[0]).toMatchObject({ questionId: keys[0].question_id, correct: true, credit: 1, explanation: explained.explanation });
    expect(pass.body.results[9]).toMatchObject({ correct: false });

    const detail = (await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body;
    expect(detail).toMatchObject({
      status: 'COMPLETED',
      nextStep: 'DONE',
      gain: 50,
      pretest: { score: 30 },
      posttest: { bestScore: 80, passed: true, attemptsUsed: 2, attemptsLeft: 1, available: false },
      progress: { percent: 100 },
    });
    expect(detail.finishedLessonIds).toEqual(lessons);
    expect(detail.attempts.map((a: { kind: string; number: number; status: string }) => `${a.kind}${a.number}:${a.status}`)).toEqual([
      'pretest1:SUBMITTED',
      'posttest1:SUBMITTED',
      'posttest2:SUBMITTED',
    ]);
    const [row] = await db.query(`SELECT status, completed_at, pretest_score, best_posttest_score, gain FROM enrollments WHERE id = $1`, [id]);
    expect(row).toMatchObject({ status: 'COMPLETED', pretest_score: '30.0', best_posttest_score: '80.0', gain: '50.0' });
    expect(row.completed_at).toBeInstanceOf(Date);

    // The pre-test's keys are shown now too; and a passed course takes no more tests.
    const preAfter = (await t.http.get(`/api/attempts/${pretest.id}`).set(worker.headers).expect(200)).body;
    expect(preAfter.result.revealed).toBe(true);
    const more = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'posttest' }).expect(409);
    expect(more.body).toMatchObject({ code: 'ENROLLMENT_ALREADY_PASSED', message: expect.stringMatching(/sudah lulus/) });

    // Completion emitted its event (for the certificate), in the same transaction.
    const jobs = await db.query(`SELECT kind, owner_id, params FROM background_jobs WHERE kind = 'enrollment.completed'`);
    expect(jobs).toEqual([{ kind: 'enrollment.completed', owner_id: worker.id, params: { enrollmentId: id } }]);
    const [queued] = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'enrollment.completed'`);
    expect(queued.n).toBe(1);

    // Lists show it.
    const mine = (await t.http.get('/api/enrollments').set(worker.headers).expect(200)).body;
    expect(mine).toMatchObject({ total: 1, page: 1, items: [{ id, status: 'COMPLETED', nextStep: 'DONE', course: { slug: COURSE } }] });
  });

  it('refuses a fourth post-test when the course allows three, and keeps the answers hidden once attempts run out', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 2)).expect(200);
    await finishLessons(t, worker, id, lessons);
    let last: { body: Record<string, unknown> } | undefined;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const post = await startAttempt(t, worker, id, 'posttest');
      last = await submit(t, worker, post.id, await answersWith(db, post.id, 6)).expect(200);
      expect(last.body).toMatchObject({ score: 60, passed: false, attemptsLeft: 3 - attempt, revealed: false });
    }
    const fourth = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'posttest' }).expect(409);
    expect(fourth.body).toEqual({ statusCode: 409, error: 'Conflict', code: 'ATTEMPT_LIMIT_REACHED', message: 'Kesempatan post-test sudah habis (paling banyak 3 kali).' });
    expect((await db.query(`SELECT count(*)::int AS n FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest'`, [id]))[0].n).toBe(3);
    const detail = (await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body;
    expect(detail).toMatchObject({ status: 'ACTIVE', nextStep: 'OUT_OF_ATTEMPTS', gain: 40, posttest: { attemptsLeft: 0, bestScore: 60, passed: false, available: false } });
  });

  it('never sends an answer key, explanation or correct flag before submission', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const started = await t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'pretest' }).expect(201);
    const reloaded = await t.http.get(`/api/attempts/${started.body.id}`).set(worker.headers).expect(200);
    const detail = await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200);
    const bank = await db.query(
      `SELECT q.id, q.type, q.answer, q.explanation, q.options FROM questions q JOIN enrollments e ON e.course_version_id = q.version_id WHERE e.id = $1`,
      [id],
    );
    for (const res of [started, reloaded]) {
      expect(Object.keys(res.body).sort()).toEqual(['deadline', 'enrollmentId', 'id', 'kind', 'number', 'questions', 'result', 'startedAt', 'status']);
      expect(res.body.result).toBeNull();
      for (const question of res.body.questions) {
        expect(Object.keys(question).sort()).toEqual(['id', 'options', 'prompt', 'type']);
        const source = bank.find((q: { id: string }) => q.id === question.id);
        // The options are the bank's, in a shuffled order that says nothing of the key.
        if (source.options) expect([...question.options].sort()).toEqual([...source.options].sort());
      }
    }
    for (const res of [started, reloaded, detail]) {
      const text = JSON.stringify(res.body);
      for (const key of ['answer', 'explanation', 'correct', 'correctAnswer', 'key', 'seed', 'order']) expect(text).not.toMatch(new RegExp(`"${key}"`));
      for (const question of bank) expect(text).not.toContain(question.explanation.slice(0, 60));
    }
  });

  it('draws attempts differently for different workers and keeps the option order frozen', async () => {
    const draws = new Set<string>();
    for (let i = 0; i < 4; i += 1) {
      const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
      const { id } = await enroll(t, worker);
      const attempt = await startAttempt(t, worker, id, 'pretest');
      draws.add(attempt.questions.map((q) => q.id).join());
      const [stored] = await db.query(`SELECT seed, items FROM quiz_attempts WHERE id = $1`, [attempt.id]);
      expect(typeof stored.seed).toBe('number');
      expect(stored.items.map((item: { questionId: string }) => item.questionId)).toEqual(attempt.questions.map((q) => q.id));
    }
    expect(draws.size).toBeGreaterThan(1);
  });

  it('resumes where the worker left off', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    expect((await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body.resumeLessonId).toBe(lessons[0]);
    await t.http.post(`/api/enrollments/${id}/lessons/${lessons[3]}/open`).set(worker.headers).send({}).expect(200);
    expect((await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body.resumeLessonId).toBe(lessons[3]);
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, {}).expect(200);
    await finishLessons(t, worker, id, [lessons[3], lessons[0]]);
    const detail = (await t.http.get(`/api/enrollments/${id}`).set(worker.headers).expect(200)).body;
    expect(detail).toMatchObject({ resumeLessonId: lessons[1], nextStep: 'LESSON', pretest: { score: 0 }, progress: { lessonsFinished: 2 } });
  });

  it('enrolls only in courses for the worker’s pillar (or for all), and only workers', async () => {
    const tagana = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TAGANA });
    const refused = await t.http.post('/api/enrollments').set(tagana.headers).send({ course: COURSE }).expect(403);
    expect(refused.body).toMatchObject({
      code: 'ENROLLMENT_NOT_FOR_PILLAR',
      message: 'Kursus ini bukan untuk pilar TAGANA.',
      fields: [{ field: 'course', code: 'ENROLLMENT_NOT_FOR_PILLAR', message: 'Kursus ini bukan untuk pilar TAGANA.' }],
    });
    await t.http.post('/api/enrollments').set(tagana.headers).send({ course: 'inti-pilar-sosial' }).expect(201);
    const unknown = await t.http.post('/api/enrollments').set(tagana.headers).send({ course: 'tidak-ada' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'COURSE_NOT_FOUND', fields: [{ field: 'course', code: 'COURSE_NOT_FOUND', message: 'Kursus tidak ditemukan.' }] });
    const trainer: TestUser = await createUser(t, { role: Role.PELATIH });
    await t.http.post('/api/enrollments').set(trainer.headers).send({ course: COURSE }).expect(403);
  });

  it('makes one enrollment of concurrent enrollments, never a 500 (issue #21, F-L2: 3 of 380 answered 500)', async () => {
    const workers = await Promise.all(Array.from({ length: 30 }, () => createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK })));
    const rounds = await Promise.all(
      workers.map((worker) => Promise.all(Array.from({ length: 10 }, () => t.http.post('/api/enrollments').set(worker.headers).send({ course: COURSE })))),
    );
    for (const results of rounds) {
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    }
  }, 60_000);
});
