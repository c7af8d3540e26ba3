import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { preparedRowsOf, rowsOf } from '../common/sql';
import { ReportProgressStatus } from './entities/report-progress-status';
import { ReportsReader } from './reports-reader';
import { rebuildDesaCover, recomputeDesaCover } from './reports-desa.repository';
import {
  ACTIVITY_COLUMN,
  activityRollupSelect,
  ALL_COURSES,
  ALL_PILLARS,
  bucketRollupSelect,
  COURSE_COLUMNS,
  COURSE_COUNTERS,
  courseRollupSelect,
  coverSelect,
  dayRollupSelect,
  EXPIRY_COLUMNS,
  monthFoldCte,
  workerRollupSelect,
} from './rollup-sql';

/** Locks: hooks take WRITE shared (they run concurrently), a refresh takes it exclusively; FOLD serializes folds and refreshes. */
const LOCK_WRITE = 19_001;
const LOCK_FOLD = 19_002;
/** Serializes the recomputation of kecamatan cover rows, so each sees the buckets of every fold committed before it. */
const LOCK_COVER = 19_003;

/** A current-state row as the reports keep it. */
export interface WorkerCourseState {
  userId: string;
  courseId: string;
  enrollmentId: string;
  regionCode: string;
  pillar: string;
  status: ReportProgressStatus;
  pretestScore: number | null;
  posttestScore: number | null;
  jp: number;
  enrolledAt: Date;
  lastActivityAt: Date;
  completedAt: Date | null;
  certificateId: string | null;
  certifiedAt: Date | null;
  certificateExpiresAt: Date | null;
}

/** One contribution to the change log. */
export interface ChangeRow {
  sign: 1 | -1;
  regionCode: string;
  pillar: string;
  courseId: string | null;
  status: ReportProgressStatus | null;
  pretestScore: number | null;
  posttestScore: number | null;
  jp: number;
  expiresMonth: string | null;
  /** The UTC day the held certificate expires on (null: none, or it never expires). */
  expiresDay: string | null;
  /** The WIB month ('YYYY-MM-01') the row was completed in, when completed or certified (decision 036). */
  completedMonth: string | null;
  /** The WIB month the held certificate was issued in (decision 036). */
  certifiedMonth: string | null;
  /** The UTC day of the last activity of a row not passed (ENROLLED or STARTED; else null): the "stuck" day buckets. */
  activeDay: string | null;
}

/** Workers (PESERTA) registered at a region code exactly, per pillar. */
export interface Headcount {
  regionCode: string;
  pillar: string;
  workers: number;
}

/** Summed counters of rollup rows. */
export interface CounterRow {
  region_code: string;
  enrolled: number;
  started: number;
  completed: number;
  certified: number;
  pre_sum: number;
  pre_count: number;
  post_sum: number;
  post_count: number;
  gain_sum: number;
  gain_count: number;
  jp: number;
}

/** Filters of the views: pillar and course; region as a rollup key. */
export interface RollupFilter {
  pillar?: string;
  courseId?: string;
}

/** Time windows of the time-driven counts (all UTC). */
export interface ExpiryWindows {
  now: Date;
  /** First day of the current month, as 'YYYY-MM-DD'. */
  thisMonth: string;
  /** now + 90 days, and the first day of its month. */
  soonEnd: Date;
  soonMonth: string;
  /** The UTC days of now and of soonEnd ('YYYY-MM-DD') and their starts: the two days counted from the rows. */
  today: string;
  todayStart: Date;
  soonDay: string;
  soonDayStart: Date;
}

export interface ExpiryCountRow {
  region_code: string;
  expired: number;
  expiring: number;
}

export interface WorkerListFilter extends RollupFilter {
  scope: RegionScope;
  /** A region code inside the scope: the region and everything under it. */
  region?: string;
  status?: string;
  now: Date;
}

export interface WorkerListRow {
  user_id: string;
  course_id: string;
  region_code: string;
  pillar: string;
  status: ReportProgressStatus;
  pretest_score: string | null;
  posttest_score: string | null;
  jp: string;
  enrolled_at: Date;
  last_activity_at: Date;
  completed_at: Date | null;
  certified_at: Date | null;
  certificate_expires_at: Date | null;
}

export interface WorkerCursor {
  regionCode: string;
  userId: string;
  courseId: string;
}

const num = (value: unknown) => Number(value ?? 0);

/** Every statement on the reports' own tables. */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly reader?: ReportsReader,
  ) {}

  /** The views' and exports' connection: the read replica when there is one (ReportsReader), else the primary. */
  private get read(): DataSource {
    return this.reader?.source ?? this.db;
  }

  /** Taken by every hook: a refresh (exclusive) waits for running hooks and holds new ones back. */
  async lockForHook(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [LOCK_WRITE]);
  }

  async lockForRefresh(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_FOLD]);
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_WRITE]);
  }

  /** The current-state rows of a worker (all courses, or one), locked until the caller's transaction ends. */
  async lockStates(manager: EntityManager, userId: string, courseId: string | null): Promise<WorkerCourseState[]> {
    const rows = await rowsOf<Record<string, unknown>>(
      manager,
      `SELECT ${STATE_COLUMNS} FROM report_worker_courses WHERE user_id = $1 AND ($2::uuid IS NULL OR course_id = $2) FOR UPDATE`,
      [userId, courseId],
    );
    return rows.map(toState);
  }

  /**
   * The hook lock (shared, as lockForHook) and the worker's current-state row of one course, locked: one prepared
   * statement (decision 031, "Consequences" 1). The lock's subquery is the outer side of the lateral join (OFFSET 0
   * keeps it from being folded away), so it is taken before the row is read. null when the worker has no row yet.
   */
  async lockForHookAndReadState(manager: EntityManager, userId: string, courseId: string): Promise<WorkerCourseState | null> {
    const [row] = await preparedRowsOf<Record<string, unknown>>(
      manager,
      `SELECT s.* FROM (SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${LOCK_WRITE}) OFFSET 0) l
         LEFT JOIN LATERAL (SELECT ${STATE_COLUMNS} FROM report_worker_courses
                             WHERE user_id = $1 AND course_id = $2 AND l.locked = 1 FOR UPDATE) s ON TRUE`,
      [userId, courseId],
    );
    return row?.user_id ? toState(row) : null;
  }

  /**
   * Writes a current-state row and its contributions to the change log (none: only the row changed) in one prepared
   * statement: the upsert is a data-modifying CTE, which runs whether or not the insert reads it.
   */
  async writeState(manager: EntityManager, s: WorkerCourseState, changes: ChangeRow[]): Promise<void> {
    await preparedRowsOf(
      manager,
      `WITH state AS (
         INSERT INTO report_worker_courses (user_id, course_id, enrollment_id, region_code, pillar, status, pretest_score, posttest_score, jp,
                enrolled_at, last_activity_at, completed_at, certificate_id, certified_at, certificate_expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now())
         ON CONFLICT (user_id, course_id) DO UPDATE SET enrollment_id = EXCLUDED.enrollment_id, region_code = EXCLUDED.region_code,
                pillar = EXCLUDED.pillar, status = EXCLUDED.status, pretest_score = EXCLUDED.pretest_score,
                posttest_score = EXCLUDED.posttest_score, jp = EXCLUDED.jp, enrolled_at = EXCLUDED.enrolled_at,
                last_activity_at = EXCLUDED.last_activity_at, completed_at = EXCLUDED.completed_at, certificate_id = EXCLUDED.certificate_id,
                certified_at = EXCLUDED.certified_at, certificate_expires_at = EXCLUDED.certificate_expires_at, updated_at = now()
         RETURNING 1)
       ${changesInsert(16)}`,
      [s.userId, s.courseId, s.enrollmentId, s.regionCode, s.pillar, s.status, s.pretestScore, s.posttestScore, s.jp, s.enrolledAt,
        s.lastActivityAt, s.completedAt, s.certificateId, s.certifiedAt, s.certificateExpiresAt, ...changeArrays(changes)],
    );
  }

  async deleteState(manager: EntityManager, userId: string, courseId: string): Promise<void> {
    await manager.query(`DELETE FROM report_worker_courses WHERE user_id = $1 AND course_id = $2`, [userId, courseId]);
  }

  /** Appends contributions to the change log in one multi-row insert. */
  async appendChanges(manager: EntityManager, changes: ChangeRow[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(changesInsert(1), changeArrays(changes));
  }

  async pendingChanges(): Promise<number> {
    const [row] = await rowsOf<{ n: string }>(this.db, `SELECT count(*) AS n FROM report_changes`);
    return num(row?.n);
  }

  /**
   * Folds up to `limit` changes into the rollups of every level and deletes them, in one statement (a change is
   * counted exactly once even with two folds running: SKIP LOCKED). Returns how many were folded.
   */
  async fold(limit: number): Promise<number> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [LOCK_FOLD]);
      const [row] = await rowsOf<{ folded: string; kecamatan: string[] | null; desa: string[] | null }>(
        manager,
        `WITH taken AS (
           DELETE FROM report_changes WHERE id IN (SELECT id FROM report_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp, expires_month, expires_day, active_day,
                     completed_month, certified_month),
         course_rows AS (
           INSERT INTO report_region_courses (${COURSE_COLUMNS}) ${courseRollupSelect('taken')}
           ON CONFLICT (region_code, pillar, course_id) DO UPDATE SET
             ${COURSE_COUNTERS.map((c) => `${c} = report_region_courses.${c} + EXCLUDED.${c}`).join(', ')}
           RETURNING 1),
         worker_rows AS (
           INSERT INTO report_region_workers (region_code, pillar, depth, workers) ${workerRollupSelect('taken')}
           ON CONFLICT (region_code, pillar) DO UPDATE SET workers = report_region_workers.workers + EXCLUDED.workers
           RETURNING 1),
         bucket_rows AS (
           INSERT INTO report_expiry_buckets (region_code, pillar, course_id, month, depth, certificates) ${bucketRollupSelect('taken')}
           ON CONFLICT (region_code, pillar, course_id, month) DO UPDATE SET certificates = report_expiry_buckets.certificates + EXCLUDED.certificates
           RETURNING 1),
         day_rows AS (
           INSERT INTO report_expiry_days (region_code, pillar, course_id, day, depth, certificates) ${dayRollupSelect('taken')}
           ON CONFLICT (region_code, pillar, course_id, day) DO UPDATE SET certificates = report_expiry_days.certificates + EXCLUDED.certificates
           RETURNING 1),
         activity_rows AS (
           INSERT INTO report_activity_days (region_code, pillar, course_id, day, depth, not_passed) ${activityRollupSelect('taken')}
           ON CONFLICT (region_code, pillar, course_id, day) DO UPDATE SET not_passed = report_activity_days.not_passed + EXCLUDED.not_passed
           RETURNING 1),
         ${monthFoldCte('taken')}
         SELECT (SELECT count(*) FROM taken) AS folded,
                (SELECT count(*) FROM course_rows) + (SELECT count(*) FROM worker_rows) + (SELECT count(*) FROM bucket_rows) + (SELECT count(*) FROM day_rows)
                  + (SELECT count(*) FROM activity_rows) + (SELECT count(*) FROM month_rows) AS touched,
                (SELECT array_agg(DISTINCT left(region_code, 8)) FROM taken WHERE course_id IS NOT NULL AND cardinality(string_to_array(region_code, '.')) >= 3) AS kecamatan,
                (SELECT array_agg(DISTINCT region_code) FROM taken WHERE course_id IS NOT NULL AND cardinality(string_to_array(region_code, '.')) = 4) AS desa`,
        [limit],
      );
      await this.recomputeCover(manager, row?.kecamatan ?? []);
      await recomputeDesaCover(manager, row?.desa ?? []);
      return num(row?.folded);
    });
  }

  /**
   * Rebuilds the rollups of `code`'s subtree (all when '') from the current-state rows and the given headcounts, then
   * each ancestor from its children plus the workers registered at the ancestor itself. Pending changes of the subtree
   * are dropped: the current-state rows already hold them. Runs in the refresh's transaction.
   */
  async rebuildRollups(manager: EntityManager, code: string, headcounts: Headcount[], ancestorHeadcounts: Headcount[]): Promise<void> {
    const depth = depthOf(code);
    const inSubtree = (column: string) => (code === '' ? 'TRUE' : `(${column} = $1 OR ${column} LIKE $1 || '.%')`);
    const params = code === '' ? [] : [code];
    for (const table of ['report_region_courses', 'report_region_workers', 'report_expiry_buckets', 'report_expiry_days', 'report_activity_days', 'report_kecamatan_cover', 'report_changes']) {
      await manager.query(`DELETE FROM ${table} WHERE ${inSubtree('region_code')}`, params);
    }
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp, ${EXPIRY_COLUMNS}, ${ACTIVITY_COLUMN}
                       FROM report_worker_courses WHERE ${inSubtree('region_code')})`;
    await manager.query(`INSERT INTO report_region_courses (${COURSE_COLUMNS}) ${courseRollupSelect(states, depth)}`, params);
    await manager.query(
      `INSERT INTO report_expiry_buckets (region_code, pillar, course_id, month, depth, certificates) ${bucketRollupSelect(states, depth)}`,
      params,
    );
    await manager.query(`INSERT INTO report_expiry_days (region_code, pillar, course_id, day, depth, certificates) ${dayRollupSelect(states, depth)}`, params);
    await manager.query(
      `INSERT INTO report_activity_days (region_code, pillar, course_id, day, depth, not_passed) ${activityRollupSelect(states, depth)}`,
      params,
    );
    await manager.query(`INSERT INTO report_kecamatan_cover (region_code, pillar, latest_month) ${coverSelect(inSubtree('region_code'))}`, params);
    await rebuildDesaCover(manager, inSubtree('region_code'), params);
    const heads = `(SELECT 1 AS sign, h.region_code, h.pillar, NULL::uuid AS course_id, h.workers
                      FROM unnest($1::varchar[], $2::varchar[], $3::int[]) AS h(region_code, pillar, workers))`;
    await manager.query(
      `INSERT INTO report_region_workers (region_code, pillar, depth, workers)
       SELECT region_code, pillar, depth, sum(workers)::int FROM (
         SELECT array_to_string((string_to_array(s.region_code, '.'))[1:a.depth], '.') AS region_code, s.pillar, a.depth::smallint AS depth, s.workers
           FROM ${heads} s CROSS JOIN LATERAL generate_series(0, cardinality(string_to_array(s.region_code, '.'))) AS a(depth)
          WHERE a.depth >= ${depth}) x
       GROUP BY 1, 2, 3`,
      [headcounts.map((h) => h.regionCode), headcounts.map((h) => h.pillar), headcounts.map((h) => h.workers)],
    );
    for (const ancestor of ancestorsOf(code).reverse()) await this.rebuildFromChildren(manager, ancestor, ancestorHeadcounts);
  }

  /** An ancestor's rows = the sum of its children's rows + the rows of workers registered at the ancestor itself. */
  private async rebuildFromChildren(manager: EntityManager, code: string, direct: Headcount[]): Promise<void> {
    const depth = depthOf(code);
    const children = code === '' ? `depth = 1` : `depth = ${depth + 1} AND region_code LIKE $1 || '.%'`;
    const params = code === '' ? [] : [code];
    const ownRows = code === '' ? 'FALSE' : 'region_code = $1';
    const directStates = `(SELECT 1 AS sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp, ${EXPIRY_COLUMNS}, ${ACTIVITY_COLUMN}
                       FROM report_worker_courses WHERE ${ownRows})`;
    const key = code === '' ? `''` : '$1';
    await manager.query(`DELETE FROM report_region_courses WHERE region_code = ${key}`, params);
    await manager.query(
      `INSERT INTO report_region_courses (${COURSE_COLUMNS})
       SELECT ${key}, pillar, course_id, ${depth}, ${COURSE_COUNTERS.map((c) => `sum(${c})`).join(', ')} FROM (
         SELECT pillar, course_id, ${COURSE_COUNTERS.join(', ')} FROM report_region_courses WHERE ${children}
         UNION ALL
         SELECT pillar, course_id, ${COURSE_COUNTERS.join(', ')} FROM (${courseRollupSelect(directStates, depth)}) d WHERE d.depth = ${depth}) x
       GROUP BY pillar, course_id`,
      params,
    );
    await manager.query(`DELETE FROM report_expiry_buckets WHERE region_code = ${key}`, params);
    await manager.query(
      `INSERT INTO report_expiry_buckets (region_code, pillar, course_id, month, depth, certificates)
       SELECT ${key}, pillar, course_id, month, ${depth}, sum(certificates) FROM (
         SELECT pillar, course_id, month, certificates FROM report_expiry_buckets WHERE ${children}
         UNION ALL
         SELECT pillar, course_id, month, certificates FROM (${bucketRollupSelect(directStates, depth)}) d WHERE d.depth = ${depth}) x
       GROUP BY pillar, course_id, month`,
      params,
    );
    await manager.query(`DELETE FROM report_expiry_days WHERE region_code = ${key}`, params);
    await manager.query(
      `INSERT INTO report_expiry_days (region_code, pillar, course_id, day, depth, certificates)
       SELECT ${key}, pillar, course_id, day, ${depth}, sum(certificates) FROM (
         SELECT pillar, course_id, day, certificates FROM report_expiry_days WHERE ${children}
         UNION ALL
         SELECT pillar, course_id, day, certificates FROM (${dayRollupSelect(directStates, depth)}) d WHERE d.depth = ${depth}) x
       GROUP BY pillar, course_id, day`,
      params,
    );
    await manager.query(`DELETE FROM report_activity_days WHERE region_code = ${key}`, params);
    await manager.query(
      `INSERT INTO report_activity_days (region_code, pillar, course_id, day, depth, not_passed)
       SELECT ${key}, pillar, course_id, day, ${depth}, sum(not_passed) FROM (
         SELECT pillar, course_id, day, not_passed FROM report_activity_days WHERE ${children}
         UNION ALL
         SELECT pillar, course_id, day, not_passed FROM (${activityRollupSelect(directStates, depth)}) d WHERE d.depth = ${depth}) x
       GROUP BY pillar, course_id, day`,
      params,
    );
    await manager.query(`DELETE FROM report_region_workers WHERE region_code = ${key}`, params);
    const own = direct.filter((h) => h.regionCode === code);
    await manager.query(
      `INSERT INTO report_region_workers (region_code, pillar, depth, workers)
       SELECT ${key}, pillar, ${depth}, sum(workers)::int FROM (
         SELECT pillar, workers FROM report_region_workers WHERE ${children}
         UNION ALL
         SELECT * FROM unnest($${params.length + 1}::varchar[], $${params.length + 2}::int[])) x
       GROUP BY pillar`,
      [...params, own.map((h) => h.pillar), own.map((h) => h.workers)],
    );
  }

  /** Summed counters of the rollup rows of `regionCodes` (one row per code), with the filters. Prepared (few texts). */
  async counters(regionCodes: string[], filter: RollupFilter, scope: RegionScope): Promise<Map<string, CounterRow>> {
    const params: unknown[] = [regionCodes, filter.pillar ?? null, filter.courseId ?? null];
    const rows = await preparedRowsOf<Record<string, unknown>>(
      this.read,
      `SELECT region_code, ${COURSE_COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
         FROM report_region_courses
        WHERE region_code IN (SELECT unnest($1::varchar[])) AND ($2::varchar IS NULL OR pillar = $2) AND ($3::uuid IS NULL OR course_id = $3)
          AND ${scope.all ? 'TRUE' : scopeSql('region_code', scope, params)}
        GROUP BY region_code`,
      params,
    );
    return new Map(rows.map((row) => [String(row.region_code), toCounters(row)]));
  }

  /**
   * The summed counters and the worker headcounts of `regionCodes` in one statement (a view's fixed cost is largely per
   * statement). A code without rows of one kind gets zeros there. Prepared, like the expiry read (decision 032,
   "Follow-up 2"): planning was as long as the execution, and the texts are few (one per filter and scope shape).
   */
  async countersAndHeadcounts(regionCodes: string[], filter: RollupFilter, scope: RegionScope): Promise<{ counters: Map<string, CounterRow>; heads: Map<string, number> }> {
    const params: unknown[] = [regionCodes, filter.pillar ?? null, filter.courseId ?? null];
    const scoped = scope.all ? 'TRUE' : scopeSql('region_code', scope, params);
    const rows = await preparedRowsOf<Record<string, unknown>>(
      this.read,
      `SELECT coalesce(c.region_code, h.region_code) AS code, ${COURSE_COUNTERS.map((name) => `c.${name}`).join(', ')}, h.workers
         FROM (SELECT region_code, ${COURSE_COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
                 FROM report_region_courses
                WHERE region_code = ANY($1::varchar[]) AND ($2::varchar IS NULL OR pillar = $2) AND ($3::uuid IS NULL OR course_id = $3)
                  AND ${scoped}
                GROUP BY region_code) c
         FULL JOIN (SELECT region_code, sum(workers) AS workers FROM report_region_workers
                     WHERE region_code = ANY($1::varchar[]) AND ($2::varchar IS NULL OR pillar = $2) AND ${scoped}
                     GROUP BY region_code) h ON h.region_code = c.region_code`,
      params,
    );
    return {
      counters: new Map(rows.map((row) => [String(row.code), toCounters({ ...row, region_code: row.code })])),
      heads: new Map(rows.map((row) => [String(row.code), num(row.workers)])),
    };
  }

  /**
   * Expired and expiring-within-90-days certificates of `regionCodes`: whole months from the month buckets, the whole
   * days of the two partial months at the edges from the day buckets (the smaller side of each month), and only the two
   * partial days (today and the 90th day) counted exactly from the current-state rows: a few rows whatever the size of
   * the data set. Prepared: the texts are few (per depths asked for, filters, scope shape and half of the month), and
   * planning took as long as the execution; PostgreSQL keeps a generic plan where it estimates it no dearer (the
   * nation's regions), else still plans each call but skips the parsing.
   */
  async expiryCounts(regionCodes: string[], filter: RollupFilter, scope: RegionScope, w: ExpiryWindows): Promise<Map<string, ExpiryCountRow>> {
    const params: unknown[] = [regionCodes, filter.pillar ?? null, filter.courseId ?? null, w.thisMonth, w.soonMonth, w.now, w.soonEnd, w.today, w.soonDay, w.todayStart, w.soonDayStart];
    const scoped = scope.all ? 'TRUE' : scopeSql('region_code', scope, params);
    // The codes may be of two levels (a parent and its children: one statement for the regions view). The edge rows
    // are counted per code they are registered at, then summed for their ancestor at each of those depths, if they lie
    // that deep (a worker registered at the parent itself counts for the parent only). Kemendagri codes have a fixed
    // width (REGION_CODE: 32, 32.72, 32.72.03), so the ancestor at depth d is the first 3d − 1 characters.
    const depths = [...new Set(regionCodes.map(depthOf))].sort();
    const ancestorsAt = (d: number) =>
      d === 0
        ? `SELECT ''::varchar AS region_code, sum(expired) AS expired, sum(expiring) AS expiring FROM edge_rows`
        : `SELECT left(region_code, ${3 * d - 1}) AS region_code, sum(expired) AS expired, sum(expiring) AS expiring
             FROM edge_rows WHERE length(region_code) >= ${3 * d - 1} GROUP BY 1`;
    // Only the edge rows under the shallowest code, when every code lies under it (the regions view: the parent).
    const root = regionCodes.reduce((a, b) => (depthOf(b) < depthOf(a) ? b : a));
    const underRoot = root !== '' && regionCodes.every((c) => c === root || c.startsWith(`${root}.`));
    const subtree = underRoot ? `region_code >= $${params.push(root)} AND region_code < $${params.push(`${root}/`)}` : 'TRUE';
    const filters = `($2::varchar IS NULL OR pillar = $2) AND ($3::uuid IS NULL OR course_id = $3) AND ${scoped}`;
    // Unfiltered: the buckets' "all" rows (one per month or day: a range of the primary key); filtered: the rows per
    // pillar and course. Spelled out rather than decided in SQL, so the plan uses the key.
    const bucketFilters =
      filter.pillar || filter.courseId ? `pillar <> '${ALL_PILLARS}' AND ${filters}` : `pillar = '${ALL_PILLARS}' AND course_id = '${ALL_COURSES}' AND ${scoped}`;
    // Of each edge month only its smaller side is read from the day buckets; the other side is the month bucket less
    // those days (a month's day rows add up to its month row: both come from the same changes). Early in the month:
    // the days up to today (expired before today; expiring = the month less the days up to today), late: from today on.
    const thisEarly = w.todayStart.getUTCDate() <= 15;
    const soonEarly = w.soonDayStart.getUTCDate() <= 15;
    const rows = await preparedRowsOf<{ region_code: string; expired: string; expiring: string }>(
      this.read,
      `WITH months AS (
         SELECT region_code,
                sum(certificates) FILTER (WHERE month < $4::date${thisEarly ? '' : ' OR month = $4::date'}) AS expired,
                sum(certificates) FILTER (WHERE (month > $4::date AND month < $5::date)${thisEarly ? ' OR month = $4::date' : ''}${soonEarly ? '' : ' OR month = $5::date'}) AS expiring
           FROM report_expiry_buckets
          WHERE region_code = ANY($1::varchar[]) AND month < $5::date + 1 AND ${bucketFilters}
          GROUP BY region_code),
       days AS (
         SELECT region_code, sum(expired) AS expired, sum(expiring) AS expiring FROM (
           SELECT region_code,
                  ${thisEarly ? 'CASE WHEN day < $8::date THEN certificates ELSE 0 END' : '-certificates'} AS expired,
                  ${thisEarly ? '-certificates' : 'CASE WHEN day > $8::date THEN certificates ELSE 0 END'} AS expiring
             FROM report_expiry_days
            WHERE region_code = ANY($1::varchar[]) AND ${bucketFilters}
              AND ${thisEarly ? 'day >= $4::date AND day <= $8::date' : "day >= $8::date AND day < ($4::date + interval '1 month')::date"}
           UNION ALL
           SELECT region_code, 0, ${soonEarly ? 'certificates' : '-certificates'}
             FROM report_expiry_days
            WHERE region_code = ANY($1::varchar[]) AND ${bucketFilters}
              AND ${soonEarly ? 'day >= $5::date AND day < $9::date' : "day >= $9::date AND day < ($5::date + interval '1 month')::date"}) d
          GROUP BY region_code),
       edge_rows AS (
         SELECT region_code,
                count(*) FILTER (WHERE certificate_expires_at < $6) AS expired,
                count(*) FILTER (WHERE certificate_expires_at >= $6 AND certificate_expires_at < $7) AS expiring
           FROM (SELECT region_code, certificate_expires_at FROM report_worker_courses
                  WHERE status = 'CERTIFIED' AND ${filters} AND ${subtree}
                    AND certificate_expires_at >= $10 AND certificate_expires_at < $10::timestamptz + interval '1 day'
                 UNION ALL
                 SELECT region_code, certificate_expires_at FROM report_worker_courses
                  WHERE status = 'CERTIFIED' AND ${filters} AND ${subtree}
                    AND certificate_expires_at >= $11 AND certificate_expires_at < $11::timestamptz + interval '1 day') r
          GROUP BY region_code),
       edges AS (${depths.map(ancestorsAt).join(' UNION ALL ')})
       SELECT region_code, sum(expired) AS expired, sum(expiring) AS expiring FROM (
         SELECT * FROM months UNION ALL SELECT * FROM days UNION ALL SELECT * FROM edges WHERE region_code = ANY($1::varchar[])) x
       GROUP BY region_code`,
      params,
    );
    return new Map(rows.map((row) => [row.region_code, { region_code: row.region_code, expired: num(row.expired), expiring: num(row.expiring) }]));
  }

  /**
   * The kecamatan under `code` ('' = all) that hold a valid certificate of `pillar` (all pillars when none): one cover
   * row each, its latest expiry month after this month; only a kecamatan whose last certificate expires this month is
   * checked against its rows.
   */
  async coveredKecamatan(code: string, pillar: string | undefined, scope: RegionScope, w: ExpiryWindows): Promise<Set<string>> {
    const params: unknown[] = [pillar ?? ALL_PILLARS, w.thisMonth, w.now, pillar ?? null, w.today, w.todayStart];
    const under = code === '' ? 'TRUE' : (params.push(code, `${code}/`), `c.region_code >= $7 AND c.region_code < $8`);
    const where = `c.pillar = $1 AND ${under} AND ${scope.all ? 'TRUE' : scopeSql('c.region_code', scope, params)}`;
    // Most kecamatan are covered past this month (a plain range of the key); only those whose last certificate expires
    // this month are checked against their day buckets after today and the rows expiring later today (LATERAL … LIMIT 1
    // for those rows only; an EXISTS under OR was planned as a hash of every valid certificate). The codes come back as
    // one string: thousands of rows for the nation cost more to send and parse than to find.
    const [row] = await rowsOf<{ codes: string | null }>(
      this.read,
      `SELECT string_agg(region_code, ',') AS codes FROM (
         SELECT c.region_code FROM report_kecamatan_cover c WHERE ${where} AND c.latest_month > $2::date
         UNION ALL
         SELECT c.region_code FROM report_kecamatan_cover c
           CROSS JOIN LATERAL (
             SELECT 1 AS ok FROM report_expiry_days d
              WHERE d.region_code = c.region_code AND d.pillar = $1 AND d.day > $5::date
                AND d.day < ($2::date + interval '1 month')::date AND d.certificates > 0
             UNION ALL
             SELECT 1 FROM report_worker_courses r
              WHERE r.region_code = c.region_code AND r.status = 'CERTIFIED' AND ($4::varchar IS NULL OR r.pillar = $4)
                AND r.certificate_expires_at >= $3 AND r.certificate_expires_at < $6::timestamptz + interval '1 day'
             LIMIT 1) later
          WHERE ${where} AND c.latest_month = $2::date) covered`,
      params,
    );
    return new Set(row?.codes ? row.codes.split(',') : []);
  }

  /**
   * Rows of the list's filters not passed (enrolled or started) with activity since `since`, for the rollup key `code`:
   * the activity day buckets after the day of `since` (about 14 rows; the "all" rows when unfiltered), plus the rows of
   * that one partial day active after the moment (an index range of one day of recent activity). Prepared (few texts).
   */
  async countRecentlyActive(code: string, filter: WorkerListFilter, since: Date): Promise<number> {
    const params: unknown[] = [];
    const where = workerWhere({ ...filter, status: undefined }, params);
    const sinceDayStart = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
    const at = (value: unknown) => `$${params.push(value)}`;
    const [sinceAt, dayAt, nextDayAt, codeAt] = [at(since), at(sinceDayStart.toISOString().slice(0, 10)), at(new Date(sinceDayStart.getTime() + 24 * 3600 * 1000)), at(code)];
    // Unfiltered: the "all" rows (a range of the primary key); filtered: the rows per pillar and course.
    const bucketFilters =
      filter.pillar || filter.courseId
        ? [`pillar <> '${ALL_PILLARS}'`, ...(filter.pillar ? [`pillar = ${at(filter.pillar)}`] : []), ...(filter.courseId ? [`course_id = ${at(filter.courseId)}::uuid`] : [])].join(' AND ')
        : `pillar = '${ALL_PILLARS}' AND course_id = '${ALL_COURSES}'`;
    const scoped = filter.scope.all ? 'TRUE' : scopeSql('region_code', filter.scope, params);
    const [row] = await preparedRowsOf<{ n: string }>(
      this.read,
      `SELECT (SELECT coalesce(sum(not_passed), 0) FROM report_activity_days
                WHERE region_code = ${codeAt} AND day > ${dayAt}::date AND ${bucketFilters} AND ${scoped})
            + (SELECT count(*) FROM report_worker_courses
                WHERE status IN ('ENROLLED', 'STARTED') AND last_activity_at >= ${sinceAt}::timestamptz
                  AND last_activity_at < ${nextDayAt}::timestamptz AND ${where}) AS n`,
      params,
    );
    return num(row?.n);
  }

  private async recomputeCover(manager: EntityManager, kecamatan: string[]): Promise<void> {
    if (kecamatan.length === 0) return;
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_COVER]);
    await manager.query(`DELETE FROM report_kecamatan_cover WHERE region_code = ANY($1::varchar[])`, [kecamatan]);
    await manager.query(`INSERT INTO report_kecamatan_cover (region_code, pillar, latest_month) ${coverSelect('region_code = ANY($1::varchar[])')}`, [kecamatan]);
  }

  /** The courses with rollup rows at a region (anyone of it enrolled): the choices of the course filter. */
  async coursesAt(regionCode: string): Promise<string[]> {
    const rows = await rowsOf<{ course_id: string }>(
      this.read,
      `SELECT DISTINCT course_id FROM report_region_courses WHERE region_code = $1 AND enrolled > 0`,
      [regionCode],
    );
    return rows.map((row) => row.course_id);
  }

  /** Codes at `depth` under `parent` that have rollup rows (certificates held), with how many. */
  async heldByChild(parent: string, depth: number, pillar: string | undefined, scope: RegionScope): Promise<Map<string, number>> {
    const params: unknown[] = [pillar ?? null];
    const under = parent === '' ? 'TRUE' : (params.push(`${parent}.%`), `region_code LIKE $${params.length}`);
    const rows = await rowsOf<{ region_code: string; certified: string }>(
      this.read,
      `SELECT region_code, sum(certified) AS certified FROM report_region_courses
        WHERE depth = ${depth} AND ${under} AND ($1::varchar IS NULL OR pillar = $1) AND ${scope.all ? 'TRUE' : scopeSql('region_code', scope, params)}
        GROUP BY region_code`,
      params,
    );
    return new Map(rows.map((row) => [row.region_code, num(row.certified)]));
  }

  /** A page of the people behind the numbers, in list order (region, worker, course: the order of an index). */
  async pageOfWorkers(filter: WorkerListFilter, limit: number, offset: number): Promise<WorkerListRow[]> {
    const params: unknown[] = [];
    const where = workerWhere(filter, params);
    return rowsOf<WorkerListRow>(
      this.read,
      `SELECT ${WORKER_COLUMNS} FROM report_worker_courses WHERE ${where}
        ORDER BY region_code, user_id, course_id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
  }

  /** How many rows match (for the lists the rollups cannot count). */
  async countWorkers(filter: WorkerListFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await rowsOf<{ n: string }>(this.read, `SELECT count(*) AS n FROM report_worker_courses WHERE ${workerWhere(filter, params)}`, params);
    return num(row?.n);
  }

  /** The next batch after `after` in list order (keyset paging: an export of 500,000 rows never skips with OFFSET). */
  async nextWorkers(filter: WorkerListFilter, after: WorkerCursor | null, limit: number): Promise<WorkerListRow[]> {
    const params: unknown[] = [];
    let where = workerWhere(filter, params);
    if (after) {
      params.push(after.regionCode, after.userId, after.courseId);
      where += ` AND (region_code, user_id, course_id) > ($${params.length - 2}, $${params.length - 1}::uuid, $${params.length}::uuid)`;
    }
    return rowsOf<WorkerListRow>(
      this.read,
      `SELECT ${WORKER_COLUMNS} FROM report_worker_courses WHERE ${where} ORDER BY region_code, user_id, course_id LIMIT ${Math.trunc(limit)}`,
      params,
    );
  }

  /** Starts a reconciliation run's record. */
  async startReconciliation(provinceCode: string): Promise<string> {
    const [row] = await rowsOf<{ id: string }>(this.db, `INSERT INTO report_reconciliations (province_code) VALUES ($1) RETURNING id`, [provinceCode]);
    return row.id;
  }

  async finishReconciliation(id: string, differences: number, details: unknown[], repaired: boolean): Promise<void> {
    await this.db.query(
      `UPDATE report_reconciliations SET finished_at = now(), differences = $2, details = $3, repaired = $4 WHERE id = $1`,
      [id, differences, JSON.stringify(details), repaired],
    );
  }

  /** The province the nightly job checks next: the one checked least recently among those with rollups. */
  async nextProvinceToReconcile(): Promise<string | null> {
    const [row] = await rowsOf<{ code: string }>(
      this.db,
      `SELECT w.region_code AS code FROM (SELECT DISTINCT region_code FROM report_region_workers WHERE depth = 1) w
         LEFT JOIN LATERAL (SELECT max(started_at) AS last FROM report_reconciliations r WHERE r.province_code = w.region_code) r ON TRUE
        ORDER BY r.last NULLS FIRST, w.region_code LIMIT 1`,
    );
    return row?.code ?? null;
  }
}

const STATE_COLUMNS = `user_id, course_id, enrollment_id, region_code, pillar, status, pretest_score, posttest_score, jp, enrolled_at,
  last_activity_at, completed_at, certificate_id, certified_at, certificate_expires_at`;

/** The change log's multi-row insert, its eleven arrays from parameter `first` on (changeArrays). */
function changesInsert(first: number): string {
  const types = ['smallint', 'varchar', 'varchar', 'uuid', 'report_progress_status', 'numeric', 'numeric', 'numeric', 'date', 'date', 'date', 'date', 'date'];
  return `INSERT INTO report_changes (sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp, expires_month, expires_day, active_day,
              completed_month, certified_month)
       SELECT * FROM unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')})`;
}

function changeArrays(changes: ChangeRow[]): unknown[] {
  const column = <K extends keyof ChangeRow>(key: K) => changes.map((c) => c[key]);
  return [column('sign'), column('regionCode'), column('pillar'), column('courseId'), column('status'), column('pretestScore'),
    column('posttestScore'), column('jp'), column('expiresMonth'), column('expiresDay'), column('activeDay'),
    column('completedMonth'), column('certifiedMonth')];
}

const WORKER_COLUMNS = `user_id, course_id, region_code, pillar, status, pretest_score, posttest_score, jp, enrolled_at, last_activity_at,
  completed_at, certified_at, certificate_expires_at`;

/** The list filters as SQL; the scope is always part of it. */
function workerWhere(filter: WorkerListFilter, params: unknown[]): string {
  const where = [scopeSql('region_code', filter.scope, params)];
  if (filter.region) {
    // [code, code || '/') in the "C" collation is exactly the code and the codes under it ('.' sorts before '/', every
    // digit after): one range of the list-order index, so a page reads only its rows, already in order.
    params.push(filter.region, `${filter.region}/`);
    where.push(`region_code >= $${params.length - 1} AND region_code < $${params.length}`);
  }
  if (filter.pillar) where.push(`pillar = $${params.push(filter.pillar)}`);
  if (filter.courseId) where.push(`course_id = $${params.push(filter.courseId)}::uuid`);
  const now = () => `$${params.push(filter.now)}::timestamptz`;
  switch (filter.status) {
    case 'ENROLLED':
    case 'STARTED':
    case 'COMPLETED':
      where.push(`status = '${filter.status}'`);
      break;
    case 'CERTIFIED':
      where.push(`status = 'CERTIFIED' AND (certificate_expires_at IS NULL OR certificate_expires_at >= ${now()})`);
      break;
    case 'EXPIRING': {
      const at = now();
      where.push(`status = 'CERTIFIED' AND certificate_expires_at >= ${at} AND certificate_expires_at < ${at} + interval '90 days'`);
      break;
    }
    case 'EXPIRED':
      where.push(`status = 'CERTIFIED' AND certificate_expires_at < ${now()}`);
      break;
    case 'STUCK':
      where.push(`status IN ('ENROLLED', 'STARTED') AND last_activity_at < ${now()} - interval '14 days'`);
      break;
    case 'NOT_CERTIFIED':
      where.push(`status <> 'CERTIFIED'`);
      break;
  }
  return where.join(' AND ');
}

function toState(row: Record<string, unknown>): WorkerCourseState {
  const score = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    userId: String(row.user_id),
    courseId: String(row.course_id),
    enrollmentId: String(row.enrollment_id),
    regionCode: String(row.region_code),
    pillar: String(row.pillar),
    status: row.status as ReportProgressStatus,
    pretestScore: score(row.pretest_score),
    posttestScore: score(row.posttest_score),
    jp: num(row.jp),
    enrolledAt: row.enrolled_at as Date,
    lastActivityAt: row.last_activity_at as Date,
    completedAt: (row.completed_at as Date | null) ?? null,
    certificateId: (row.certificate_id as string | null) ?? null,
    certifiedAt: (row.certified_at as Date | null) ?? null,
    certificateExpiresAt: (row.certificate_expires_at as Date | null) ?? null,
  };
}

function toCounters(row: Record<string, unknown>): CounterRow {
  const counters = Object.fromEntries(COURSE_COUNTERS.map((c) => [c, num(row[c])]));
  return { region_code: String(row.region_code), ...counters } as unknown as CounterRow;
}

/** '' (nation) → 0, '32' → 1, '32.72' → 2, '32.72.03' → 3. */
export function depthOf(code: string): number {
  return code === '' ? 0 : code.split('.').length;
}

/** The ancestors of a code, nation first: '32.72' → ['', '32']. */
export function ancestorsOf(code: string): string[] {
  if (code === '') return [];
  const parts = code.split('.');
  return ['', ...parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'))];
}

// ── The enrollment hook inside another domain's single statement (a graded submit, issue #22, decision 037) ────────

/** The worker's current-state row as another statement read it beside its own (`stateJoin`), and its row version. */
export interface JoinedState {
  state: WorkerCourseState | null;
  /** The row's `xmin` when read: the single statement writes only if the row is still that version. */
  version: string | null;
}

/**
 * A lateral join that reads the worker's current-state row of one course beside another domain's row, unlocked, as
 * columns `r_version` and `r_<column>` (read them with `joinedState`). `user` and `course` are that statement's
 * column expressions.
 */
export function stateJoin(user: string, course: string): string {
  const columns = STATE_COLUMNS.split(',').map((column) => `s.${column.trim()} AS r_${column.trim()}`).join(', ');
  return `LEFT JOIN LATERAL (SELECT s.xmin::text AS r_version, ${columns} FROM report_worker_courses s
                              WHERE s.user_id = ${user} AND s.course_id = ${course}) r ON TRUE`;
}

export function joinedState(row: Record<string, unknown>): JoinedState {
  if (!row.r_version) return { state: null, version: null };
  const unprefixed = Object.fromEntries(Object.entries(row).filter(([key]) => key.startsWith('r_')).map(([key, value]) => [key.slice(2), value]));
  return { state: toState(unprefixed), version: String(row.r_version) };
}

/**
 * The hook's part of another domain's single write statement, its parameters from `$first` on. The same text for
 * every call (a prepared statement): whether the row is written is a parameter. The caller's statement:
 *
 *     WITH <its row locks>, ${guardCtes}, <ready: its own condition AND (SELECT ok FROM hook_ready)>,
 *          ${stateCte('ready')}, <its writes, each also WHERE ${written}>, ${changesCte('<a CTE of its writes>')}
 *
 * What the separate hook statements guarantee holds here too: `hook_lock` takes the hook lock (shared, as
 * `lockForHook`) before the row is read; `hook_row` locks the row and `hook_ready` is true only when it is still
 * the version the caller read (an update or a delete since then fails it; the caller then takes the locked path);
 * the upsert's own ON CONFLICT check repeats that test on the newest version, so a row inserted meanwhile is not
 * overwritten (`written` is then false and the caller's writes do not run either). The changes are appended only
 * when the caller's write ran (`changesCte(after)`: at least one row in `after`).
 */
export interface HookStatement {
  guardCtes: string;
  stateCte(gate: string): string;
  /** True when the row was written as planned (or nothing was to be written). */
  written: string;
  changesCte(after: string): string;
  params: unknown[];
}

export function hookStatement(first: number, userId: string, courseId: string, version: string | null, write: { next: WorkerCourseState; changes: ChangeRow[] } | null): HookStatement {
  const p = (i: number) => `$${first + i}`;
  const s = write?.next;
  const types = ['uuid', 'uuid', 'uuid', 'varchar', 'varchar', 'report_progress_status', 'numeric', 'numeric', 'numeric', 'timestamptz', 'timestamptz',
    'timestamptz', 'uuid', 'timestamptz', 'timestamptz'];
  const values = STATE_COLUMNS.split(',').map((_, i) => `${p(4 + i)}::${types[i]}`).join(', ');
  return {
    guardCtes: `hook_lock AS (SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${LOCK_WRITE})),
       hook_row AS (SELECT s.xmin::text AS version FROM report_worker_courses s
                     WHERE s.user_id = ${p(0)}::uuid AND s.course_id = ${p(1)}::uuid AND (SELECT locked FROM hook_lock) = 1 FOR UPDATE OF s),
       hook_ready AS (SELECT (SELECT version FROM hook_row) IS NOT DISTINCT FROM ${p(2)}::text AS ok)`,
    stateCte: (gate) => `hook_state AS (
         INSERT INTO report_worker_courses AS s (${STATE_COLUMNS}, updated_at)
         SELECT ${values}, now() FROM ${gate} WHERE ${gate}.ok AND ${p(3)}::boolean
         ON CONFLICT (user_id, course_id) DO UPDATE SET enrollment_id = EXCLUDED.enrollment_id, region_code = EXCLUDED.region_code,
                pillar = EXCLUDED.pillar, status = EXCLUDED.status, pretest_score = EXCLUDED.pretest_score,
                posttest_score = EXCLUDED.posttest_score, jp = EXCLUDED.jp, enrolled_at = EXCLUDED.enrolled_at,
                last_activity_at = EXCLUDED.last_activity_at, completed_at = EXCLUDED.completed_at, certificate_id = EXCLUDED.certificate_id,
                certified_at = EXCLUDED.certified_at, certificate_expires_at = EXCLUDED.certificate_expires_at, updated_at = now()
          WHERE s.xmin::text IS NOT DISTINCT FROM ${p(2)}::text
         RETURNING 1)`,
    written: `(SELECT count(*) FROM hook_state) = CASE WHEN ${p(3)}::boolean THEN 1 ELSE 0 END`,
    changesCte: (after) => `hook_changes AS (${changesInsert(first + 19)} WHERE EXISTS (SELECT 1 FROM ${after}))`,
    params: [userId, courseId, version, write !== null,
      s?.userId ?? null, s?.courseId ?? null, s?.enrollmentId ?? null, s?.regionCode ?? null, s?.pillar ?? null, s?.status ?? null, s?.pretestScore ?? null,
      s?.posttestScore ?? null, s?.jp ?? null, s?.enrolledAt ?? null, s?.lastActivityAt ?? null, s?.completedAt ?? null, s?.certificateId ?? null,
      s?.certifiedAt ?? null, s?.certificateExpiresAt ?? null, ...changeArrays(write?.changes ?? [])],
  };
}
