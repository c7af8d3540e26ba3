import { MigrationInterface, QueryRunner } from 'typeorm';
import { ACTIVITY_COLUMN, activityRollupSelect } from '../../reports/rollup-sql';

/**
 * The "stuck" total from day buckets (decision 032, "Follow-up 2"): enrollments not passed, per region (every level),
 * pillar and course and for all of them, by the UTC day of their last activity. The change log carries that day
 * (`active_day`, for ENROLLED and STARTED rows). The table is filled from the current-state rows; changes still waiting
 * carry no day (logged before the column existed) and the current-state rows already hold them, so nothing counts twice.
 */
export class ReportsActivityDays1796334358585 implements MigrationInterface {
  name = 'ReportsActivityDays1796334358585';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_changes" ADD "active_day" date`);
    await queryRunner.query(
      `CREATE TABLE "report_activity_days" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid NOT NULL, "day" date NOT NULL, "depth" smallint NOT NULL, "not_passed" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_report_activity_days" PRIMARY KEY ("region_code", "pillar", "course_id", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_activity_days_region_day" ON "report_activity_days" ("region_code", "day") `);
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, status, ${ACTIVITY_COLUMN}
                       FROM report_worker_courses WHERE status IN ('ENROLLED', 'STARTED'))`;
    await queryRunner.query(`INSERT INTO report_activity_days (region_code, pillar, course_id, day, depth, not_passed) ${activityRollupSelect(states)}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_activity_days"`);
    await queryRunner.query(`ALTER TABLE "report_changes" DROP COLUMN "active_day"`);
  }
}
