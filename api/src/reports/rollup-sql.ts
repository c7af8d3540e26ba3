/**
 * SQL fragments that turn contribution rows into rollup rows. A source has the columns of report_changes
 * (sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp, expires_month, expires_day); each row counts
 * for its own region and every ancestor up to the nation (region code '', depth 0), so every level has its rows.
 * Shared by the fold (from the change log), the refresh (from the current-state rows) and the reconciliation
 * (from the base tables), so the three cannot count differently.
 */

/** Joins each source row `s` to its region and ancestors as `a(depth)`; the ancestor's code is ANCESTOR_CODE. */
export const ANCESTORS = `CROSS JOIN LATERAL generate_series(0, cardinality(string_to_array(s.region_code, '.'))) AS a(depth)`;
export const ANCESTOR_CODE = `array_to_string((string_to_array(s.region_code, '.'))[1:a.depth], '.')`;

const when = (condition: string) => `sum(CASE WHEN ${condition} THEN s.sign ELSE 0 END)`;

/** Rollup rows of report_region_courses from `source` (a subquery or table aliased as s), deepest first allowed. */
export function courseRollupSelect(source: string, minDepth = 0): string {
  return `SELECT ${ANCESTOR_CODE} AS region_code, s.pillar, s.course_id, a.depth::smallint AS depth,
            sum(s.sign)::int AS enrolled,
            ${when(`s.status <> 'ENROLLED'`)}::int AS started,
            ${when(`s.status IN ('COMPLETED', 'CERTIFIED')`)}::int AS completed,
            ${when(`s.status = 'CERTIFIED'`)}::int AS certified,
            coalesce(sum(s.sign * s.pretest_score), 0) AS pre_sum, ${when('s.pretest_score IS NOT NULL')}::int AS pre_count,
            coalesce(sum(s.sign * s.posttest_score), 0) AS post_sum, ${when('s.posttest_score IS NOT NULL')}::int AS post_count,
            coalesce(sum(s.sign * (s.posttest_score - s.pretest_score)), 0) AS gain_sum,
            ${when('s.pretest_score IS NOT NULL AND s.posttest_score IS NOT NULL')}::int AS gain_count,
            coalesce(sum(s.sign * s.jp), 0) AS jp
       FROM ${source} s ${ANCESTORS}
      WHERE s.course_id IS NOT NULL AND a.depth >= ${minDepth}
      GROUP BY 1, 2, 3, 4`;
}

/** Rollup rows of report_region_workers (headcount: source rows without a course). */
export function workerRollupSelect(source: string, minDepth = 0): string {
  return `SELECT ${ANCESTOR_CODE} AS region_code, s.pillar, a.depth::smallint AS depth, sum(s.sign)::int AS workers
       FROM ${source} s ${ANCESTORS}
      WHERE s.course_id IS NULL AND a.depth >= ${minDepth}
      GROUP BY 1, 2, 3`;
}

/**
 * The expiry buckets' "every pillar, every course" rows (decision 032): pillar '*' and this course id hold the sum of
 * a region's other rows, so an unfiltered view reads one row per month or day instead of one per pillar and course.
 */
export const ALL_PILLARS = '*';
export const ALL_COURSES = '00000000-0000-0000-0000-000000000000';

/** Expiry rows (by `period`: the month or the day they expire in) per pillar and course, and for all of them. */
function expiryRollupSelect(source: string, period: 'expires_month' | 'expires_day', alias: string, minDepth: number): string {
  return `SELECT ${ANCESTOR_CODE} AS region_code,
            CASE WHEN grouping(s.pillar) = 1 THEN '${ALL_PILLARS}' ELSE s.pillar END AS pillar,
            CASE WHEN grouping(s.course_id) = 1 THEN '${ALL_COURSES}'::uuid ELSE s.course_id END AS course_id,
            s.${period} AS ${alias}, a.depth::smallint AS depth, sum(s.sign)::int AS certificates
       FROM ${source} s ${ANCESTORS}
      WHERE s.course_id IS NOT NULL AND s.status = 'CERTIFIED' AND s.${period} IS NOT NULL AND a.depth >= ${minDepth}
      GROUP BY GROUPING SETS ((${ANCESTOR_CODE}, s.pillar, s.course_id, s.${period}, a.depth), (${ANCESTOR_CODE}, s.${period}, a.depth))`;
}

/** Rollup rows of report_expiry_buckets (certificates held, by the month they expire in). */
export function bucketRollupSelect(source: string, minDepth = 0): string {
  return expiryRollupSelect(source, 'expires_month', 'month', minDepth);
}

/** Rollup rows of report_expiry_days (certificates held, by the UTC day they expire on). */
export function dayRollupSelect(source: string, minDepth = 0): string {
  return expiryRollupSelect(source, 'expires_day', 'day', minDepth);
}

/**
 * Rows of report_kecamatan_cover for the kecamatan matching `where` (a condition on region_code): per pillar and for
 * all pillars ('*'), the month the last certificate held expires in, 'infinity' when one never expires (certified
 * rows beyond those with an expiry month). A kecamatan with no certificate held has no row.
 */
export function coverSelect(where: string): string {
  return `SELECT region_code, coalesce(pillar, '*') AS pillar,
                 CASE WHEN sum(certified) > sum(bucketed) THEN 'infinity'::date ELSE max(latest) END AS latest_month
            FROM (SELECT c.region_code, c.pillar, c.certified, coalesce(b.bucketed, 0) AS bucketed, b.latest
                    FROM (SELECT region_code, pillar, sum(certified) AS certified FROM report_region_courses
                           WHERE depth = 3 AND ${where} GROUP BY 1, 2) c
                    LEFT JOIN (SELECT region_code, pillar, sum(certificates) AS bucketed, max(month) FILTER (WHERE certificates > 0) AS latest
                                 FROM report_expiry_buckets WHERE depth = 3 AND pillar <> '${ALL_PILLARS}' AND ${where} GROUP BY 1, 2) b
                      ON b.region_code = c.region_code AND b.pillar = c.pillar
                   WHERE c.certified > 0) x
           GROUP BY GROUPING SETS ((region_code, pillar), (region_code))`;
}

export const COURSE_COLUMNS = 'region_code, pillar, course_id, depth, enrolled, started, completed, certified, pre_sum, pre_count, post_sum, post_count, gain_sum, gain_count, jp';
export const COURSE_COUNTERS = ['enrolled', 'started', 'completed', 'certified', 'pre_sum', 'pre_count', 'post_sum', 'post_count', 'gain_sum', 'gain_count', 'jp'];

/** The current-state rows as contribution rows (sign +1). */
export const CURRENT_STATE_AS_CHANGES = `(SELECT 1 AS sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp,
   date_trunc('month', certificate_expires_at AT TIME ZONE 'UTC')::date AS expires_month,
   (certificate_expires_at AT TIME ZONE 'UTC')::date AS expires_day FROM report_worker_courses)`;

/** The expiry month and day columns of a contribution from current-state rows. */
export const EXPIRY_COLUMNS = `date_trunc('month', certificate_expires_at AT TIME ZONE 'UTC')::date AS expires_month,
   (certificate_expires_at AT TIME ZONE 'UTC')::date AS expires_day`;

// ── Completions and certificates per month (decision 036, report_months) ────────────────────────────────────────────

/** Months are counted in WIB (UTC+7, no daylight saving), as the training record's JP per year. */
export const MONTH_TIME_ZONE = 'Asia/Jakarta';

/** The completion and certification month columns of a contribution from current-state rows (aliased or not). */
export const COMPLETION_MONTH_COLUMNS = `CASE WHEN status IN ('COMPLETED', 'CERTIFIED') THEN date_trunc('month', completed_at AT TIME ZONE '${MONTH_TIME_ZONE}')::date END AS completed_month,
   CASE WHEN status = 'CERTIFIED' THEN date_trunc('month', certified_at AT TIME ZONE '${MONTH_TIME_ZONE}')::date END AS certified_month`;

export const MONTH_COLUMNS = 'region_code, pillar, course_id, month, depth, completed, certified';

/**
 * Rollup rows of report_months from `source` (columns of report_changes with completed_month and certified_month):
 * one row per region (every level from `minDepth`), pillar, course and month, and the "all" rows of every filter
 * combination (pillar '*' and/or course ALL_COURSES). A contribution counts in the month of its completion and, if it
 * holds a certificate, in the month of its issue (often two different months).
 */
export function monthRollupSelect(source: string, minDepth = 0): string {
  const months = `(SELECT s.sign, s.region_code, s.pillar, s.course_id, m.month, m.completed, m.certified
                     FROM ${source} s
                     CROSS JOIN LATERAL (VALUES (s.completed_month, 1, 0), (s.certified_month, 0, 1)) AS m(month, completed, certified)
                    WHERE s.course_id IS NOT NULL AND m.month IS NOT NULL)`;
  const code = ANCESTOR_CODE;
  return `SELECT ${code} AS region_code,
            CASE WHEN grouping(s.pillar) = 1 THEN '${ALL_PILLARS}' ELSE s.pillar END AS pillar,
            CASE WHEN grouping(s.course_id) = 1 THEN '${ALL_COURSES}'::uuid ELSE s.course_id END AS course_id,
            s.month, a.depth::smallint AS depth, sum(s.sign * s.completed)::int AS completed, sum(s.sign * s.certified)::int AS certified
       FROM ${months} s ${ANCESTORS}
      WHERE a.depth >= ${minDepth}
      GROUP BY GROUPING SETS ((${code}, s.pillar, s.course_id, s.month, a.depth), (${code}, s.pillar, s.month, a.depth),
                              (${code}, s.course_id, s.month, a.depth), (${code}, s.month, a.depth))`;
}

/** The fold's common table expression `month_rows`: the taken changes added to report_months. */
export function monthFoldCte(taken: string): string {
  return `month_rows AS (
           INSERT INTO report_months (${MONTH_COLUMNS}) ${monthRollupSelect(taken)}
           ON CONFLICT (region_code, pillar, course_id, month) DO UPDATE SET
             completed = report_months.completed + EXCLUDED.completed, certified = report_months.certified + EXCLUDED.certified
           RETURNING 1)`;
}
/**
 * Rollup rows of report_activity_days (decision 032, "Follow-up 2"): enrollments not passed (ENROLLED or STARTED) by
 * the UTC day of their last activity, per pillar and course and for all of them ('*', ALL_COURSES). The "stuck" total
 * subtracts the days of the last two weeks from the not-passed count instead of counting the recently active rows.
 */
export function activityRollupSelect(source: string, minDepth = 0): string {
  return `SELECT ${ANCESTOR_CODE} AS region_code,
            CASE WHEN grouping(s.pillar) = 1 THEN '${ALL_PILLARS}' ELSE s.pillar END AS pillar,
            CASE WHEN grouping(s.course_id) = 1 THEN '${ALL_COURSES}'::uuid ELSE s.course_id END AS course_id,
            s.active_day AS day, a.depth::smallint AS depth, sum(s.sign)::int AS not_passed
       FROM ${source} s ${ANCESTORS}
      WHERE s.course_id IS NOT NULL AND s.status IN ('ENROLLED', 'STARTED') AND s.active_day IS NOT NULL AND a.depth >= ${minDepth}
      GROUP BY GROUPING SETS ((${ANCESTOR_CODE}, s.pillar, s.course_id, s.active_day, a.depth), (${ANCESTOR_CODE}, s.active_day, a.depth))`;
}

/** The activity day column of a contribution from current-state rows (the select above keeps only the not-passed ones). */
export const ACTIVITY_COLUMN = `(last_activity_at AT TIME ZONE 'UTC')::date AS active_day`;
