import { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_COURSES, ALL_PILLARS, coverSelect, dayRollupSelect } from '../../reports/rollup-sql';

/**
 * Reports at a million workers (decision 032): certificates held by the day they expire (the two partial months at the
 * edges of "expired" and "expiring within 90 days" read day rows, not a month of worker rows), the latest expiry month
 * of each kecamatan and pillar (the coverage gaps read one row per kecamatan), and an index of the not-passed rows by
 * last activity (the "stuck" list's total subtracts the recently active from the rollups' count).
 * The new tables are filled from the current rollups and current-state rows; changes still waiting carry no day
 * (they were logged before the column existed) and the current-state rows already hold them, so nothing counts twice.
 */
export class ReportsScale1795501000000 implements MigrationInterface {
  name = 'ReportsScale1795501000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_changes" ADD "expires_day" date`);
    await queryRunner.query(
      `CREATE TABLE "report_expiry_days" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid NOT NULL, "day" date NOT NULL, "depth" smallint NOT NULL, "certificates" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_report_expiry_days" PRIMARY KEY ("region_code", "pillar", "course_id", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_expiry_days_region_day" ON "report_expiry_days" ("region_code", "day") `);
    await queryRunner.query(
      `CREATE TABLE "report_kecamatan_cover" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "latest_month" date NOT NULL, CONSTRAINT "pk_report_kecamatan_cover" PRIMARY KEY ("pillar", "region_code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_worker_courses_open_activity" ON "report_worker_courses" ("last_activity_at") INCLUDE ("region_code", "pillar", "course_id") WHERE status IN ('ENROLLED', 'STARTED')`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_worker_courses_held_expiry" ON "report_worker_courses" ("certificate_expires_at") INCLUDE ("region_code", "pillar", "course_id") WHERE status = 'CERTIFIED'`,
    );
    const states = `(SELECT 1 AS sign, region_code, pillar, course_id, status, (certificate_expires_at AT TIME ZONE 'UTC')::date AS expires_day
                       FROM report_worker_courses WHERE status = 'CERTIFIED' AND certificate_expires_at IS NOT NULL)`;
    await queryRunner.query(`INSERT INTO report_expiry_days (region_code, pillar, course_id, day, depth, certificates) ${dayRollupSelect(states)}`);
    // The month buckets' "all pillars, all courses" rows, summed from their rows (changes still waiting add to both when folded).
    await queryRunner.query(
      `INSERT INTO report_expiry_buckets (region_code, pillar, course_id, month, depth, certificates)
       SELECT region_code, '${ALL_PILLARS}', '${ALL_COURSES}', month, depth, sum(certificates) FROM report_expiry_buckets GROUP BY region_code, month, depth`,
    );
    await queryRunner.query(`INSERT INTO report_kecamatan_cover (region_code, pillar, latest_month) ${coverSelect(`TRUE`)}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_report_worker_courses_held_expiry"`);
    await queryRunner.query(`DROP INDEX "idx_report_worker_courses_open_activity"`);
    await queryRunner.query(`DROP TABLE "report_kecamatan_cover"`);
    await queryRunner.query(`DROP TABLE "report_expiry_days"`);
    await queryRunner.query(`ALTER TABLE "report_changes" DROP COLUMN "expires_day"`);
  }
}
