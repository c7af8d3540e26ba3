import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Index-only reads of the expiry buckets' "all pillars, all courses" rows (decision 032, "reports3"): an unfiltered
 * view reads, per region, a range of months and two ranges of days of these rows. Through the primary key each row was
 * a heap visit (the certificates column is not in it); these partial indexes hold only the "all" rows, with the count.
 */
export class ReportsAllRowsIndexes1795502000000 implements MigrationInterface {
  name = 'ReportsAllRowsIndexes1795502000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_report_expiry_buckets_all" ON "report_expiry_buckets" ("region_code", "month") INCLUDE ("certificates") WHERE pillar = '*' AND course_id = '00000000-0000-0000-0000-000000000000'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_report_expiry_days_all" ON "report_expiry_days" ("region_code", "day") INCLUDE ("certificates") WHERE pillar = '*' AND course_id = '00000000-0000-0000-0000-000000000000'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_report_expiry_days_all"`);
    await queryRunner.query(`DROP INDEX "idx_report_expiry_buckets_all"`);
  }
}
