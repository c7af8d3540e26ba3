import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import type { Headcount } from './reports.repository';
import {
  ACTIVITY_COLUMN,
  activityRollupSelect,
  bucketRollupSelect,
  COURSE_COUNTERS,
  courseRollupSelect,
  coverSelect,
  dayRollupSelect,
  EXPIRY_COLUMNS,
  workerRollupSelect,
} from './rollup-sql';
import { desaCoverDifferences } from './reports-desa.repository';

/**
 * The one place the reports read other domains' tables (users, enrollments, certificates, course_versions), listed as
 * a deliberate exception in the architecture test: the backfill/refresh and the nightly reconciliation recompute a
 * whole region from the base tables in bulk, one statement each, which no per-row service call could do at a million
 * workers. The request path never comes here. The status rules below are the same as ReportsService.progressOf.
 */
@Injectable()
export class BaseTablesRepository {
  /** What the current-state rows of the workers under `code` ('' = all) should be, from the base tables (a SELECT, `$1` = code). */
  statesFromBase(code: string): string {
    const subtree = code === '' ? 'TRUE' : `(u.region_code = $1 OR u.region_code LIKE $1 || '.%')`;
    return `SELECT DISTINCT ON (e.user_id, e.course_id)
              e.user_id, e.course_id, e.id AS enrollment_id, u.region_code::varchar COLLATE "C" AS region_code, u.pillar::varchar AS pillar,
              (CASE WHEN c.id IS NOT NULL THEN 'CERTIFIED'
                    WHEN e.completed_at IS NOT NULL THEN 'COMPLETED'
                    WHEN e.lessons_finished > 0 OR e.pretest_score IS NOT NULL OR e.posttest_attempts > 0 THEN 'STARTED'
                    ELSE 'ENROLLED' END)::report_progress_status AS status,
              e.pretest_score, e.best_posttest_score AS posttest_score,
              CASE WHEN e.completed_at IS NOT NULL THEN cv.hours ELSE 0 END AS jp,
              e.created_at AS enrolled_at, e.updated_at AS last_activity_at, e.completed_at,
              c.id AS certificate_id, c.issued_at AS certified_at, c.valid_until AS certificate_expires_at
         FROM enrollments e
         JOIN users u ON u.id = e.user_id
         JOIN course_versions cv ON cv.id = e.course_version_id
         LEFT JOIN certificates c ON c.enrollment_id = e.id AND c.revoked_at IS NULL
        WHERE u.role = 'PESERTA' AND u.pillar IS NOT NULL AND u.region_code IS NOT NULL AND ${subtree}
        ORDER BY e.user_id, e.course_id, e.cycle DESC`;
  }

  /** Replaces the current-state rows of the workers under `code` with what the base tables say. */
  async rewriteStates(manager: EntityManager, code: string): Promise<number> {
    const params = code === '' ? [] : [code];
    await manager.query(`DELETE FROM report_worker_courses WHERE ${code === '' ? 'TRUE' : `(region_code = $1 OR region_code LIKE $1 || '.%')`}`, params);
    const rows = await rowsOf<{ user_id: string }>(
      manager,
      `INSERT INTO report_worker_courses (user_id, course_id, enrollment_id, region_code, pillar, status, pretest_score, posttest_score, jp,
              enrolled_at, last_activity_at, completed_at, certificate_id, certified_at, certificate_expires_at)
       ${this.statesFromBase(code)}
       ON CONFLICT (user_id, course_id) DO UPDATE SET enrollment_id = EXCLUDED.enrollment_id, region_code = EXCLUDED.region_code,
              pillar = EXCLUDED.pillar, status = EXCLUDED.status, pretest_score = EXCLUDED.pretest_score,
              posttest_score = EXCLUDED.posttest_score, jp = EXCLUDED.jp, enrolled_at = EXCLUDED.enrolled_at,
              last_activity_at = EXCLUDED.last_activity_at, completed_at = EXCLUDED.completed_at, certificate_id = EXCLUDED.certificate_id,
              certified_at = EXCLUDED.certified_at, certificate_expires_at = EXCLUDED.certificate_expires_at, updated_at = now()
       RETURNING user_id`,
      params,
    );
    return rows.length;
  }

  /** Workers (PESERTA, ACTIVE or INVITED) per region code and pillar, under `code` ('' = all). */
  async headcountsUnder(manager: EntityManager, code: string): Promise<Headcount[]> {
    const params = code === '' ? [] : [code];
    return this.headcounts(manager, code === '' ? 'TRUE' : `(region_code = $1 OR region_code LIKE $1 || '.%')`, params);
  }

  /** The same for workers registered exactly at these codes (a kabupaten/kota, a province). */
  async headcountsAt(manager: EntityManager, codes: string[]): Promise<Headcount[]> {
    return this.headcounts(manager, `region_code = ANY($1::varchar[])`, [codes]);
  }

  private async headcounts(manager: EntityManager, where: string, params: unknown[]): Promise<Headcount[]> {
    const rows = await rowsOf<{ region_code: string; pillar: string; workers: string }>(
      manager,
      `SELECT region_code, pillar::varchar AS pillar, count(*) AS workers FROM users
        WHERE role = 'PESERTA' AND status IN ('ACTIVE', 'INVITED') AND pillar IS NOT NULL AND region_code IS NOT NULL AND ${where}
        GROUP BY 1, 2`,
      params,
    );
    return rows.map((row) => ({ regionCode: row.region_code, pillar: row.pillar, workers: Number(row.workers) }));
  }

  /**
   * The rollup rows of a province's subtree (province, kabupaten/kota, kecamatan) that differ from a recomputation
   * from the base tables. The rollups are read together with the changes not folded yet, in the caller's snapshot.
   */
  async differences(manager: EntityManager, province: string): Promise<ReconciliationDifference[]> {
    const expectedStates = `(SELECT 1 AS sign, region_code, pillar, course_id, status, pretest_score, posttest_score, jp,
                                    NULL::date AS expires_month FROM (${this.statesFromBase(province)}) b)`;
    const expectedHeads = `(SELECT 1 AS sign, region_code::varchar COLLATE "C" AS region_code, pillar::varchar AS pillar, NULL::uuid AS course_id FROM users
                             WHERE role = 'PESERTA' AND status IN ('ACTIVE', 'INVITED') AND pillar IS NOT NULL
                               AND (region_code = $1 OR region_code LIKE $1 || '.%'))`;
    const pending = `(SELECT * FROM report_changes WHERE region_code = $1 OR region_code LIKE $1 || '.%')`;
    const counters = [...COURSE_COUNTERS, 'workers'];
    const sum = counters.map((c) => `sum(${c}) AS ${c}`).join(', ');
    const zeroCourse = COURSE_COUNTERS.map((c) => `${c}`).join(', ');
    const rows = await rowsOf<{ region_code: string; pillar: string; course_id: string | null; actual: Record<string, number>; expected: Record<string, number> }>(
      manager,
      `WITH expected AS (
         SELECT region_code, pillar, course_id, ${zeroCourse}, 0 AS workers FROM (${courseRollupSelect(expectedStates, 1)}) x
         UNION ALL
         SELECT region_code, pillar, NULL, ${COURSE_COUNTERS.map(() => '0').join(', ')}, workers FROM (${workerRollupSelect(expectedHeads, 1)}) y),
       actual AS (
         SELECT region_code, pillar, course_id, ${zeroCourse}, 0 AS workers FROM report_region_courses
          WHERE region_code = $1 OR region_code LIKE $1 || '.%'
         UNION ALL
         SELECT region_code, pillar, NULL, ${COURSE_COUNTERS.map(() => '0').join(', ')}, workers FROM report_region_workers
          WHERE region_code = $1 OR region_code LIKE $1 || '.%'
         UNION ALL
         SELECT region_code, pillar, course_id, ${zeroCourse}, 0 FROM (${courseRollupSelect(pending, 1)}) p
         UNION ALL
         SELECT region_code, pillar, NULL, ${COURSE_COUNTERS.map(() => '0').join(', ')}, workers FROM (${workerRollupSelect(pending, 1)}) q),
       e AS (SELECT region_code, pillar, course_id, ${sum} FROM expected GROUP BY 1, 2, 3),
       a AS (SELECT region_code, pillar, course_id, ${sum} FROM actual GROUP BY 1, 2, 3)
       SELECT coalesce(a.region_code, e.region_code) AS region_code, coalesce(a.pillar, e.pillar) AS pillar,
              coalesce(a.course_id, e.course_id) AS course_id,
              json_build_object(${counters.map((c) => `'${c}', coalesce(a.${c}, 0)`).join(', ')}) AS actual,
              json_build_object(${counters.map((c) => `'${c}', coalesce(e.${c}, 0)`).join(', ')}) AS expected
         FROM a FULL JOIN e ON e.region_code = a.region_code AND e.pillar = a.pillar AND e.course_id IS NOT DISTINCT FROM a.course_id
        WHERE ${counters.map((c) => `coalesce(a.${c}, 0) <> coalesce(e.${c}, 0)`).join(' OR ')}
        ORDER BY 1, 2, 3`,
      [province],
    );
    const differing = rows.map((row) => ({ regionCode: row.region_code, pillar: row.pillar, courseId: row.course_id, actual: row.actual, expected: row.expected }));
    const desa = (await desaCoverDifferences(manager, province)).map((d) => ({
      regionCode: d.regionCode,
      pillar: d.pillar,
      courseId: null,
      // Like the kecamatan cover's difference: 1 = a row (its month in `details` of the log is not needed to repair).
      actual: { 'desa-cover': d.actual === null ? 0 : 1 },
      expected: { 'desa-cover': d.expected === null ? 0 : 1 },
    }));
    return [...differing, ...(await this.expiryDifferences(manager, province)), ...desa];
  }

  /**
   * The expiry month and day buckets and the activity day buckets of a province's subtree that differ from the base
   * tables (keys 'month:…', 'day:…' and 'active:…'), and the kecamatan cover rows that differ from what the rollups say (key 'cover').
   */
  private async expiryDifferences(manager: EntityManager, province: string): Promise<ReconciliationDifference[]> {
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, status, ${EXPIRY_COLUMNS}, ${ACTIVITY_COLUMN} FROM (${this.statesFromBase(province)}) b)`;
    const under = `(region_code = $1 OR region_code LIKE $1 || '.%')`;
    const pending = `(SELECT * FROM report_changes WHERE ${under})`;
    const rows = await rowsOf<{ region_code: string; pillar: string; course_id: string | null; key: string; actual: number; expected: number }>(
      manager,
      `WITH expected AS (
         SELECT region_code, pillar, course_id, 'month:' || month AS key, certificates FROM (${bucketRollupSelect(states, 1)}) m
         UNION ALL
         SELECT region_code, pillar, course_id, 'day:' || day, certificates FROM (${dayRollupSelect(states, 1)}) d
         UNION ALL
         SELECT region_code, pillar, course_id, 'active:' || day, not_passed FROM (${activityRollupSelect(states, 1)}) ad),
       actual AS (
         SELECT region_code, pillar, course_id, 'month:' || month AS key, certificates FROM report_expiry_buckets WHERE ${under}
         UNION ALL
         SELECT region_code, pillar, course_id, 'month:' || month, certificates FROM (${bucketRollupSelect(pending, 1)}) pm
         UNION ALL
         SELECT region_code, pillar, course_id, 'day:' || day, certificates FROM report_expiry_days WHERE ${under}
         UNION ALL
         SELECT region_code, pillar, course_id, 'day:' || day, certificates FROM (${dayRollupSelect(pending, 1)}) pd
         UNION ALL
         SELECT region_code, pillar, course_id, 'active:' || day, not_passed FROM report_activity_days WHERE ${under}
         UNION ALL
         SELECT region_code, pillar, course_id, 'active:' || day, not_passed FROM (${activityRollupSelect(pending, 1)}) pa),
       e AS (SELECT region_code, pillar, course_id, key, sum(certificates) AS n FROM expected GROUP BY 1, 2, 3, 4),
       a AS (SELECT region_code, pillar, course_id, key, sum(certificates) AS n FROM actual GROUP BY 1, 2, 3, 4),
       cover_now AS (SELECT region_code, pillar, latest_month FROM report_kecamatan_cover WHERE ${under}),
       cover_due AS (${coverSelect(under)})
       SELECT coalesce(a.region_code, e.region_code) AS region_code, coalesce(a.pillar, e.pillar) AS pillar,
              coalesce(a.course_id, e.course_id)::text AS course_id, coalesce(a.key, e.key) AS key,
              coalesce(a.n, 0)::int AS actual, coalesce(e.n, 0)::int AS expected
         FROM a FULL JOIN e ON e.region_code = a.region_code AND e.pillar = a.pillar AND e.course_id = a.course_id AND e.key = a.key
        WHERE coalesce(a.n, 0) <> coalesce(e.n, 0)
       UNION ALL
       SELECT coalesce(n.region_code, d.region_code), coalesce(n.pillar, d.pillar), NULL, 'cover',
              CASE WHEN n.region_code IS NULL THEN 0 ELSE 1 END, CASE WHEN d.region_code IS NULL THEN 0 ELSE 1 END
         FROM cover_now n FULL JOIN cover_due d ON d.region_code = n.region_code AND d.pillar = n.pillar
        WHERE n.latest_month IS DISTINCT FROM d.latest_month
        ORDER BY 1, 2, 3, 4`,
      [province],
    );
    return rows.map((row) => ({
      regionCode: row.region_code,
      pillar: row.pillar,
      courseId: row.course_id,
      actual: { [row.key]: row.actual },
      expected: { [row.key]: row.expected },
    }));
  }
}

export interface ReconciliationDifference {
  regionCode: string;
  pillar: string;
  courseId: string | null;
  actual: Record<string, number>;
  expected: Record<string, number>;
}
