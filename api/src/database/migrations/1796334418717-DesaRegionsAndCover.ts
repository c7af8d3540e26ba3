import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The columns that hold a worker's region code, so a code can name a desa (`32.72.03.1001`, 13 characters), with
 * their collation kept ("C" where it was: ALTER … TYPE without COLLATE would reset it and rebuild the indexes).
 */
const WORKER_REGION_COLUMNS: [string, string, string][] = [
  ['regions', 'code', ''],
  ['regions', 'parent_code', ''],
  ['users', 'region_code', ''],
  ['certificates', 'region_code', ''],
  ['task_submissions', 'region_code', ' COLLATE "C"'],
  ['audit_log', 'region_code', ''],
  ['report_worker_courses', 'region_code', ' COLLATE "C"'],
  ['report_changes', 'region_code', ' COLLATE "C"'],
  ['report_region_courses', 'region_code', ' COLLATE "C"'],
  ['report_region_workers', 'region_code', ' COLLATE "C"'],
  ['report_expiry_buckets', 'region_code', ' COLLATE "C"'],
  ['report_expiry_days', 'region_code', ' COLLATE "C"'],
  ['report_months', 'region_code', ' COLLATE "C"'],
  ['report_activity_days', 'region_code', ' COLLATE "C"'],
];

/**
 * Desa (decision 033, "Desa gaps"): the region level VILLAGE, region codes of workers wide enough for a desa code
 * (a longer varchar is a catalog change: no table is rewritten, no index rebuilt), and the desa cover of the reports
 * (empty: before this migration no code could name a desa, so the rollups hold no desa row).
 */
export class DesaRegionsAndCover1796334418717 implements MigrationInterface {
  name = 'DesaRegionsAndCover1796334418717';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."region_level" ADD VALUE IF NOT EXISTS 'VILLAGE'`);
    for (const [table, column, collation] of WORKER_REGION_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(13)${collation}`);
    }
    await queryRunner.query(
      `CREATE TABLE "report_desa_cover" ("pillar" character varying(20) NOT NULL, "region_code" character varying(13) COLLATE "C" NOT NULL, "latest_month" date NOT NULL, CONSTRAINT "pk_report_desa_cover" PRIMARY KEY ("pillar", "region_code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_desa_cover"`);
    // A worker registered at a desa goes back to its kecamatan; a rollup's desa rows go (its kecamatan rows already
    // count their desa); the desa leave the regions (their level stays in the enum: PostgreSQL cannot drop a value).
    for (const [table, column] of WORKER_REGION_COLUMNS) {
      if (table === 'regions') continue;
      const rollup = table.startsWith('report_') && table !== 'report_worker_courses' && table !== 'report_changes';
      await queryRunner.query(
        rollup
          ? `DELETE FROM "${table}" WHERE length("${column}") > 8`
          : `UPDATE "${table}" SET "${column}" = left("${column}", 8) WHERE length("${column}") > 8`,
      );
    }
    await queryRunner.query(`DELETE FROM "regions" WHERE length("code") > 8`);
    for (const [table, column, collation] of WORKER_REGION_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE character varying(8)${collation}`);
    }
  }
}
