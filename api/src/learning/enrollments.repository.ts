import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { pagedRows, preparedRowsOf, rowsOf, type PagedRows } from '../common/sql';
import { ATTEMPT_GRACE_SECONDS } from './attempt-rules';
import type { AttemptHistoryRow, AttemptRow } from './attempts.repository';
import { EnrollmentSource, EnrollmentStatus } from './entities/enrollment.entity';

/** An `enrollments` row as the rules read it (scores are numeric: pg answers strings). */
export interface EnrollmentRecord {
  id: string;
  user_id: string;
  course_id: string;
  course_version_id: string;
  cycle: number;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  due_at: Date | null;
  last_lesson_id: string | null;
  lessons_finished: number;
  pretest_score: string | null;
  best_posttest_score: string | null;
  gain: string | null;
  posttest_attempts: number;
  completed_at: Date | null;
  created_at: Date;
}

/** An enrollment of a learner's list, with whether a post-test of it is open. */
export interface ListedEnrollment extends EnrollmentRecord {
  open_posttest: boolean;
}

/** What certificates need of a completed enrollment. */
export interface CompletedEnrollment {
  id: string;
  user_id: string;
  course_version_id: string;
  completed_at: Date;
  best_posttest_score: string | null;
}

/** The columns of EnrollmentRecord, from `enrollments e` (attempts.repository.ts reads them with its lock too). */
export const ENROLLMENT_COLUMNS = `e.id, e.user_id, e.course_id, e.course_version_id, e.cycle, e.status, e.source, e.due_at, e.last_lesson_id,
  e.lessons_finished, e.pretest_score, e.best_posttest_score, e.gain, e.posttest_attempts, e.completed_at, e.created_at`;

/**
 * An enrollment with everything its detail shows, read in one statement (issue #22): the record, the ids of its
 * finished lessons, its attempts in the order they were started, and the attempt a page names, whole.
 */
export interface EnrollmentWithHistory {
  record: EnrollmentRecord;
  finishedLessonIds: string[];
  attempts: AttemptHistoryRow[];
  /** The attempt named by the read, when it is one of this enrollment's. */
  named: AttemptRow | null;
}

/** A row of ENROLLMENT_WITH_HISTORY: the enrollment, repeated on each of its attempts (one row with `a_id` null when none). */
interface EnrollmentHistoryRow extends EnrollmentRecord {
  finished_lesson_ids: string[];
  a_id: string | null;
  a_kind: AttemptRow['kind'];
  a_number: number;
  a_status: AttemptRow['status'];
  a_score: string | null;
  a_passed: boolean | null;
  a_started_at: Date;
  a_submitted_at: Date | null;
  a_deadline: Date | null;
  a_live: boolean;
  /** This is the attempt the read names ($4). */
  a_named: boolean;
  /** The next three: of the named attempt only (null on the others, which the page does not show whole). */
  a_items: AttemptRow['items'] | null;
  a_correct_count: number | null;
  a_results: AttemptRow['results'];
}

/**
 * One enrollment (`where`, on `enrollments e`, with $1 and $2) with its finished lessons (an array on every row) and
 * its attempts (one row each, in the order the history shows them); `live` as AttemptsRepository.history computes it
 * ($3: the grace), and the attempt named by $4 whole. A row per attempt keeps every column in its own type, parsed by
 * node-postgres as the separate reads were.
 */
function enrollmentWithHistorySql(where: string): string {
  return `SELECT ${ENROLLMENT_COLUMNS}, f.ids AS finished_lesson_ids,
            a.id AS a_id, a.kind AS a_kind, a.number AS a_number, a.status AS a_status, a.score AS a_score, a.passed AS a_passed,
            a.started_at AS a_started_at, a.submitted_at AS a_submitted_at, a.deadline AS a_deadline,
            (a.status = 'OPEN' AND (a.deadline IS NULL OR now() <= a.deadline + make_interval(secs => $3))) AS a_live,
            coalesce(a.id = $4::uuid, false) AS a_named,
            CASE WHEN a.id = $4::uuid THEN a.items END AS a_items,
            CASE WHEN a.id = $4::uuid THEN a.correct_count END AS a_correct_count,
            CASE WHEN a.id = $4::uuid THEN a.results END AS a_results
       FROM enrollments e
      CROSS JOIN LATERAL (SELECT coalesce(array_agg(p.lesson_id::text), '{}') AS ids
                            FROM lesson_progress p WHERE p.enrollment_id = e.id AND p.finished_at IS NOT NULL) f
       LEFT JOIN quiz_attempts a ON a.enrollment_id = e.id
      WHERE ${where}
      ORDER BY a.started_at, a.kind, a.number`;
}

const CURRENT_WITH_HISTORY = enrollmentWithHistorySql(`e.user_id = $1 AND e.course_id = $2 AND e.status <> 'ARCHIVED'`);
const ONE_WITH_HISTORY = enrollmentWithHistorySql(`e.user_id = $1 AND e.id = $2`);

function withHistoryOf(rows: EnrollmentHistoryRow[]): EnrollmentWithHistory | undefined {
  if (rows.length === 0) return undefined;
  const [first] = rows;
  const record: EnrollmentRecord = {
    id: first.id,
    user_id: first.user_id,
    course_id: first.course_id,
    course_version_id: first.course_version_id,
    cycle: first.cycle,
    status: first.status,
    source: first.source,
    due_at: first.due_at,
    last_lesson_id: first.last_lesson_id,
    lessons_finished: first.lessons_finished,
    pretest_score: first.pretest_score,
    best_posttest_score: first.best_posttest_score,
    gain: first.gain,
    posttest_attempts: first.posttest_attempts,
    completed_at: first.completed_at,
    created_at: first.created_at,
  };
  const attemptRows = rows.filter((row): row is EnrollmentHistoryRow & { a_id: string } => row.a_id !== null);
  const namedRow = attemptRows.find((row) => row.a_named);
  return {
    record,
    finishedLessonIds: first.finished_lesson_ids,
    attempts: attemptRows.map((row) => ({
      id: row.a_id,
      kind: row.a_kind,
      number: row.a_number,
      status: row.a_status,
      score: row.a_score,
      passed: row.a_passed,
      started_at: row.a_started_at,
      submitted_at: row.a_submitted_at,
      live: row.a_live,
    })),
    named: namedRow
      ? {
          id: namedRow.a_id,
          enrollment_id: namedRow.id,
          kind: namedRow.a_kind,
          number: namedRow.a_number,
          status: namedRow.a_status,
          items: namedRow.a_items ?? [],
          started_at: namedRow.a_started_at,
          deadline: namedRow.a_deadline,
          submitted_at: namedRow.a_submitted_at,
          score: namedRow.a_score,
          passed: namedRow.a_passed,
          correct_count: namedRow.a_correct_count,
          results: namedRow.a_results,
        }
      : null,
  };
}

/** Every statement on `enrollments` and `lesson_progress` (the assignment statement is in assignments.repository.ts). */
/**
 * markOpened's statement. The progress row read beside the insert is the one from before the statement (an insert's
 * conflict returns nothing); a row another request inserted after that moment shows as no opening time at all.
 */
const MARK_OPENED = `WITH e AS (
    UPDATE enrollments SET last_lesson_id = $3, updated_at = now() WHERE id = $1 AND course_version_id = $2 RETURNING id
  ), opened AS (
    INSERT INTO lesson_progress (enrollment_id, lesson_id) SELECT id, $3 FROM e
    ON CONFLICT (enrollment_id, lesson_id) DO NOTHING
    RETURNING first_opened_at, finished_at
  )
  SELECT COALESCE(opened.first_opened_at, earlier.first_opened_at) AS first_opened_at,
         COALESCE(opened.finished_at, earlier.finished_at) AS finished_at,
         EXISTS (SELECT 1 FROM quiz_attempts WHERE enrollment_id = e.id AND kind = 'posttest' AND status = 'OPEN') AS open_posttest
    FROM e
    LEFT JOIN opened ON true
    LEFT JOIN lesson_progress earlier ON earlier.enrollment_id = e.id AND earlier.lesson_id = $3`;

@Injectable()
export class EnrollmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Enrolls a worker in a version, as the next cycle of the course; null when a current (not archived) enrollment of
   * the course exists, or a concurrent request made one.
   */
  async insertSelf(userId: string, courseId: string, versionId: string): Promise<string | null> {
    const [row] = await rowsOf<{ id: string }>(
      this.db,
      `INSERT INTO enrollments (user_id, course_id, course_version_id, cycle)
       VALUES ($1, $2, $3, 1 + coalesce((SELECT max(cycle) FROM enrollments WHERE user_id = $1 AND course_id = $2), 0))
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [userId, courseId, versionId],
    );
    return row?.id ?? null;
  }

  /** The id of the worker's current (not archived) enrollment in a course. */
  async findCurrentId(userId: string, courseId: string): Promise<string | null> {
    const [row] = await rowsOf<{ id: string }>(this.db, `SELECT id FROM enrollments WHERE user_id = $1 AND course_id = $2 AND status <> 'ARCHIVED'`, [
      userId,
      courseId,
    ]);
    return row?.id ?? null;
  }

  /**
   * A page of a worker's enrollments (those of `status`, or every one not archived): active first, then by due date,
   * newest first; with how many there are.
   */
  async pageForUser(userId: string, status: EnrollmentStatus | undefined, page: number, pageSize: number): Promise<PagedRows<ListedEnrollment>> {
    const params: unknown[] = [userId];
    let where = 'e.user_id = $1';
    if (status) {
      params.push(status);
      where += ` AND e.status = $${params.length}`;
    } else {
      where += ` AND e.status <> 'ARCHIVED'`;
    }
    return pagedRows<ListedEnrollment>(
      this.db,
      {
        columns: `EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrollment_id = e.id AND a.kind = 'posttest' AND a.status = 'OPEN') AS open_posttest,
                  ${ENROLLMENT_COLUMNS}`,
        from: 'enrollments e',
        where,
        orderBy: `(e.status = 'ACTIVE') DESC, e.due_at ASC NULLS LAST, e.created_at DESC, e.id`,
      },
      params,
      { page, pageSize },
    );
  }

  /** The user's enrollment `id` (someone else's is not found). */
  async findForUser(manager: EntityManager, userId: string, id: string): Promise<EnrollmentRecord | undefined> {
    const [row] = await preparedRowsOf<EnrollmentRecord>(manager, `SELECT ${ENROLLMENT_COLUMNS} FROM enrollments e WHERE e.id = $1 AND e.user_id = $2`, [id, userId]);
    return row;
  }

  /** Any enrollment with the time it last changed (for the reports, inside the transaction that changed it). */
  async findWithActivity(manager: EntityManager, id: string): Promise<(EnrollmentRecord & { updated_at: Date }) | undefined> {
    const [row] = await rowsOf<EnrollmentRecord & { updated_at: Date }>(manager, `SELECT ${ENROLLMENT_COLUMNS}, e.updated_at FROM enrollments e WHERE e.id = $1`, [id]);
    return row;
  }

  /**
   * The worker's current (not archived) enrollment in a course with what the lesson page shows of one lesson (is it
   * finished): one statement for the learner's lesson page (issue #22), prepared.
   */
  async findCurrentWithLesson(userId: string, courseId: string, lessonId: string): Promise<{ id: string; course_version_id: string; finished_at: Date | null } | undefined> {
    const [row] = await preparedRowsOf<{ id: string; course_version_id: string; finished_at: Date | null }>(
      this.db,
      `SELECT e.id, e.course_version_id, p.finished_at
       FROM enrollments e LEFT JOIN lesson_progress p ON p.enrollment_id = e.id AND p.lesson_id = $3
       WHERE e.user_id = $1 AND e.course_id = $2 AND e.status <> 'ARCHIVED'`,
      [userId, courseId, lessonId],
    );
    return row;
  }

  /** The worker's current (not archived) enrollment in a course with its history, in one statement: the course page's read. */
  async findCurrentWithHistory(userId: string, courseId: string): Promise<EnrollmentWithHistory | undefined> {
    return withHistoryOf(await preparedRowsOf<EnrollmentHistoryRow>(this.db, CURRENT_WITH_HISTORY, [userId, courseId, ATTEMPT_GRACE_SECONDS, null]));
  }

  /**
   * The user's enrollment `id` with its history, and the attempt `attemptId` whole when it is one of this enrollment's
   * (someone else's enrollment is not found), in one statement: the test page's read and an enrollment's detail.
   */
  async findWithHistory(userId: string, id: string, attemptId: string | null): Promise<EnrollmentWithHistory | undefined> {
    return withHistoryOf(await preparedRowsOf<EnrollmentHistoryRow>(this.db, ONE_WITH_HISTORY, [userId, id, ATTEMPT_GRACE_SECONDS, attemptId]));
  }

  /** Like findForUser, and locks the row until the transaction ends. */
  async lockForUser(manager: EntityManager, userId: string, id: string): Promise<EnrollmentRecord | undefined> {
    const [row] = await rowsOf<EnrollmentRecord>(manager, `SELECT ${ENROLLMENT_COLUMNS} FROM enrollments e WHERE e.id = $1 AND e.user_id = $2 FOR UPDATE OF e`, [
      id,
      userId,
    ]);
    return row;
  }

  /** A completed enrollment, for issuing its certificate; undefined when it is not (or no longer) completed. */
  async findCompleted(id: string): Promise<CompletedEnrollment | undefined> {
    const [row] = await rowsOf<CompletedEnrollment>(
      this.db,
      `SELECT id, user_id, course_version_id, completed_at, best_posttest_score FROM enrollments WHERE id::text = $1 AND completed_at IS NOT NULL`,
      [id],
    );
    return row;
  }

  /**
   * Remembers a lesson as opened (the first time stays) and as the one to resume, in one statement without a
   * transaction (issue #22: every lesson a worker looks at sends it), and answers the lesson's progress and whether a
   * post-test is open. Only for the enrollment of version `versionId` (the caller checked the lesson is in it);
   * undefined when there is none.
   */
  async markOpened(id: string, versionId: string, lessonId: string): Promise<{ first_opened_at: Date | null; finished_at: Date | null; open_posttest: boolean } | undefined> {
    const [row] = await preparedRowsOf<{ first_opened_at: Date | null; finished_at: Date | null; open_posttest: boolean }>(this.db, MARK_OPENED, [id, versionId, lessonId]);
    return row;
  }

  /**
   * Marks a lesson finished unless it already was (the first server time stays); true when this call finished it.
   * `openedAt` (a server-vouched time) becomes its first opening when it is earlier than the one recorded.
   */
  async markFinished(manager: EntityManager, id: string, lessonId: string, clientAt: Date | null, openedAt: Date): Promise<boolean> {
    const changed = await rowsOf(
      manager,
      `INSERT INTO lesson_progress AS p (enrollment_id, lesson_id, first_opened_at, finished_at, client_finished_at)
       VALUES ($1, $2, LEAST($4::timestamptz, now()), now(), ${clampedClientTime('$3', '(SELECT created_at FROM enrollments WHERE id = $1)')})
       ON CONFLICT (enrollment_id, lesson_id) DO UPDATE SET finished_at = now(), client_finished_at = EXCLUDED.client_finished_at,
              first_opened_at = LEAST(p.first_opened_at, EXCLUDED.first_opened_at)
        WHERE p.finished_at IS NULL
       RETURNING 1`,
      [id, lessonId, clientAt, openedAt],
    );
    return changed.length > 0;
  }

  /** Counts the finished lessons again and makes `lessonId` the one to resume; returns the count. */
  async recountFinished(manager: EntityManager, id: string, lessonId: string): Promise<number> {
    const [updated] = await rowsOf<{ lessons_finished: number }>(
      manager,
      `UPDATE enrollments SET lessons_finished = (SELECT count(*) FROM lesson_progress WHERE enrollment_id = $1 AND finished_at IS NOT NULL),
              last_lesson_id = $2, updated_at = now()
        WHERE id = $1 RETURNING lessons_finished`,
      [id, lessonId],
    );
    return updated.lessons_finished;
  }

  /** The lesson's progress row, undefined when it was never opened nor finished. */
  async progressOf(manager: EntityManager, id: string, lessonId: string): Promise<{ first_opened_at: Date; finished_at: Date | null } | undefined> {
    const [progress] = await rowsOf<{ first_opened_at: Date; finished_at: Date | null }>(
      manager,
      `SELECT first_opened_at, finished_at FROM lesson_progress WHERE enrollment_id = $1 AND lesson_id = $2`,
      [id, lessonId],
    );
    return progress;
  }

  /** One more post-test attempt used. */
  async countPosttestAttempt(manager: EntityManager, id: string): Promise<void> {
    await rowsOf(manager, `UPDATE enrollments SET posttest_attempts = posttest_attempts + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Keeps the best post-test score and the gain; `completes` marks the enrollment completed now. */
  async recordPosttest(
    manager: EntityManager,
    id: string,
    best: number,
    gain: number | null,
    completes: boolean,
  ): Promise<{ status: EnrollmentStatus; completed_at: Date | null }> {
    const [after] = await rowsOf<{ status: EnrollmentStatus; completed_at: Date | null }>(
      manager,
      `UPDATE enrollments SET best_posttest_score = $2, gain = $3, updated_at = now(),
              status = CASE WHEN $4 THEN 'COMPLETED'::enrollment_status ELSE status END,
              completed_at = CASE WHEN $4 THEN now() ELSE completed_at END
        WHERE id = $1 RETURNING status, completed_at`,
      [id, best, gain, completes],
    );
    return after;
  }

  /** Pre-test and best post-test scores of these workers' current enrollments in a course (events' results, issue #20). */
  /** Attempts used and the version of each enrollment (the reports' "failed all attempts" list checks them against the limit). */
  async posttestAttemptsOf(ids: string[]): Promise<{ id: string; course_version_id: string; posttest_attempts: number; completed_at: Date | null }[]> {
    if (ids.length === 0) return [];
    return rowsOf(this.db, `SELECT id, course_version_id, posttest_attempts, completed_at FROM enrollments WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async testScoresOf(courseId: string, userIds: string[]): Promise<{ userId: string; pretest: string | null; posttest: string | null }[]> {
    if (userIds.length === 0) return [];
    return rowsOf(
      this.db,
      `SELECT user_id AS "userId", pretest_score AS pretest, best_posttest_score AS posttest FROM enrollments
        WHERE course_id = $1 AND user_id = ANY($2::uuid[]) AND status <> 'ARCHIVED'`,
      [courseId, userIds],
    );
  }
}

/**
 * A device's clock, kept as information, clamped to the enrollment's life: never before the enrollment was created,
 * never in the future (F-L11). NULL stays NULL (GREATEST would otherwise turn it into the lower bound).
 */
export function clampedClientTime(parameter: string, enrollmentCreatedAt: string): string {
  return `CASE WHEN ${parameter}::timestamptz IS NULL THEN NULL ELSE LEAST(GREATEST(${parameter}::timestamptz, ${enrollmentCreatedAt}), now()) END`;
}
