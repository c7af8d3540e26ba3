import { MigrationInterface, QueryRunner } from 'typeorm';
import { COMPLETION_MONTH_COLUMNS, MONTH_COLUMNS, monthRollupSelect } from '../../reports/rollup-sql';

/**
 * Completions and certificates per month (decision 036): the change log carries the months of each contribution, and
 * report_months holds them per region (every level), pillar, course and month, with the "all" rows. Filled from the
 * current-state rows; changes still waiting carry no month (logged before the columns existed) and the current-state
 * rows already hold them, so nothing counts twice.
 */
export class ReportsMonths1796334322393 implements MigrationInterface {
  name = 'ReportsMonths1796334322393';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_changes" ADD "completed_month" date`);
    await queryRunner.query(`ALTER TABLE "report_changes" ADD "certified_month" date`);
    await queryRunner.query(
      `CREATE TABLE "report_months" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid NOT NULL, "month" date NOT NULL, "depth" smallint NOT NULL, "completed" integer NOT NULL DEFAULT '0', "certified" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_report_months" PRIMARY KEY ("region_code", "pillar", "course_id", "month"))`,
    );
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, ${COMPLETION_MONTH_COLUMNS} FROM report_worker_courses)`;
    await queryRunner.query(`INSERT INTO report_months (${MONTH_COLUMNS}) ${monthRollupSelect(states)}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_months"`);
    await queryRunner.query(`ALTER TABLE "report_changes" DROP COLUMN "certified_month"`);
    await queryRunner.query(`ALTER TABLE "report_changes" DROP COLUMN "completed_month"`);
  }
}
