import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { rowsOf } from '../common/sql';
import { ReportsReader } from './reports-reader';

/** A candidate of the "failed all attempts" list: a current, unfinished enrollment with a post-test score. */
export interface AttemptedRow {
  user_id: string;
  course_id: string;
  enrollment_id: string;
  region_code: string;
  pillar: string;
  posttest_score: string;
}

/** A current-state row as the funnel lists show it. */
export interface StateRow {
  user_id: string;
  course_id: string;
  region_code: string;
  pillar: string;
  posttest_score: string | null;
  enrolled_at: Date;
  completed_at: Date | null;
}

export interface ListCursor {
  regionCode: string;
  userId: string;
  courseId: string;
}

/** The people lists' reads of the reports' own current-state rows (report_worker_courses), on the reports' reader. */
@Injectable()
export class ReportsListsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly reader?: ReportsReader,
  ) {}

  private get read(): DataSource {
    return this.reader?.source ?? this.db;
  }

  /** Of these workers, those with a current enrollment in the course. */
  async enrolledAmong(courseId: string, userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await rowsOf<{ user_id: string }>(
      this.read,
      `SELECT user_id FROM report_worker_courses WHERE course_id = $1 AND user_id = ANY($2::uuid[])`,
      [courseId, userIds],
    );
    return new Set(rows.map((row) => row.user_id));
  }

  /** How many workers of the pillar in `region` and under it have a current enrollment in the course. */
  async countEnrolled(courseId: string, pillar: string, region: string): Promise<number> {
    const [row] = await rowsOf<{ n: number }>(
      this.read,
      `SELECT count(*)::int AS n FROM report_worker_courses
        WHERE course_id = $1 AND pillar = $2 AND ($3 = '' OR (region_code >= $3 AND region_code < $3 || '/'))`,
      [courseId, pillar, region],
    );
    return row?.n ?? 0;
  }

  /** The next batch of unfinished enrollments with a post-test score, in list order, inside the scope. */
  async attemptedAfter(scope: RegionScope, region: string, filter: { pillar?: string; courseId?: string }, after: ListCursor | null, limit: number): Promise<AttemptedRow[]> {
    const params: unknown[] = [];
    const where = [`status = 'STARTED'`, `posttest_score IS NOT NULL`, scopeSql('region_code', scope, params)];
    // [code, code || '/') is the code and every code under it in the "C" collation (see ReportsRepository's lists).
    if (region) where.push(`region_code >= $${params.push(region)} AND region_code < $${params.push(`${region}/`)}`);
    if (filter.pillar) where.push(`pillar = $${params.push(filter.pillar)}`);
    if (filter.courseId) where.push(`course_id = $${params.push(filter.courseId)}::uuid`);
    if (after) {
      params.push(after.regionCode, after.userId, after.courseId);
      where.push(`(region_code, user_id, course_id) > ($${params.length - 2}, $${params.length - 1}::uuid, $${params.length}::uuid)`);
    }
    return rowsOf<AttemptedRow>(
      this.read,
      `SELECT user_id, course_id, enrollment_id, region_code, pillar, posttest_score FROM report_worker_courses
        WHERE ${where.join(' AND ')} ORDER BY region_code, user_id, course_id LIMIT ${Math.trunc(limit)}`,
      params,
    );
  }

  /** A page of current-state rows of these statuses (all when null), in list order, inside the scope, with how many. */
  async statesPage(scope: RegionScope, region: string, filter: { pillar?: string; courseId?: string }, statuses: string[] | null, limit: number, offset: number, counted: boolean): Promise<{ rows: StateRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeSql('region_code', scope, params)];
    if (region) where.push(`region_code >= $${params.push(region)} AND region_code < $${params.push(`${region}/`)}`);
    if (filter.pillar) where.push(`pillar = $${params.push(filter.pillar)}`);
    if (filter.courseId) where.push(`course_id = $${params.push(filter.courseId)}::uuid`);
    if (statuses) where.push(`status::text = ANY($${params.push(statuses)}::text[])`);
    const rows = await rowsOf<StateRow>(
      this.read,
      `SELECT user_id, course_id, region_code, pillar, posttest_score, enrolled_at, completed_at FROM report_worker_courses
        WHERE ${where.join(' AND ')} ORDER BY region_code, user_id, course_id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
    if (!counted) return { rows, total: 0 };
    const [row] = await rowsOf<{ n: number }>(this.read, `SELECT count(*)::int AS n FROM report_worker_courses WHERE ${where.join(' AND ')}`, params);
    return { rows, total: row?.n ?? 0 };
  }
}
