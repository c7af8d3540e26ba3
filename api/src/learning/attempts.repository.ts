import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { preparedRowsOf, rowsOf } from '../common/sql';
import type { HookStatement } from '../reports/reports.service';
import { ATTEMPT_GRACE_SECONDS } from './attempt-rules';
import { AttemptStatus, QuizKind, type AttemptItem, type ItemResult } from './entities/quiz-attempt.entity';
import { clampedClientTime, ENROLLMENT_COLUMNS, type EnrollmentRecord } from './enrollments.repository';

export interface AttemptRow {
  id: string;
  enrollment_id: string;
  kind: QuizKind;
  number: number;
  status: AttemptStatus;
  items: AttemptItem[];
  started_at: Date;
  deadline: Date | null;
  submitted_at: Date | null;
  score: string | null;
  passed: boolean | null;
  correct_count: number | null;
  results: ItemResult[] | null;
}

/** An attempt as an enrollment's history shows it; `live`: open and within its time (and grace). */
export interface AttemptHistoryRow {
  id: string;
  kind: QuizKind;
  number: number;
  status: AttemptStatus;
  score: string | null;
  passed: boolean | null;
  started_at: Date;
  submitted_at: Date | null;
  live: boolean;
}

/** An attempt as the integrity flags list it. */
interface FlaggedAttemptRow {
  attempt_id: string;
  region_code: string | null;
  submitted_at: Date;
  user_id: string;
  course_id: string;
  course_version_id: string;
  enrolled_at: Date;
}

export interface FastPassRow extends FlaggedAttemptRow {
  /** From enrolling to the passed post-test. */
  seconds: number;
}

export interface SameAnswersRow extends FlaggedAttemptRow {
  fingerprint: string;
  /** Other workers who gave the same answers to the same questions within the window. */
  other_workers: number;
}

export interface NewAttempt {
  enrollmentId: string;
  /** The worker's region (the integrity flags are scoped by it). */
  regionCode: string | null;
  kind: QuizKind;
  seed: number;
  items: AttemptItem[];
  timeLimitMinutes: number | null;
}

export interface Grading {
  clientAt: Date | null;
  /** sha256 of the questions and answers (post-tests; null for pre-tests). */
  fingerprint: string | null;
  score: number;
  passed: boolean | null;
  correctCount: number;
  results: ItemResult[];
}

const ATTEMPT_COLUMNS = `a.id, a.enrollment_id, a.kind, a.number, a.status, a.items, a.started_at, a.deadline, a.submitted_at, a.score, a.passed, a.correct_count, a.results`;

/** The attempt columns beside an enrollment's in one row: `a_<column>`. */
const PREFIXED_ATTEMPT_COLUMNS = ATTEMPT_COLUMNS.split(',')
  .map((column) => `${column.trim()} AS a_${column.trim().slice(2)}`)
  .join(', ');

/** What a graded submission writes on its enrollment: the values the rules computed under the enrollment's lock. */
export interface EnrollmentScores {
  pretestScore: number | null;
  bestPosttestScore: number | null;
  gain: number | null;
  /** Marks the enrollment completed now. */
  completes: boolean;
}

/** The graded attempt and its enrollment after the write (with `updated_at`, which the reports keep). */
export interface GradedSubmission {
  attempt: AttemptRow;
  enrollment: EnrollmentRecord & { updated_at: Date };
}

/** Where the reports' parameters start in gradeInOneStatement (its own are $1–$14). */
export const GRADE_STATEMENT_HOOK_PARAM = 15;

/** What the one-statement submit read (readForSubmit). */
export interface SubmitRead {
  enrollment: EnrollmentRecord;
  /** The enrollment row's version (`xmin`) when read. */
  version: string;
  /** The database's time of the read: the enrollment's (and the reports' row's) last activity. */
  readAt: Date;
  attempt: AttemptRow;
  /** The whole row, for the reports' columns (EnrollmentReports.joinedState). */
  joined: Record<string, unknown>;
}

type PrefixedAttempt = { [K in keyof AttemptRow as `a_${K}`]: AttemptRow[K] };

function attemptOf(row: PrefixedAttempt): AttemptRow {
  return {
    id: row.a_id,
    enrollment_id: row.a_enrollment_id,
    kind: row.a_kind,
    number: row.a_number,
    status: row.a_status,
    items: row.a_items,
    started_at: row.a_started_at,
    deadline: row.a_deadline,
    submitted_at: row.a_submitted_at,
    score: row.a_score,
    passed: row.a_passed,
    correct_count: row.a_correct_count,
    results: row.a_results,
  };
}

function withoutAttempt<T extends object>(row: T & PrefixedAttempt): T {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('a_'))) as T;
}

/**
 * Every statement on `quiz_attempts`. The rules' statements take the caller's manager: they read and write attempts under
 * the lock of their enrollment (enrollments.repository.ts lockForUser). The integrity flags' reads run on the pool.
 */
@Injectable()
export class AttemptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Closes the enrollment's attempts left open past their deadline and its grace. */
  async expireOverdue(manager: EntityManager, enrollmentId: string): Promise<void> {
    await rowsOf(
      manager,
      `UPDATE quiz_attempts SET status = 'EXPIRED'
        WHERE enrollment_id = $1 AND status = 'OPEN' AND deadline IS NOT NULL AND now() > deadline + make_interval(secs => $2)`,
      [enrollmentId, ATTEMPT_GRACE_SECONDS],
    );
  }

  async findOpen(manager: EntityManager, enrollmentId: string, kind: QuizKind): Promise<AttemptRow | undefined> {
    const [open] = await rowsOf<AttemptRow>(manager, `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.enrollment_id = $1 AND a.kind = $2 AND a.status = 'OPEN'`, [
      enrollmentId,
      kind,
    ]);
    return open;
  }

  /** Inserts an open attempt, numbered after the enrollment's others of its kind, with its deadline from now. */
  async insert(manager: EntityManager, attempt: NewAttempt): Promise<AttemptRow> {
    const [inserted] = await rowsOf<AttemptRow>(
      manager,
      `INSERT INTO quiz_attempts AS a (enrollment_id, kind, number, seed, items, deadline, region_code)
       VALUES ($1, $2, 1 + coalesce((SELECT max(number) FROM quiz_attempts WHERE enrollment_id = $1 AND kind = $2), 0), $3, $4::jsonb,
               CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(mins => $5::int) END, $6)
       RETURNING ${ATTEMPT_COLUMNS}`,
      [attempt.enrollmentId, attempt.kind, attempt.seed, JSON.stringify(attempt.items), attempt.timeLimitMinutes, attempt.regionCode],
    );
    return inserted;
  }

  /**
   * The user's attempt and its enrollment in one statement, the enrollment locked until the transaction ends (the
   * submit's first statement). The attempt columns are read before the lock is granted: a concurrent submission may
   * have graded it meanwhile, which `gradeAndRecord` finds out (it changes only an open attempt).
   */
  async lockForSubmit(manager: EntityManager, userId: string, attemptId: string): Promise<{ enrollment: EnrollmentRecord; attempt: AttemptRow } | undefined> {
    const [row] = await preparedRowsOf<EnrollmentRecord & PrefixedAttempt>(
      manager,
      `SELECT ${ENROLLMENT_COLUMNS}, ${PREFIXED_ATTEMPT_COLUMNS}
         FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
        WHERE a.id = $1 AND e.user_id = $2
          FOR UPDATE OF e`,
      [attemptId, userId],
    );
    return row ? { enrollment: withoutAttempt<EnrollmentRecord>(row), attempt: attemptOf(row) } : undefined;
  }

  /**
   * Grades an attempt still open and in time (grace included) and writes its enrollment's scores, in one statement;
   * undefined (and nothing written) when the attempt is no longer open or too late.
   */
  async gradeAndRecord(manager: EntityManager, attemptId: string, grading: Grading, scores: EnrollmentScores): Promise<GradedSubmission | undefined> {
    const [row] = await preparedRowsOf<EnrollmentRecord & { updated_at: Date } & PrefixedAttempt>(
      manager,
      `WITH a AS (
         UPDATE quiz_attempts a SET status = 'SUBMITTED', submitted_at = now(),
                client_submitted_at = ${clampedClientTime('$2', '(SELECT created_at FROM enrollments WHERE id = a.enrollment_id)')},
                score = $3, passed = $4, correct_count = $5, results = $6::jsonb, answers_fingerprint = $12
          WHERE a.id = $1 AND a.status = 'OPEN' AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => $7))
          RETURNING ${ATTEMPT_COLUMNS}
       ), e AS (
         UPDATE enrollments e SET pretest_score = $8, best_posttest_score = $9, gain = $10, updated_at = now(),
                status = CASE WHEN $11 THEN 'COMPLETED'::enrollment_status ELSE e.status END,
                completed_at = CASE WHEN $11 THEN now() ELSE e.completed_at END
           FROM a WHERE e.id = a.enrollment_id
          RETURNING ${ENROLLMENT_COLUMNS}, e.updated_at
       )
       SELECT e.*, ${PREFIXED_ATTEMPT_COLUMNS} FROM a JOIN e ON e.id = a.enrollment_id`,
      [
        attemptId,
        grading.clientAt,
        grading.score,
        grading.passed,
        grading.correctCount,
        JSON.stringify(grading.results),
        ATTEMPT_GRACE_SECONDS,
        scores.pretestScore,
        scores.bestPosttestScore,
        scores.gain,
        scores.completes,
        grading.fingerprint,
      ],
    );
    return row ? { enrollment: withoutAttempt<EnrollmentRecord & { updated_at: Date }>(row), attempt: attemptOf(row) } : undefined;
  }

  /**
   * The one-statement submit's read (decision 037), unlocked: the user's attempt, its enrollment with its row version
   * (`xmin`), the reports' row joined by `reportsJoin` (EnrollmentReports.stateJoin), and the database's time.
   */
  async readForSubmit(manager: EntityManager, userId: string, attemptId: string, reportsJoin: string): Promise<SubmitRead | undefined> {
    const [row] = await preparedRowsOf<EnrollmentRecord & PrefixedAttempt & { e_version: string; read_at: Date }>(
      manager,
      `SELECT ${ENROLLMENT_COLUMNS}, e.xmin::text AS e_version, now() AS read_at, ${PREFIXED_ATTEMPT_COLUMNS}, r.*
         FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
         ${reportsJoin}
        WHERE a.id = $1 AND e.user_id = $2`,
      [attemptId, userId],
    );
    if (!row) return undefined;
    const enrollment = Object.fromEntries(Object.entries(row).filter(([key]) => !/^(a_|r_|e_version$|read_at$)/.test(key))) as unknown as EnrollmentRecord;
    return { enrollment, version: row.e_version, readAt: row.read_at, attempt: attemptOf(row), joined: row as unknown as Record<string, unknown> };
  }

  /**
   * Grades the attempt, writes its enrollment's scores and the reports' rows (`hook`, its parameters from GRADE_STATEMENT_HOOK_PARAM) in ONE
   * statement, without a transaction around it (decision 037). It writes only if, when the row locks are granted, the
   * attempt is still open and in time, the enrollment is still the version `read` saw and the reports' row too
   * (`hook_ready`); else nothing, and undefined. The enrollment is locked first, as the locked path does.
   */
  async gradeInOneStatement(manager: EntityManager, read: SubmitRead, grading: Grading, scores: Omit<EnrollmentScores, 'completes'>, hook: HookStatement): Promise<GradedSubmission | undefined> {
    const [row] = await preparedRowsOf<EnrollmentRecord & { updated_at: Date } & PrefixedAttempt>(
      manager,
      `WITH enr AS (SELECT e.id FROM enrollments e WHERE e.id = $12 AND e.xmin::text = $13 FOR UPDATE),
       att AS (SELECT a.id FROM quiz_attempts a
                WHERE a.id = $1 AND a.enrollment_id = (SELECT id FROM enr) AND a.status = 'OPEN'
                  AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => $7)) FOR UPDATE),
       ${hook.guardCtes},
       ready AS (SELECT EXISTS (SELECT 1 FROM att) AND (SELECT ok FROM hook_ready) AS ok),
       ${hook.stateCte('ready')},
       a AS (
         UPDATE quiz_attempts a SET status = 'SUBMITTED', submitted_at = now(),
                client_submitted_at = ${clampedClientTime('$2', '(SELECT created_at FROM enrollments WHERE id = a.enrollment_id)')},
                score = $3, passed = $4, correct_count = $5, results = $6::jsonb, answers_fingerprint = $11
          WHERE a.id = (SELECT id FROM att) AND (SELECT ok FROM ready) AND ${hook.written}
          RETURNING ${ATTEMPT_COLUMNS}
       ), e AS (
         UPDATE enrollments e SET pretest_score = $8, best_posttest_score = $9, gain = $10, updated_at = $14
           FROM a WHERE e.id = a.enrollment_id
          RETURNING ${ENROLLMENT_COLUMNS}, e.updated_at
       ),
       ${hook.changesCte('e')}
       SELECT e.*, ${PREFIXED_ATTEMPT_COLUMNS} FROM a JOIN e ON e.id = a.enrollment_id`,
      [
        read.attempt.id,
        grading.clientAt,
        grading.score,
        grading.passed,
        grading.correctCount,
        JSON.stringify(grading.results),
        ATTEMPT_GRACE_SECONDS,
        scores.pretestScore,
        scores.bestPosttestScore,
        scores.gain,
        grading.fingerprint,
        read.enrollment.id,
        read.version,
        read.readAt,
        ...hook.params,
      ],
    );
    return row ? { enrollment: withoutAttempt<EnrollmentRecord & { updated_at: Date }>(row), attempt: attemptOf(row) } : undefined;
  }

  /** An attempt of one of the user's enrollments (someone else's is not found). */
  async findForUser(manager: EntityManager, userId: string, attemptId: string): Promise<AttemptRow | undefined> {
    const [attempt] = await rowsOf<AttemptRow>(
      manager,
      `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id WHERE a.id = $1 AND e.user_id = $2`,
      [attemptId, userId],
    );
    return attempt;
  }

  /** Whether a post-test of the enrollment is open, whatever its deadline. */
  async hasOpenPosttest(manager: EntityManager, enrollmentId: string): Promise<boolean> {
    const [{ open }] = await rowsOf<{ open: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest' AND status = 'OPEN') AS open`,
      [enrollmentId],
    );
    return open;
  }

  /** Whether a post-test of the enrollment is open and still in time (grace included). */
  async hasLivePosttest(manager: EntityManager, enrollmentId: string): Promise<boolean> {
    const [{ open }] = await rowsOf<{ open: boolean }>(
      manager,
      `SELECT EXISTS (SELECT 1 FROM quiz_attempts WHERE enrollment_id = $1 AND kind = 'posttest' AND status = 'OPEN'
                         AND (deadline IS NULL OR now() <= deadline + make_interval(secs => $2))) AS open`,
      [enrollmentId, ATTEMPT_GRACE_SECONDS],
    );
    return open;
  }

  /**
   * Passed post-tests in `scope` submitted since `since`, taken less than `maxSeconds` after enrolling: the candidates
   * for "completed faster than plausible" (the service compares each with its course's minimum), newest first.
   */
  fastPasses(scope: RegionScope, since: Date, maxSeconds: number, limit: number): Promise<FastPassRow[]> {
    const params: unknown[] = [since, maxSeconds, limit];
    return rowsOf<FastPassRow>(
      this.db,
      `SELECT a.id AS attempt_id, a.region_code, a.submitted_at, e.user_id, e.course_id, e.course_version_id, e.created_at AS enrolled_at,
              extract(epoch FROM a.submitted_at - e.created_at)::int AS seconds
         FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
        WHERE a.kind = 'posttest' AND a.passed AND a.submitted_at >= $1 AND a.submitted_at - e.created_at < make_interval(secs => $2)
          AND ${scopeSql('a.region_code', scope, params)}
        ORDER BY a.submitted_at DESC, a.id LIMIT $3`,
      params,
    );
  }

  /**
   * Graded post-tests in `scope` submitted since `since` whose questions and answers another worker gave too, within
   * `windowSeconds` of them (that other worker may be outside the scope: only the count is told), newest first.
   */
  sameAnswers(scope: RegionScope, since: Date, windowSeconds: number, limit: number): Promise<SameAnswersRow[]> {
    const params: unknown[] = [since, windowSeconds, limit];
    return rowsOf<SameAnswersRow>(
      this.db,
      `SELECT a.id AS attempt_id, a.region_code, a.submitted_at, e.user_id, e.course_id, e.course_version_id, e.created_at AS enrolled_at,
              a.answers_fingerprint AS fingerprint, others.workers AS other_workers
         FROM quiz_attempts a JOIN enrollments e ON e.id = a.enrollment_id
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT oe.user_id)::int AS workers
            FROM quiz_attempts o JOIN enrollments oe ON oe.id = o.enrollment_id
           WHERE o.answers_fingerprint = a.answers_fingerprint AND oe.user_id <> e.user_id
             AND o.submitted_at BETWEEN a.submitted_at - make_interval(secs => $2) AND a.submitted_at + make_interval(secs => $2)
        ) others
        WHERE a.kind = 'posttest' AND a.answers_fingerprint IS NOT NULL AND a.submitted_at >= $1 AND others.workers > 0
          AND ${scopeSql('a.region_code', scope, params)}
        ORDER BY a.submitted_at DESC, a.id LIMIT $3`,
      params,
    );
  }
}
