import { MigrationInterface, QueryRunner } from 'typeorm';

/** A failed field-task submission may be appealed once (issue #16): the reason, when, and the first review it replaces. */
export class TaskAppeals1795500500000 implements MigrationInterface {
  name = 'TaskAppeals1795500500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_submissions" ADD "appeal_reason" text`);
    await queryRunner.query(`ALTER TABLE "task_submissions" ADD "appealed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "task_submissions" ADD "first_review" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_submissions" DROP COLUMN "first_review"`);
    await queryRunner.query(`ALTER TABLE "task_submissions" DROP COLUMN "appealed_at"`);
    await queryRunner.query(`ALTER TABLE "task_submissions" DROP COLUMN "appeal_reason"`);
  }
}
