import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { rowsOf } from '../common/sql';
import { SubmissionStatus, type FirstReview, type SubmissionPhoto } from './entities/task-submission.entity';

/** A submission as the service reads it. */
export interface SubmissionRow {
  id: string;
  taskId: string;
  enrollmentId: string;
  workerId: string;
  regionCode: string;
  attempt: number;
  report: string;
  photos: SubmissionPhoto[];
  status: SubmissionStatus;
  submittedAt: Date;
  dueAt: Date;
  claimedBy: string | null;
  claimedUntil: Date | null;
  reviewerId: string | null;
  reviewedAt: Date | null;
  levels: Record<string, string> | null;
  points: number | null;
  comments: string | null;
  filesDeletedAt: Date | null;
  appealReason: string | null;
  appealedAt: Date | null;
  firstReview: FirstReview | null;
}

export interface NewSubmission {
  taskId: string;
  enrollmentId: string;
  workerId: string;
  regionCode: string;
  attempt: number;
  report: string;
  idempotencyKey: string | null;
  submittedAt: Date;
  dueAt: Date;
}

export interface ReviewRecord {
  status: SubmissionStatus;
  reviewerId: string;
  reviewedAt: Date;
  levels: Record<string, string>;
  points: number;
  comments: string | null;
}

const COLUMNS = `s.id, s.task_id AS "taskId", s.enrollment_id AS "enrollmentId", s.worker_id AS "workerId", s.region_code AS "regionCode",
  s.attempt, s.report, s.photos, s.status, s.submitted_at AS "submittedAt", s.due_at AS "dueAt", s.claimed_by AS "claimedBy",
  s.claimed_until AS "claimedUntil", s.reviewer_id AS "reviewerId", s.reviewed_at AS "reviewedAt", s.levels, s.points, s.comments,
  s.files_deleted_at AS "filesDeletedAt", s.appeal_reason AS "appealReason", s.appealed_at AS "appealedAt", s.first_review AS "firstReview"`;

/** Every SQL statement on task_submissions (the tasks domain's table). */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Serializes hand-ins of one worker's task (a double tap, an offline queue sending twice). */
  async lockTaskOfEnrollment(manager: EntityManager, enrollmentId: string, taskId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 16))`, [`${enrollmentId}/${taskId}`]);
  }

  async findByIdempotencyKey(manager: EntityManager, workerId: string, key: string): Promise<SubmissionRow | null> {
    const [row] = await rowsOf<SubmissionRow>(manager, `SELECT ${COLUMNS} FROM task_submissions s WHERE s.worker_id = $1 AND s.idempotency_key = $2`, [workerId, key]);
    return row ?? null;
  }

  async latestAttempt(manager: EntityManager, enrollmentId: string, taskId: string): Promise<SubmissionRow | null> {
    const [row] = await rowsOf<SubmissionRow>(
      manager,
      `SELECT ${COLUMNS} FROM task_submissions s WHERE s.enrollment_id = $1 AND s.task_id = $2 ORDER BY s.attempt DESC LIMIT 1`,
      [enrollmentId, taskId],
    );
    return row ?? null;
  }

  async insert(manager: EntityManager, values: NewSubmission): Promise<SubmissionRow> {
    const [row] = await rowsOf<SubmissionRow>(
      manager,
      `INSERT INTO task_submissions AS s (task_id, enrollment_id, worker_id, region_code, attempt, report, idempotency_key, submitted_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [values.taskId, values.enrollmentId, values.workerId, values.regionCode, values.attempt, values.report, values.idempotencyKey, values.submittedAt, values.dueAt],
    );
    return row;
  }

  async setPhotos(manager: EntityManager, id: string, photos: SubmissionPhoto[]): Promise<void> {
    await manager.query(`UPDATE task_submissions SET photos = $2::jsonb WHERE id = $1`, [id, JSON.stringify(photos)]);
  }

  /** Every submission of an enrollment, oldest attempt first per task. */
  forEnrollment(enrollmentId: string): Promise<SubmissionRow[]> {
    return rowsOf<SubmissionRow>(this.db, `SELECT ${COLUMNS} FROM task_submissions s WHERE s.enrollment_id = $1 ORDER BY s.task_id, s.attempt`, [enrollmentId]);
  }

  /** Submissions waiting for a review inside the scope, oldest first; `overdueAt` keeps only those due before it. */
  queue(scope: RegionScope, overdueAt: Date | null, limit: number): Promise<SubmissionRow[]> {
    const params: unknown[] = [SubmissionStatus.WAITING];
    const conditions = [`s.status = $1`, scopeSql('s.region_code', scope, params)];
    if (overdueAt) {
      params.push(overdueAt);
      conditions.push(`s.due_at < $${params.length}`);
    }
    params.push(limit);
    return rowsOf<SubmissionRow>(
      this.db,
      `SELECT ${COLUMNS} FROM task_submissions s WHERE ${conditions.join(' AND ')} ORDER BY s.submitted_at, s.id LIMIT $${params.length}`,
      params,
    );
  }

  /** Overdue waiting submissions in `scope` and under `region` ('' = the scope), oldest due first, with how many. */
  async overduePage(scope: RegionScope, region: string, now: Date, limit: number, offset: number): Promise<{ rows: SubmissionRow[]; total: number }> {
    const params: unknown[] = [SubmissionStatus.WAITING, now, region, `${region}.%`];
    const where = `s.status = $1 AND s.due_at < $2 AND ($3 = '' OR s.region_code = $3 OR s.region_code LIKE $4) AND ${scopeSql('s.region_code', scope, params)}`;
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM task_submissions s WHERE ${where}`, params);
    const rows = await rowsOf<SubmissionRow>(
      this.db,
      `SELECT ${COLUMNS} FROM task_submissions s WHERE ${where} ORDER BY s.due_at, s.id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
    return { rows, total };
  }

  /** One submission a reviewer may see (inside the scope), or null. */
  async findInScope(id: string, scope: RegionScope): Promise<SubmissionRow | null> {
    const params: unknown[] = [id];
    const [row] = await rowsOf<SubmissionRow>(this.db, `SELECT ${COLUMNS} FROM task_submissions s WHERE s.id = $1 AND ${scopeSql('s.region_code', scope, params)}`, params);
    return row ?? null;
  }

  /** One submission of this worker, or null. */
  async findOfWorker(id: string, workerId: string): Promise<SubmissionRow | null> {
    const [row] = await rowsOf<SubmissionRow>(this.db, `SELECT ${COLUMNS} FROM task_submissions s WHERE s.id = $1 AND s.worker_id = $2`, [id, workerId]);
    return row ?? null;
  }

  /**
   * Claims a waiting submission in the scope for 30 minutes (or renews the caller's own claim) in one statement, so of
   * two reviewers claiming at once exactly one gets it. null: not claimable (missing, out of scope, decided, or held).
   */
  async claim(id: string, reviewerId: string, scope: RegionScope, now: Date, until: Date): Promise<SubmissionRow | null> {
    const params: unknown[] = [id, reviewerId, now, until, SubmissionStatus.WAITING];
    const [row] = await rowsOf<SubmissionRow>(
      this.db,
      `UPDATE task_submissions s SET claimed_by = $2, claimed_until = $4
        WHERE s.id = $1 AND s.status = $5 AND ${scopeSql('s.region_code', scope, params)}
          AND (s.claimed_by IS NULL OR s.claimed_by = $2 OR s.claimed_until <= $3)
          AND (s.first_review IS NULL OR s.first_review->>'reviewerId' <> $2::text)
        RETURNING ${COLUMNS}`,
      params,
    );
    return row ?? null;
  }

  /**
   * Turns the worker's failed submission back into a waiting one with the appeal's reason and a new deadline, keeping
   * the failed review in `first_review`. One statement, and only once: null when it is not the worker's, not failed,
   * or already appealed.
   */
  async appeal(id: string, workerId: string, reason: string, now: Date, dueAt: Date): Promise<SubmissionRow | null> {
    const [row] = await rowsOf<SubmissionRow>(
      this.db,
      `UPDATE task_submissions s
          SET first_review = jsonb_build_object('reviewerId', s.reviewer_id, 'reviewedAt', s.reviewed_at, 'levels', s.levels, 'points', s.points, 'comments', s.comments),
              status = $5, appeal_reason = $3, appealed_at = $4, due_at = $6,
              reviewer_id = NULL, reviewed_at = NULL, levels = NULL, points = NULL, comments = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE s.id = $1 AND s.worker_id = $2 AND s.status = $7 AND s.appealed_at IS NULL
        RETURNING ${COLUMNS}`,
      [id, workerId, reason, now, SubmissionStatus.WAITING, dueAt, SubmissionStatus.FAILED],
    );
    return row ?? null;
  }

  /** Overdue submissions in the scope per last claimer (null: nobody took it), most first. */
  overdueByReviewer(scope: RegionScope, now: Date): Promise<Array<{ reviewerId: string | null; count: number; oldestDueAt: Date }>> {
    const params: unknown[] = [SubmissionStatus.WAITING, now];
    return rowsOf(
      this.db,
      `SELECT s.claimed_by AS "reviewerId", count(*)::int AS count, min(s.due_at) AS "oldestDueAt" FROM task_submissions s
        WHERE s.status = $1 AND s.due_at < $2 AND ${scopeSql('s.region_code', scope, params)}
        GROUP BY s.claimed_by ORDER BY count(*) DESC, min(s.due_at) LIMIT 500`,
      params,
    );
  }

  /** Overdue submissions in the scope per regency (the first two parts of the worker's region code), most first. */
  overdueByRegion(scope: RegionScope, now: Date): Promise<Array<{ regionCode: string; count: number; oldestDueAt: Date }>> {
    const params: unknown[] = [SubmissionStatus.WAITING, now];
    return rowsOf(
      this.db,
      `SELECT array_to_string((string_to_array(s.region_code, '.'))[1:2], '.') AS "regionCode", count(*)::int AS count, min(s.due_at) AS "oldestDueAt"
         FROM task_submissions s
        WHERE s.status = $1 AND s.due_at < $2 AND ${scopeSql('s.region_code', scope, params)}
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1000`,
      params,
    );
  }

  /**
   * Gives a waiting submission in the scope to another reviewer (a claim until `until`) or releases it (`reviewerId`
   * null). Never to the reviewer who failed it before its appeal. null: missing, out of scope, decided, or that reviewer.
   */
  async assign(id: string, scope: RegionScope, reviewerId: string | null, until: Date | null): Promise<SubmissionRow | null> {
    const params: unknown[] = [id, reviewerId, until, SubmissionStatus.WAITING];
    const [row] = await rowsOf<SubmissionRow>(
      this.db,
      `UPDATE task_submissions s SET claimed_by = $2::uuid, claimed_until = $3::timestamptz
        WHERE s.id = $1 AND s.status = $4 AND ${scopeSql('s.region_code', scope, params)}
          AND ($2::uuid IS NULL OR s.first_review IS NULL OR s.first_review->>'reviewerId' <> $2::text)
        RETURNING ${COLUMNS}`,
      params,
    );
    return row ?? null;
  }

  /** The submission in the scope, locked for the review being written; null when missing or out of scope. */
  async lockInScope(manager: EntityManager, id: string, scope: RegionScope): Promise<SubmissionRow | null> {
    const params: unknown[] = [id];
    const [row] = await rowsOf<SubmissionRow>(
      manager,
      `SELECT ${COLUMNS} FROM task_submissions s WHERE s.id = $1 AND ${scopeSql('s.region_code', scope, params)} FOR UPDATE`,
      params,
    );
    return row ?? null;
  }

  async saveReview(manager: EntityManager, id: string, review: ReviewRecord): Promise<SubmissionRow> {
    const [row] = await rowsOf<SubmissionRow>(
      manager,
      `UPDATE task_submissions s SET status = $2, reviewer_id = $3, reviewed_at = $4, levels = $5::jsonb, points = $6, comments = $7,
              claimed_by = NULL, claimed_until = NULL
        WHERE s.id = $1 RETURNING ${COLUMNS}`,
      [id, review.status, review.reviewerId, review.reviewedAt, JSON.stringify(review.levels), review.points, review.comments],
    );
    return row;
  }

  /**
   * Submissions whose photos are past retention: their task (for that enrollment) got its final decision (passed or
   * failed) before `cutoff`. Earlier "revise" attempts of the same task count from that final decision too.
   */
  expiredEvidence(cutoff: Date, limit: number): Promise<Array<{ id: string; photos: SubmissionPhoto[] }>> {
    return rowsOf(
      this.db,
      `SELECT s.id, s.photos FROM task_submissions s
        WHERE s.files_deleted_at IS NULL AND jsonb_array_length(s.photos) > 0
          AND EXISTS (SELECT 1 FROM task_submissions f
                       WHERE f.enrollment_id = s.enrollment_id AND f.task_id = s.task_id
                         AND f.status IN ($1, $2) AND f.reviewed_at < $3)
        ORDER BY s.submitted_at LIMIT $4`,
      [SubmissionStatus.PASSED, SubmissionStatus.FAILED, cutoff, limit],
    );
  }

  async markFilesDeleted(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE task_submissions SET files_deleted_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  }

  /** The ids of the tasks an enrollment passed, read in the caller's transaction (completion's gate). */
  async passedTaskIds(manager: EntityManager, enrollmentId: string): Promise<string[]> {
    const rows = await rowsOf<{ taskId: string }>(
      manager,
      `SELECT DISTINCT s.task_id AS "taskId" FROM task_submissions s WHERE s.enrollment_id = $1 AND s.status = $2`,
      [enrollmentId, SubmissionStatus.PASSED],
    );
    return rows.map((row) => row.taskId);
  }

  /** The passed submissions of an enrollment, one per task. */
  passed(enrollmentId: string): Promise<SubmissionRow[]> {
    return rowsOf<SubmissionRow>(
      this.db,
      `SELECT ${COLUMNS} FROM task_submissions s WHERE s.enrollment_id = $1 AND s.status = $2 ORDER BY s.reviewed_at`,
      [enrollmentId, SubmissionStatus.PASSED],
    );
  }
}
