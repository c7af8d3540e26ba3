/** Helpers of the learning specs: enrolling, finishing lessons, and answers built from the keys in the database. */
import { DataSource } from 'typeorm';
import type { TestUser } from '../factories';
import type { TestApp } from '../test-app';

export const COURSE = 'tksk-dasar';

export async function enroll(t: TestApp, user: TestUser, course = COURSE): Promise<{ id: string; [key: string]: unknown }> {
  const res = await t.http.post('/api/enrollments').set(user.headers).send({ course });
  if (res.status !== 201 && res.status !== 200) throw new Error(`enroll ${course}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function lessonIdsOf(t: TestApp, course = COURSE): Promise<string[]> {
  const outline = (await t.http.get(`/api/courses/${course}`).expect(200)).body as { modules: Array<{ lessons: Array<{ id: string }> }> };
  return outline.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
}

export async function finishLessons(t: TestApp, user: TestUser, enrollmentId: string, lessonIds: string[]): Promise<void> {
  for (const lessonId of lessonIds) {
    await t.http.post(`/api/enrollments/${enrollmentId}/lessons/${lessonId}/finish`).set(user.headers).send({}).expect(200);
  }
}

export async function startAttempt(t: TestApp, user: TestUser, enrollmentId: string, kind: 'pretest' | 'posttest') {
  const res = await t.http.post(`/api/enrollments/${enrollmentId}/attempts`).set(user.headers).send({ kind });
  if (res.status !== 201 && res.status !== 200) throw new Error(`start ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; questions: Array<{ id: string; type: string; prompt: string; options: string[] | null }>; deadline: string | null };
}

interface KeyRow {
  question_id: string;
  type: 'single' | 'multiple' | 'true_false';
  answer: number | number[] | boolean;
  order: number[] | null;
  option_count: number;
}

/** The right answer of every question of an attempt, in shown option indexes, read from the database. */
export async function keysOf(db: DataSource, attemptId: string): Promise<KeyRow[]> {
  return db.query(
    `SELECT q.id AS question_id, q.type, q.answer, item->'order' AS "order", coalesce(jsonb_array_length(q.options), 0) AS option_count
       FROM quiz_attempts a, jsonb_array_elements(a.items) WITH ORDINALITY AS items(item, n)
       JOIN questions q ON q.id = (item->>'questionId')::uuid
      WHERE a.id = $1 ORDER BY n`,
    [attemptId],
  );
}

function shownKey(row: KeyRow): number | number[] | boolean {
  if (row.type === 'true_false' || !row.order) return row.answer;
  const order = row.order;
  return Array.isArray(row.answer) ? row.answer.map((original) => order.indexOf(original)).sort((a, b) => a - b) : order.indexOf(row.answer as number);
}

function wrong(row: KeyRow): number | number[] | boolean {
  const key = shownKey(row);
  if (typeof key === 'boolean') return !key;
  if (Array.isArray(key)) return Array.from({ length: row.option_count }, (_, i) => i).filter((i) => !key.includes(i)).slice(0, 1);
  return (key + 1) % row.option_count;
}

/** Answers with the first `correct` questions right and the others wrong. */
export async function answersWith(db: DataSource, attemptId: string, correct: number): Promise<Record<string, unknown>> {
  const keys = await keysOf(db, attemptId);
  return Object.fromEntries(keys.map((row, index) => [row.question_id, index < correct ? shownKey(row) : wrong(row)]));
}

export function submit(t: TestApp, user: TestUser, attemptId: string, answers: Record<string, unknown>) {
  return t.http.post(`/api/attempts/${attemptId}/submit`).set(user.headers).send({ answers });
}

/** Row counts of every learning table, to show that a refused request changed nothing. */
export async function learningCounts(db: DataSource): Promise<Record<string, unknown>> {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM enrollments) AS enrollments,
            (SELECT count(*)::int FROM lesson_progress) AS lesson_progress,
            (SELECT count(*)::int FROM lesson_progress WHERE finished_at IS NOT NULL) AS lessons_finished,
            (SELECT count(*)::int FROM quiz_attempts) AS attempts,
            (SELECT count(*)::int FROM quiz_attempts WHERE status = 'SUBMITTED') AS submitted,
            (SELECT count(*)::int FROM sync_events) AS sync_events,
            (SELECT count(*)::int FROM background_jobs) AS jobs,
            (SELECT coalesce(string_agg(id || ':' || status || ':' || lessons_finished || ':' || coalesce(pretest_score::text, '-') || ':' ||
                    coalesce(best_posttest_score::text, '-') || ':' || posttest_attempts, ',' ORDER BY id), '') FROM enrollments) AS enrollment_state`,
  );
  return row;
}

/** The statements (whitespace folded) the API sends to PostgreSQL through TypeORM's logger while `action` runs. */
export async function statementsWhile(db: DataSource, action: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const spy = jest.spyOn(db.logger, 'logQuery').mockImplementation((query: string) => void statements.push(query.replace(/\s+/g, ' ').trim()));
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
