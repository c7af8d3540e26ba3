import { Client, type QueryConfig } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { preparedRowsOf, rowsOf } from '../../src/common/sql';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';

/**
 * Issue #22: a graded submit in as few statements as the rules allow. Counts every statement the API sends to
 * PostgreSQL through TypeORM (transaction control included) for one submit, so a change that adds a round trip
 * fails here.
 */
describe('learning: statements of a graded submit', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** The statements that read or write learning's own tables (outside the transaction control). */
  function learningStatements(statements: string[]): string[] {
    return statements.filter((statement) => /\b(quiz_attempts|enrollments)\b/.test(statement) && !/^INSERT INTO (report_|background_jobs)/.test(statement));
  }

  async function statementsOf(action: () => Promise<unknown>): Promise<string[]> {
    const statements: string[] = [];
    const spy = jest.spyOn(db.logger, 'logQuery').mockImplementation((query: string) => {
      statements.push(query.replace(/\s+/g, ' ').trim());
    });
    try {
      await action();
    } finally {
      spy.mockRestore();
    }
    return statements;
  }

  /** The statements sent to PostgreSQL as named (prepared) statements during `action`, by their SQL text. */
  async function preparedOf(action: () => Promise<unknown>): Promise<string[]> {
    const prepared: string[] = [];
    const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as QueryConfig | string;
      if (typeof config === 'object' && config.name) prepared.push(config.text.replace(/\s+/g, ' ').trim());
      return query.apply(this, args);
    } as typeof Client.prototype.query);
    try {
      await action();
    } finally {
      spy.mockRestore();
    }
    return prepared;
  }

  it('grades with one statement to lock and read, one to write the result and the scores (issue #22)', async () => {
    const lessons = await lessonIdsOf(t);
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pre = await startAttempt(t, worker, id, 'pretest');
    const preAnswers = await answersWith(db, pre.id, 4);
    // Warm the caches (session, version, bank) the way a running server has them.
    await t.http.get(`/api/attempts/${pre.id}`).set(worker.headers).expect(200);
    const preStatements = await statementsOf(() => submit(t, worker, pre.id, preAnswers).expect(200));
    await finishLessons(t, worker, id, lessons);
    const failed = await startAttempt(t, worker, id, 'posttest');
    const failAnswers = await answersWith(db, failed.id, 3);
    const failStatements = await statementsOf(() => submit(t, worker, failed.id, failAnswers).expect(200));
    const passed = await startAttempt(t, worker, id, 'posttest');
    const passAnswers = await answersWith(db, passed.id, 10);
    const passStatements = await statementsOf(() => submit(t, worker, passed.id, passAnswers).expect(200));
    const empty = await statementsOf(() => t.http.get('/api/attempts/00000000-0000-4000-8000-000000000000').set(worker.headers).expect(404));
    const counts = { pretest: preStatements.length, failed: failStatements.length, passed: passStatements.length, emptyRoute: empty.length };
    console.log(`statements per request: ${JSON.stringify(counts)}\n${passStatements.join('\n')}`);

    // Learning's own part: one statement locks the enrollment and reads the attempt, one grades and writes the scores.
    // (Before issue #22 it was five: attempt, lock, attempt again, grade, scores; and the reports hook read the
    // enrollment once more.) The session, the reports' rollup and the completion job add their own statements.
    for (const statements of [preStatements, failStatements, passStatements]) {
      expect(learningStatements(statements)).toEqual([
        expect.stringMatching(/^SELECT .* FROM quiz_attempts a JOIN enrollments e .* FOR UPDATE OF e$/),
        expect.stringMatching(/^WITH a AS \( UPDATE quiz_attempts .* e AS \( UPDATE enrollments /),
      ]);
      expect(statements.filter((statement) => /^(START TRANSACTION|BEGIN)/.test(statement))).toHaveLength(1);
    }
    // The reports hook: one statement takes its lock and reads the state row, one writes the row and its changes
    // (decision 031 "Consequences" 1, decision 032 "Follow-up 2"; it was four).
    for (const statements of [preStatements, failStatements, passStatements]) {
      const hook = statements.filter((statement) => /\breport_(worker_courses|changes)\b/.test(statement) || /pg_advisory_xact_lock_shared\(19001\)/.test(statement));
      expect(hook.slice(0, 2)).toEqual([
        expect.stringMatching(/^SELECT s\.\* FROM \(SELECT 1 AS locked FROM pg_advisory_xact_lock_shared\(19001\) OFFSET 0\) l LEFT JOIN LATERAL /),
        expect.stringMatching(/^WITH state AS \( INSERT INTO report_worker_courses .* INSERT INTO report_changes /),
      ]);
    }
    expect(counts.pretest).toBeLessThanOrEqual(7);
    expect(counts.failed).toBeLessThanOrEqual(7);
  });

  it("sends the session lookup, learning's two statements and the reports hook's two prepared: planned once per connection (issue #22)", async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK });
    const { id } = await enroll(t, worker);
    const pre = await startAttempt(t, worker, id, 'pretest');
    const answers = await answersWith(db, pre.id, 4);
    const prepared = await preparedOf(() => submit(t, worker, pre.id, answers).expect(200));
    expect(prepared).toEqual([
      expect.stringMatching(/^SELECT s\.id AS session_id, .* FROM auth_sessions s JOIN users u /),
      expect.stringMatching(/^SELECT .* FROM quiz_attempts a JOIN enrollments e .* FOR UPDATE OF e$/),
      expect.stringMatching(/^WITH a AS \( UPDATE quiz_attempts /),
      expect.stringMatching(/^SELECT s\.\* FROM \(SELECT 1 AS locked FROM pg_advisory_xact_lock_shared/),
      expect.stringMatching(/^WITH state AS \( INSERT INTO report_worker_courses /),
    ]);
  });

  it('preparedRowsOf answers what rowsOf does, in a transaction and outside, and fails like it', async () => {
    const sql = `SELECT $1::int + 1 AS next, now() AS at`;
    expect(await preparedRowsOf<{ next: number }>(db, sql, [1])).toEqual([{ next: 2, at: expect.any(Date) }]);
    expect(await preparedRowsOf<{ next: number }>(db, sql, [41])).toEqual([{ next: 42, at: expect.any(Date) }]);
    await db.transaction(async (tx) => {
      const [prepared] = await preparedRowsOf<{ at: Date }>(tx, sql, [2]);
      const [plain] = await rowsOf<{ at: Date }>(tx, `SELECT now() AS at`);
      expect(prepared.at).toEqual(plain.at); // the same transaction: now() is its start
    });
    await expect(preparedRowsOf(db, `SELECT 1 / $1::int AS x`, [0])).rejects.toBeInstanceOf(QueryFailedError);
    expect(await preparedRowsOf(db, `SELECT 1 / $1::int AS x`, [1])).toEqual([{ x: 1 }]);
  });
});
