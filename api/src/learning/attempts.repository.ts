import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import { ATTEMPT_GRACE_SECONDS } from './attempt-rules';
import { AttemptStatus, QuizKind, type AttemptItem, type ItemResult } from './entities/quiz-attempt.entity';
import { clampedClientTime } from './enrollments.repository';

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

export interface NewAttempt {
  enrollmentId: string;
  kind: QuizKind;
  seed: number;
  items: AttemptItem[];
  timeLimitMinutes: number | null;
}

export interface Grading {
  clientAt: Date | null;
  score: number;
  passed: boolean | null;
  correctCount: number;
  results: ItemResult[];
}

const ATTEMPT_COLUMNS = `a.id, a.enrollment_id, a.kind, a.number, a.status, a.items, a.started_at, a.deadline, a.submitted_at, a.score, a.passed, a.correct_count, a.results`;

/**
 * Every statement on `quiz_attempts`. All take the caller's manager: the rules read and write attempts under the lock
 * of their enrollment (enrollments.repository.ts lockForUser).
 */
@Injectable()
export class AttemptsRepository {
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
      `INSERT INTO quiz_attempts AS a (enrollment_id, kind, number, seed, items, deadline)
       VALUES ($1, $2, 1 + coalesce((SELECT max(number) FROM quiz_attempts WHERE enrollment_id = $1 AND kind = $2), 0), $3, $4::jsonb,
               CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(mins => $5::int) END)
       RETURNING ${ATTEMPT_COLUMNS}`,
      [attempt.enrollmentId, attempt.kind, attempt.seed, JSON.stringify(attempt.items), attempt.timeLimitMinutes],
    );
    return inserted;
  }

  /** Stores the grading when the attempt is still open and in time (grace included); undefined otherwise. */
  async grade(manager: EntityManager, attemptId: string, grading: Grading): Promise<AttemptRow | undefined> {
    const [graded] = await rowsOf<AttemptRow>(
      manager,
      `UPDATE quiz_attempts a SET status = 'SUBMITTED', submitted_at = now(), client_submitted_at = ${clampedClientTime('$2', '(SELECT created_at FROM enrollments WHERE id = a.enrollment_id)')}, score = $3, passed = $4,
              correct_count = $5, results = $6::jsonb
        WHERE a.id = $1 AND a.status = 'OPEN' AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => $7))
        RETURNING ${ATTEMPT_COLUMNS}`,
      [attemptId, grading.clientAt, grading.score, grading.passed, grading.correctCount, JSON.stringify(grading.results), ATTEMPT_GRACE_SECONDS],
    );
    return graded;
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

  /** The enrollment's attempts in the order they were started. */
  history(manager: EntityManager, enrollmentId: string): Promise<AttemptHistoryRow[]> {
    return rowsOf<AttemptHistoryRow>(
      manager,
      `SELECT id, kind, number, status, score, passed, started_at, submitted_at,
              (status = 'OPEN' AND (deadline IS NULL OR now() <= deadline + make_interval(secs => $2))) AS live
         FROM quiz_attempts WHERE enrollment_id = $1 ORDER BY started_at, kind, number`,
      [enrollmentId, ATTEMPT_GRACE_SECONDS],
    );
  }
}
