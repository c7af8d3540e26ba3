import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import type { ReconciliationDifference } from './base-tables.repository';
import { ReportsReader } from './reports-reader';
import { ancestorsOf, depthOf } from './reports.repository';
import { ALL_COURSES, ALL_PILLARS, COMPLETION_MONTH_COLUMNS, MONTH_COLUMNS, monthRollupSelect } from './rollup-sql';

/** A month of the monthly view: 'YYYY-MM' and its counts. */
export interface MonthCounts {
  month: string;
  completed: number;
  certified: number;
}

/**
 * Every statement on report_months (decision 036): the monthly view's read, and its share of the refresh and the
 * reconciliation (the fold's share is `monthFoldCte` in rollup-sql.ts, inside the one fold statement).
 */
@Injectable()
export class ReportsMonthlyRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly reader?: ReportsReader,
  ) {}

  private get read(): DataSource {
    return this.reader?.source ?? this.db;
  }

  /**
   * The months of `code` between `from` and `to` ('YYYY-MM', inclusive) for the pillar and course filters: one
   * primary-key range (the "all" rows stand for a missing filter). Months without a row are left out.
   */
  async months(code: string, filter: { pillar?: string; courseId?: string }, from: string, to: string): Promise<MonthCounts[]> {
    const rows = await rowsOf<{ month: string; completed: number; certified: number }>(
      this.read,
      `SELECT to_char(month, 'YYYY-MM') AS month, completed, certified FROM report_months
        WHERE region_code = $1 AND pillar = $2 AND course_id = $3 AND month BETWEEN $4::date AND $5::date
        ORDER BY month`,
      [code, filter.pillar ?? ALL_PILLARS, filter.courseId ?? ALL_COURSES, `${from}-01`, `${to}-01`],
    );
    return rows.map((row) => ({ month: row.month, completed: Number(row.completed), certified: Number(row.certified) }));
  }

  /**
   * Rebuilds report_months of `code`'s subtree ('' = all) from the current-state rows, then each ancestor from its
   * children plus the rows registered at the ancestor itself: as ReportsRepository.rebuildRollups does for the other
   * rollups, in the refresh's transaction (after the current-state rows were rewritten).
   */
  async rebuild(manager: EntityManager, code: string): Promise<void> {
    const inSubtree = code === '' ? 'TRUE' : `(region_code = $1 OR region_code LIKE $1 || '.%')`;
    const params = code === '' ? [] : [code];
    await manager.query(`DELETE FROM report_months WHERE ${inSubtree}`, params);
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, ${COMPLETION_MONTH_COLUMNS} FROM report_worker_courses WHERE ${inSubtree})`;
    await manager.query(`INSERT INTO report_months (${MONTH_COLUMNS}) ${monthRollupSelect(states, depthOf(code))}`, params);
    for (const ancestor of ancestorsOf(code).reverse()) await this.rebuildFromChildren(manager, ancestor);
  }

  /** An ancestor's rows = the sum of its children's rows + the rows of workers registered at the ancestor itself. */
  private async rebuildFromChildren(manager: EntityManager, code: string): Promise<void> {
    const depth = depthOf(code);
    const children = code === '' ? `depth = 1` : `depth = ${depth + 1} AND region_code LIKE $1 || '.%'`;
    const params = code === '' ? [] : [code];
    const key = code === '' ? `''` : '$1';
    const direct = `(SELECT 1 AS sign, region_code, pillar, course_id, ${COMPLETION_MONTH_COLUMNS}
                       FROM report_worker_courses WHERE ${code === '' ? 'FALSE' : 'region_code = $1'})`;
    await manager.query(`DELETE FROM report_months WHERE region_code = ${key}`, params);
    await manager.query(
      `INSERT INTO report_months (${MONTH_COLUMNS})
       SELECT ${key}, pillar, course_id, month, ${depth}, sum(completed), sum(certified) FROM (
         SELECT pillar, course_id, month, completed, certified FROM report_months WHERE ${children}
         UNION ALL
         SELECT pillar, course_id, month, completed, certified FROM (${monthRollupSelect(direct, depth)}) d WHERE d.depth = ${depth}) x
       GROUP BY pillar, course_id, month`,
      params,
    );
  }

  /**
   * The month rows of a province's subtree that differ from `expectedStates` (the current-state rows recomputed from
   * the base tables, BaseTablesRepository.statesFromBase), the rows read together with the changes not folded yet, in
   * the caller's snapshot. Keys 'completed:YYYY-MM' and 'certified:YYYY-MM'.
   */
  async differences(manager: EntityManager, province: string, expectedStates: string): Promise<ReconciliationDifference[]> {
    const under = `(region_code = $1 OR region_code LIKE $1 || '.%')`;
    const expected = `(SELECT 1 AS sign, region_code, pillar, course_id, ${COMPLETION_MONTH_COLUMNS} FROM (${expectedStates}) b)`;
    const pending = `(SELECT * FROM report_changes WHERE ${under})`;
    const rows = await rowsOf<{ region_code: string; pillar: string; course_id: string; month: string; actual: Record<string, number>; expected: Record<string, number> }>(
      manager,
      `WITH e AS (SELECT region_code, pillar, course_id, month, completed, certified FROM (${monthRollupSelect(expected, 1)}) x),
       a AS (SELECT region_code, pillar, course_id, month, sum(completed) AS completed, sum(certified) AS certified FROM (
               SELECT region_code, pillar, course_id, month, completed, certified FROM report_months WHERE ${under}
               UNION ALL
               SELECT region_code, pillar, course_id, month, completed, certified FROM (${monthRollupSelect(pending, 1)}) p) y
             GROUP BY 1, 2, 3, 4)
       SELECT coalesce(a.region_code, e.region_code) AS region_code, coalesce(a.pillar, e.pillar) AS pillar,
              coalesce(a.course_id, e.course_id)::text AS course_id, to_char(coalesce(a.month, e.month), 'YYYY-MM') AS month,
              json_build_object('completed', coalesce(a.completed, 0), 'certified', coalesce(a.certified, 0)) AS actual,
              json_build_object('completed', coalesce(e.completed, 0), 'certified', coalesce(e.certified, 0)) AS expected
         FROM a FULL JOIN e ON e.region_code = a.region_code AND e.pillar = a.pillar AND e.course_id = a.course_id AND e.month = a.month
        WHERE coalesce(a.completed, 0) <> coalesce(e.completed, 0) OR coalesce(a.certified, 0) <> coalesce(e.certified, 0)
        ORDER BY 1, 2, 3, 4`,
      [province],
    );
    return rows.map((row) => ({
      regionCode: row.region_code,
      pillar: row.pillar,
      courseId: row.course_id,
      actual: Object.fromEntries(Object.entries(row.actual).map(([k, v]) => [`${k}:${row.month}`, Number(v)])),
      expected: Object.fromEntries(Object.entries(row.expected).map(([k, v]) => [`${k}:${row.month}`, Number(v)])),
    }));
  }
}
