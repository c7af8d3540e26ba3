import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { rowsOf } from '../common/sql';
import { ReportsReader } from './reports-reader';
import type { ExpiryWindows } from './reports.repository';

/** The same lock as the kecamatan cover's (ReportsRepository): a recomputation sees every fold committed before it. */
const LOCK_COVER = 19_003;
/** A desa code is a kecamatan code (8 characters, `32.72.03`) and four digits. */
const KECAMATAN_LENGTH = 8;

/**
 * Rows of report_desa_cover for the desa matching `where` (a condition on region_code): per pillar, the month the last
 * certificate held by a worker registered at the desa expires in, 'infinity' when one never expires. The kecamatan
 * cover's computation (rollup-sql.ts `coverSelect`) one level down (depth 4), without the "any pillar" rows: desa gaps
 * are asked per pillar only.
 */
export function desaCoverSelect(where: string): string {
  return `SELECT c.region_code, c.pillar,
                 CASE WHEN c.certified > coalesce(b.bucketed, 0) THEN 'infinity'::date ELSE b.latest END AS latest_month
            FROM (SELECT region_code, pillar, sum(certified) AS certified FROM report_region_courses
                   WHERE depth = 4 AND ${where} GROUP BY 1, 2) c
            LEFT JOIN (SELECT region_code, pillar, sum(certificates) AS bucketed, max(month) FILTER (WHERE certificates > 0) AS latest
                         FROM report_expiry_buckets WHERE depth = 4 AND pillar <> '*' AND ${where} GROUP BY 1, 2) b
              ON b.region_code = c.region_code AND b.pillar = c.pillar
           WHERE c.certified > 0`;
}

/** Recomputes the cover rows of these desa from their rollup rows (the fold calls it for the desa it touched). */
export async function recomputeDesaCover(manager: EntityManager, desa: string[]): Promise<void> {
  if (desa.length === 0) return;
  await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK_COVER]);
  await manager.query(`DELETE FROM report_desa_cover WHERE region_code = ANY($1::varchar[])`, [desa]);
  await manager.query(`INSERT INTO report_desa_cover (region_code, pillar, latest_month) ${desaCoverSelect('region_code = ANY($1::varchar[])')}`, [desa]);
}

/** Rebuilds the cover rows of a subtree (`inSubtree`: a condition on region_code with `params`), in a refresh. */
export async function rebuildDesaCover(manager: EntityManager, inSubtree: string, params: unknown[]): Promise<void> {
  await manager.query(`DELETE FROM report_desa_cover WHERE ${inSubtree}`, params);
  await manager.query(`INSERT INTO report_desa_cover (region_code, pillar, latest_month) ${desaCoverSelect(inSubtree)}`, params);
}

/** A desa cover row of a province that differs from what its rollups say (for the nightly reconciliation). */
export interface DesaCoverDifference {
  regionCode: string;
  pillar: string;
  actual: string | null;
  expected: string | null;
}

/** The desa cover rows of a province that differ from what the rollups say (run in the reconciliation's snapshot). */
export async function desaCoverDifferences(manager: EntityManager, province: string): Promise<DesaCoverDifference[]> {
  const under = `(region_code = $1 OR region_code LIKE $1 || '.%')`;
  const rows = await rowsOf<{ region_code: string; pillar: string; actual: string | null; expected: string | null }>(
    manager,
    `WITH now AS (SELECT region_code, pillar, latest_month FROM report_desa_cover WHERE ${under}),
          due AS (${desaCoverSelect(under)})
     SELECT coalesce(n.region_code, d.region_code) AS region_code, coalesce(n.pillar, d.pillar) AS pillar,
            n.latest_month::text AS actual, d.latest_month::text AS expected
       FROM now n FULL JOIN due d ON d.region_code = n.region_code AND d.pillar = n.pillar
      WHERE n.latest_month IS DISTINCT FROM d.latest_month
      ORDER BY 1, 2`,
    [province],
  );
  return rows.map((row) => ({ regionCode: row.region_code, pillar: row.pillar, actual: row.actual, expected: row.expected }));
}

/** What the desa gaps of a region need from the reports' tables (the desa themselves come from the regions domain). */
export interface DesaCoverState {
  /** Kecamatan with at least one worker of the pillar registered at one of their desa, in code order. */
  rosteredKecamatan: string[];
  /** Desa holding a valid certificate of the pillar now. */
  coveredDesa: Set<string>;
}

/** The reads of the desa gaps (decision 033). */
@Injectable()
export class ReportsDesaRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() private readonly reader?: ReportsReader,
  ) {}

  /** The views' connection: the read replica when there is one, else the primary. */
  private get read(): DataSource {
    return this.reader?.source ?? this.db;
  }

  /**
   * The desa-rostered kecamatan under `code` ('' = all) for `pillar` (a headcount row at depth 4: a worker of the
   * pillar registered at one of its desa), and the desa covered now: a cover row whose month is after this month, or
   * this month with a certificate still valid (its day buckets after today, or its rows expiring later today: the
   * kecamatan gaps' check, decision 032). One statement; each list comes back as one string (thousands of codes cost
   * more to send as rows than to join).
   */
  async coverState(code: string, pillar: string, scope: RegionScope, w: ExpiryWindows): Promise<DesaCoverState> {
    const params: unknown[] = [pillar, w.thisMonth, w.now, w.today, w.todayStart];
    const under = (column: string) => (code === '' ? 'TRUE' : (params.push(code, `${code}.%`), `(${column} = $${params.length - 1} OR ${column} LIKE $${params.length})`));
    const inScope = (column: string) => (scope.all ? 'TRUE' : scopeSql(column, scope, params));
    const rosterWhere = `w.depth = 4 AND w.pillar = $1 AND w.workers > 0 AND ${under('w.region_code')} AND ${inScope('w.region_code')}`;
    const coverWhere = `c.pillar = $1 AND ${under('c.region_code')} AND ${inScope('c.region_code')}`;
    const [row] = await rowsOf<{ rostered: string | null; covered: string | null }>(
      this.read,
      `SELECT (SELECT string_agg(kecamatan, ',') FROM (SELECT DISTINCT left(w.region_code, ${KECAMATAN_LENGTH}) AS kecamatan
                                                         FROM report_region_workers w WHERE ${rosterWhere}) k) AS rostered,
              (SELECT string_agg(region_code, ',') FROM (
                 SELECT c.region_code FROM report_desa_cover c WHERE ${coverWhere} AND c.latest_month > $2::date
                 UNION ALL
                 SELECT c.region_code FROM report_desa_cover c
                   CROSS JOIN LATERAL (
                     SELECT 1 AS ok FROM report_expiry_days d
                      WHERE d.region_code = c.region_code AND d.pillar = $1 AND d.day > $4::date
                        AND d.day < ($2::date + interval '1 month')::date AND d.certificates > 0
                     UNION ALL
                     SELECT 1 FROM report_worker_courses r
                      WHERE r.region_code = c.region_code AND r.status = 'CERTIFIED' AND r.pillar = $1
                        AND r.certificate_expires_at >= $3 AND r.certificate_expires_at < $5::timestamptz + interval '1 day'
                     LIMIT 1) later
                  WHERE ${coverWhere} AND c.latest_month = $2::date) covered) AS covered`,
      params,
    );
    return {
      rosteredKecamatan: row?.rostered ? row.rostered.split(',').sort() : [],
      coveredDesa: new Set(row?.covered ? row.covered.split(',') : []),
    };
  }
}
