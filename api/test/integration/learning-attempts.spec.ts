import path from 'node:path';
import { DataSource } from 'typeorm';
import { importPackageFiles } from '../../src/courses/course-importer';
import { readPackageFolder } from '../../src/courses/package-files';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, keysOf, learningCounts, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

const TIMED = 'uji-berwaktu';

/** tksk-dasar under another slug, with a 5-minute post-test and at most 2 attempts. */
function timedCourse(): Map<string, Uint8Array> {
  const files = readPackageFolder(path.resolve(__dirname, '..', '..', '..', 'content', 'courses', 'tksk-dasar'));
  const yaml = Buffer.from(files.get('course.yaml')!).toString('utf8');
  const changed = yaml
    .replace('slug: tksk-dasar', `slug: ${TIMED}`)
    // The course's own post-test (bank, draw, scenario share), with these two rules in place of its own.
    .replace(/posttest:\s*\{([^}]*)\}/, (_, rules: string) => `posttest: { ${rules.replace(/,\s*(max_attempts|time_limit_minutes):\s*\d+/g, '').trim()}, max_attempts: 2, time_limit_minutes: 5 }`);
  if (changed === yaml) throw new Error('course.yaml did not change');
  files.set('course.yaml', Buffer.from(changed, 'utf8'));
  return files;
}

const OPEN_KEYS = 'uji-kunci-terbuka';

/** tksk-dasar under another slug, one post-test attempt, and the keys shown after failing it (decision 023). */
function openKeysCourse(): Map<string, Uint8Array> {
  const files = readPackageFolder(path.resolve(__dirname, '..', '..', '..', 'content', 'courses', 'tksk-dasar'));
  const yaml = Buffer.from(files.get('course.yaml')!).toString('utf8');
  const changed = yaml
    .replace('slug: tksk-dasar', `slug: ${OPEN_KEYS}`)
    .replace(/posttest:\s*\{([^}]*)\}/, (_, rules: string) => `posttest: { ${rules.replace(/,\s*max_attempts:\s*\d+/g, '').trim()}, max_attempts: 1, reveal_answers_after_fail: true }`);
  if (changed === yaml) throw new Error('course.yaml did not change');
  files.set('course.yaml', Buffer.from(changed, 'utf8'));
  return files;
}

interface ResultItem {
  questionId: string;
  correct: boolean | null;
  credit: number | null;
  correctAnswer: unknown;
  explanation: string | null;
  module: string | null;
}

describe('learning: attempts', () => {
  let t: TestApp;
  let db: DataSource;
  let lessons: string[];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    await importPackageFiles(db, timedCourse(), TIMED);
    await importPackageFiles(db, openKeysCourse(), OPEN_KEYS);
    lessons = await lessonIdsOf(t);
  });
  afterAll(() => t.close());

  /** A worker whose pre-test is done and lessons finished: the post-test is next. */
  async function readyForPosttest(course = 'tksk-dasar'): Promise<{ worker: TestUser; id: string }> {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker, course);
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 4)).expect(200);
    await finishLessons(t, worker, id, course === 'tksk-dasar' ? lessons : await lessonIdsOf(t, course));
    await passFieldTasks(t, worker, id); // completion needs the field task too (decision 026)
    return { worker, id };
  }

  it('grades 50 concurrent identical submissions once, completes once and emits one event', async () => {
    const { worker, id } = await readyForPosttest();
    const post = await startAttempt(t, worker, id, 'posttest');
    const answers = await answersWith(db, post.id, 9);
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(t, worker, post.id, answers)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const bodies = new Set(responses.map((r) => JSON.stringify({ ...r.body })));
    expect(bodies.size).toBe(1);
    expect(responses[0].body).toMatchObject({ score: 90, passed: true, enrollmentStatus: 'COMPLETED' });
    const [attempt] = await db.query(`SELECT status, score, submitted_at FROM quiz_attempts WHERE id = $1`, [post.id]);
    expect(attempt).toMatchObject({ status: 'SUBMITTED', score: '90.0' });
    const [enrollment] = await db.query(`SELECT status, best_posttest_score, posttest_attempts, gain FROM enrollments WHERE id = $1`, [id]);
    expect(enrollment).toEqual({ status: 'COMPLETED', best_posttest_score: '90.0', posttest_attempts: 1, gain: '50.0' });
    const events = await db.query(`SELECT count(*)::int AS n FROM background_jobs WHERE kind = 'enrollment.completed' AND params->>'enrollmentId' = $1`, [id]);
    expect(events[0].n).toBe(1);
    // A later submission with other answers changes nothing either: the first grading stands.
    const other = await submit(t, worker, post.id, await answersWith(db, post.id, 0)).expect(200);
    expect(other.body.score).toBe(90);
  });

  it('refuses a submission after the time limit plus grace, storing nothing; accepts one within the grace', async () => {
    const { worker, id } = await readyForPosttest(TIMED);
    const post = await startAttempt(t, worker, id, 'posttest');
    expect(new Date(post.deadline!).getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    // Five minutes and 31 seconds later (the clock moved by moving the attempt back in time):
    await db.query(`UPDATE quiz_attempts SET started_at = started_at - interval '331 seconds', deadline = deadline - interval '331 seconds' WHERE id = $1`, [post.id]);
    const before = await learningCounts(db);
    const late = await submit(t, worker, post.id, await answersWith(db, post.id, 10)).expect(409);
    expect(late.body.message).toMatch(/^Waktu mengerjakan tes sudah habis \(batas .+ WIB\)\. Jawaban tidak disimpan\.$/);
    expect(await learningCounts(db)).toEqual(before);
    const [stored] = await db.query(`SELECT status, score, results, submitted_at FROM quiz_attempts WHERE id = $1`, [post.id]);
    expect(stored).toEqual({ status: 'OPEN', score: null, results: null, submitted_at: null });
    const reloaded = (await t.http.get(`/api/attempts/${post.id}`).set(worker.headers).expect(200)).body;
    expect(reloaded.status).toBe('EXPIRED');

    // The next attempt closes the expired one, which counts: two were allowed, this is the last.
    const second = await startAttempt(t, worker, id, 'posttest');
    expect((await db.query(`SELECT status FROM quiz_attempts WHERE id = $1`, [post.id]))[0].status).toBe('EXPIRED');
    // 20 seconds past the deadline is within the grace.
    await db.query(`UPDATE quiz_attempts SET started_at = started_at - interval '320 seconds', deadline = deadline - interval '320 seconds' WHERE id = $1`, [second.id]);
    const inGrace = await submit(t, worker, second.id, await answersWith(db, second.id, 7)).expect(200);
    expect(inGrace.body).toMatchObject({ score: 70, passed: true, attemptsLeft: 0 });
  });

  it('answers every bad request with a 4xx that names the problem, and changes nothing', async () => {
    const { worker, id } = await readyForPosttest();
    const post = await startAttempt(t, worker, id, 'posttest');
    const keys = await keysOf(db, post.id);
    const good = await answersWith(db, post.id, 10);
    const byType = (type: string) => keys.findIndex((k) => k.type === type);
    const single = byType('single');
    const other = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const otherEnrollment = await enroll(t, other);
    const otherPre = await startAttempt(t, other, otherEnrollment.id, 'pretest');

    const before = await learningCounts(db);
    const cases: Array<[string, () => Promise<{ status: number; body: { message: string; code: string } }>, number, RegExp, string]> = [
      ['unknown question id', () => submit(t, worker, post.id, { ...good, '00000000-0000-4000-8000-000000000000': 1 }), 400, /tidak ada di tes ini/, 'ATTEMPT_UNKNOWN_QUESTION'],
      ['a question id of another attempt', () => submit(t, worker, post.id, { [otherPre.questions[0].id + 'x']: 0 }), 400, /tidak ada di tes ini/, 'ATTEMPT_UNKNOWN_QUESTION'],
      ['index out of range', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: 4 }), 400, new RegExp(`Soal nomor ${single + 1} .*0 sampai 3`), 'ATTEMPT_ANSWER_INVALID'],
      ['array for single', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: [1] }), 400, new RegExp(`Soal nomor ${single + 1}`), 'ATTEMPT_ANSWER_INVALID'],
      ['negative index', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: -1 }), 400, /0 sampai 3/, 'ATTEMPT_ANSWER_INVALID'],
      ['fraction', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: 1.5 }), 400, /0 sampai 3/, 'ATTEMPT_ANSWER_INVALID'],
      ['boolean for single', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: true }), 400, /0 sampai 3/, 'ATTEMPT_ANSWER_INVALID'],
      ['string for single', () => submit(t, worker, post.id, { ...good, [keys[single].question_id]: '1' }), 400, /0 sampai 3/, 'ATTEMPT_ANSWER_INVALID'],
      ['answers missing', () => t.http.post(`/api/attempts/${post.id}/submit`).set(worker.headers).send({}), 400, /answers wajib diisi/, 'VALIDATION_FAILED'],
      ['answers as a list', () => t.http.post(`/api/attempts/${post.id}/submit`).set(worker.headers).send({ answers: [1, 2] }), 400, /answers harus berupa objek/, 'VALIDATION_FAILED'],
      ['unknown field', () => t.http.post(`/api/attempts/${post.id}/submit`).set(worker.headers).send({ answers: good, score: 100 }), 400, /score/, 'VALIDATION_FAILED'],
      ["someone else's attempt", () => submit(t, worker, otherPre.id, {}), 404, /^Tes tidak ditemukan\.$/, 'ATTEMPT_NOT_FOUND'],
      ["someone else's attempt, read", () => t.http.get(`/api/attempts/${otherPre.id}`).set(worker.headers), 404, /^Tes tidak ditemukan\.$/, 'ATTEMPT_NOT_FOUND'],
      ['an attempt that does not exist', () => submit(t, worker, '7b0a5e5e-1111-4222-8333-944444444444', {}), 404, /^Tes tidak ditemukan\.$/, 'ATTEMPT_NOT_FOUND'],
      ['a malformed attempt id', () => submit(t, worker, 'bukan-uuid', {}), 404, /^Tes tidak ditemukan\.$/, 'ATTEMPT_NOT_FOUND'],
      ["someone else's enrollment", () => t.http.get(`/api/enrollments/${otherEnrollment.id}`).set(worker.headers), 404, /^Pendaftaran kursus tidak ditemukan\.$/, 'ENROLLMENT_NOT_FOUND'],
      ["starting a test in someone else's enrollment", () => t.http.post(`/api/enrollments/${otherEnrollment.id}/attempts`).set(worker.headers).send({ kind: 'posttest' }), 404, /Pendaftaran/, 'ENROLLMENT_NOT_FOUND'],
      ["finishing a lesson of someone else's enrollment", () => t.http.post(`/api/enrollments/${otherEnrollment.id}/lessons/${lessons[0]}/finish`).set(worker.headers).send({}), 404, /Pendaftaran/, 'ENROLLMENT_NOT_FOUND'],
      ['a lesson of another course', async () => t.http.post(`/api/enrollments/${id}/lessons/${(await lessonIdsOf(t, 'psm-dasar'))[0]}/finish`).set(worker.headers).send({}), 404, /tidak ada di kursus/, 'ENROLLMENT_LESSON_NOT_IN_COURSE'],
      ['a malformed lesson id', () => t.http.post(`/api/enrollments/${id}/lessons/satu/finish`).set(worker.headers).send({}), 404, /tidak ada di kursus/, 'ENROLLMENT_LESSON_NOT_IN_COURSE'],
      ['a bad test kind', () => t.http.post(`/api/enrollments/${id}/attempts`).set(worker.headers).send({ kind: 'ujian' }), 400, /pretest.*posttest/, 'VALIDATION_FAILED'],
      ['a bad client time', () => t.http.post(`/api/enrollments/${id}/lessons/${lessons[0]}/finish`).set(worker.headers).send({ at: 'kemarin' }), 400, /ISO 8601/, 'VALIDATION_FAILED'],
      ['a bad course slug', () => t.http.post('/api/enrollments').set(worker.headers).send({ course: '../etc' }), 400, /slug/, 'VALIDATION_FAILED'],
      ['an admin taking a test', async () => t.http.post(`/api/attempts/${post.id}/submit`).set((await createUser(t, { role: Role.ADMIN_PUSAT })).headers).send({ answers: good }), 403, /Peran/, 'FORBIDDEN'],
    ];
    const wrongShapes = keys
      .map((key, index) => ({ key, index }))
      .filter(({ key }) => key.type !== 'single')
      .map(({ key, index }): (typeof cases)[number] =>
        key.type === 'multiple'
          ? [`duplicate option in multiple (${index + 1})`, () => submit(t, worker, post.id, { ...good, [key.question_id]: [0, 0] }), 400, /lebih dari sekali/, 'ATTEMPT_ANSWER_INVALID']
          : [`number for true/false (${index + 1})`, () => submit(t, worker, post.id, { ...good, [key.question_id]: 1 }), 400, /true \(benar\) atau false/, 'ATTEMPT_ANSWER_INVALID'],
      );
    for (const [label, call, status, message, code] of [...cases, ...wrongShapes]) {
      const res = await call();
      expect({ label, status: res.status, code: res.body.code, message: res.body.message }).toEqual({ label, status, code, message: expect.stringMatching(message) });
      expect(Object.keys(res.body).filter((key) => !['statusCode', 'error', 'code', 'message', 'fields'].includes(key))).toEqual([]);
    }
    // An answer's refusal names the answer it is about, so a form can show it there.
    const wrongAnswer = await submit(t, worker, post.id, { ...good, [keys[single].question_id]: 4 });
    expect(wrongAnswer.body.fields).toEqual([{ field: `answers.${keys[single].question_id}`, code: 'ATTEMPT_ANSWER_INVALID', message: wrongAnswer.body.message }]);
    expect(await learningCounts(db)).toEqual(before);
    const [attempt] = await db.query(`SELECT status FROM quiz_attempts WHERE id = $1`, [post.id]);
    expect(attempt.status).toBe('OPEN');
    // And the worker can still submit properly.
    await submit(t, worker, post.id, good).expect(200);
  });

  it('answers a reload of a submitted post-test with its result, keys hidden while attempts are left', async () => {
    const { worker, id } = await readyForPosttest();
    const post = await startAttempt(t, worker, id, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, 2)).expect(200);
    const reloaded = (await t.http.get(`/api/attempts/${post.id}`).set(worker.headers).expect(200)).body;
    expect(reloaded).toMatchObject({ status: 'SUBMITTED', result: { score: 20, passed: false, revealed: false } });
    const text = JSON.stringify(reloaded);
    const [bank] = await db.query(`SELECT explanation FROM questions WHERE id = $1`, [post.questions[0].id]);
    expect(text).not.toContain(bank.explanation.slice(0, 50));
  });

  it('scores unanswered questions as wrong and multiple answers in any order', async () => {
    const { worker, id } = await readyForPosttest();
    const post = await startAttempt(t, worker, id, 'posttest');
    const keys = await keysOf(db, post.id);
    const answers = await answersWith(db, post.id, 10);
    // Leave the last question out; give every multiple-answer key reversed.
    delete answers[keys[9].question_id];
    for (const key of keys) if (Array.isArray(answers[key.question_id])) answers[key.question_id] = [...(answers[key.question_id] as number[])].reverse();
    const res = await submit(t, worker, post.id, answers).expect(200);
    expect(res.body).toMatchObject({ score: 90, correctCount: 9 });
  });

  /** Explanations of the questions of an attempt, to show that none is in a response. */
  async function explanationsOf(attemptId: string): Promise<string[]> {
    const rows: Array<{ explanation: string }> = await db.query(
      `SELECT q.explanation FROM quiz_attempts a, jsonb_array_elements(a.items) AS items(item) JOIN questions q ON q.id = (item->>'questionId')::uuid WHERE a.id = $1`,
      [attemptId],
    );
    return rows.map((row) => row.explanation);
  }

  it('after a failed post-test shows which questions were wrong and the module to read again, never the right option (M5)', async () => {
    const { worker, id } = await readyForPosttest(TIMED);
    for (const attempt of [1, 2]) {
      const post = await startAttempt(t, worker, id, 'posttest');
      const failed = await submit(t, worker, post.id, await answersWith(db, post.id, 3)).expect(200);
      // The last allowed attempt too: keys are not handed out on exhaustion any more.
      expect(failed.body).toMatchObject({ passed: false, revealed: false, marked: true, attemptsLeft: 2 - attempt });
      const reloaded = (await t.http.get(`/api/attempts/${post.id}`).set(worker.headers).expect(200)).body;
      for (const body of [failed.body, reloaded.result]) {
        const results = body.results as ResultItem[];
        expect(results.map((r) => r.correct)).toEqual([true, true, true, false, false, false, false, false, false, false]);
        for (const result of results) {
          expect(result).toMatchObject({ correctAnswer: null, explanation: null, credit: null, module: expect.any(String) });
        }
        const text = JSON.stringify(body);
        for (const explanation of await explanationsOf(post.id)) expect(text).not.toContain(explanation.slice(0, 50));
      }
    }
    // The pre-test shares no bank with the post-test: its keys were shown at once, as before.
    const [pre] = await db.query(`SELECT id FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'pretest'`, [id]);
    expect((await t.http.get(`/api/attempts/${pre.id}`).set(worker.headers).expect(200)).body.result.revealed).toBe(true);
  });

  it('shows the right options once the post-test is passed, for the failed attempts too', async () => {
    const { worker, id } = await readyForPosttest();
    const first = await startAttempt(t, worker, id, 'posttest');
    const failed = await submit(t, worker, first.id, await answersWith(db, first.id, 2)).expect(200);
    expect((failed.body.results as ResultItem[]).every((r) => r.correctAnswer === null)).toBe(true);
    const second = await startAttempt(t, worker, id, 'posttest');
    const passed = await submit(t, worker, second.id, await answersWith(db, second.id, 10)).expect(200);
    expect(passed.body).toMatchObject({ passed: true, revealed: true, marked: true });
    expect((passed.body.results as ResultItem[]).every((r) => r.correctAnswer !== null && r.explanation !== null && r.correct === true)).toBe(true);
    const firstNow = (await t.http.get(`/api/attempts/${first.id}`).set(worker.headers).expect(200)).body.result;
    expect(firstNow.revealed).toBe(true);
  });

  it('shows the right options after the last failed attempt when the course sets reveal_answers_after_fail', async () => {
    const { worker, id } = await readyForPosttest(OPEN_KEYS);
    const post = await startAttempt(t, worker, id, 'posttest');
    const failed = await submit(t, worker, post.id, await answersWith(db, post.id, 4)).expect(200);
    expect(failed.body).toMatchObject({ passed: false, attemptsLeft: 0, revealed: true, marked: true });
    const keys = await keysOf(db, post.id);
    expect((failed.body.results as ResultItem[])[0].correctAnswer).toEqual(keys[0].type === 'true_false' ? keys[0].answer : expect.anything());
    expect((failed.body.results as ResultItem[]).every((r) => r.correctAnswer !== null && r.explanation !== null)).toBe(true);
  });

  it('shuffles the options per attempt, and a resumed attempt shows the same order', async () => {
    const orders = new Map<string, Set<string>>();
    for (let n = 0; n < 6; n += 1) {
      const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
      const { id } = await enroll(t, worker);
      const pre = await startAttempt(t, worker, id, 'pretest');
      // Resuming (starting again, or reloading) answers the same attempt in the same order.
      const again = await startAttempt(t, worker, id, 'pretest');
      const reloaded = (await t.http.get(`/api/attempts/${pre.id}`).set(worker.headers).expect(200)).body;
      expect(again.id).toBe(pre.id);
      expect(again.questions).toEqual(pre.questions);
      expect(reloaded.questions).toEqual(pre.questions);
      for (const question of pre.questions) {
        if (!question.options) continue;
        const seen = orders.get(question.id) ?? new Set<string>();
        seen.add(JSON.stringify(question.options));
        orders.set(question.id, seen);
      }
      // Grading goes by the option, not by its place: the keys in shown order score 100.
      const graded = await submit(t, worker, pre.id, await answersWith(db, pre.id, 10)).expect(200);
      expect(graded.body.score).toBe(100);
    }
    // Six attempts over a 13-question bank: a question with 4 options keeps one order in all of them with
    // probability (1/24)^k; that every question did so is far below any flakiness that matters.
    const shuffledQuestions = [...orders.values()].filter((seen) => seen.size > 1).length;
    expect(shuffledQuestions).toBeGreaterThan(0);
  });
});
