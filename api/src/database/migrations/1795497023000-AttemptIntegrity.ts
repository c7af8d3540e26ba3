import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity flags (issue #21 M5, decision 023): each attempt keeps the worker's region (admins see flags in their
 * scope) and a graded post-test the fingerprint of its answers. Existing attempts get their worker's current region.
 */
export class AttemptIntegrity1795497023000 implements MigrationInterface {
  name = 'AttemptIntegrity1795497023000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "quiz_attempts" ADD "region_code" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "quiz_attempts" ADD "answers_fingerprint" character(64)`);
    await queryRunner.query(`CREATE INDEX "idx_quiz_attempts_region_submitted" ON "quiz_attempts" ("region_code", "submitted_at") `);
    await queryRunner.query(`CREATE INDEX "idx_quiz_attempts_fingerprint" ON "quiz_attempts" ("answers_fingerprint", "submitted_at") `);
    await queryRunner.query(
      `UPDATE "quiz_attempts" a SET "region_code" = u."region_code" FROM "enrollments" e JOIN "users" u ON u."id" = e."user_id" WHERE e."id" = a."enrollment_id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_quiz_attempts_fingerprint"`);
    await queryRunner.query(`DROP INDEX "public"."idx_quiz_attempts_region_submitted"`);
    await queryRunner.query(`ALTER TABLE "quiz_attempts" DROP COLUMN "answers_fingerprint"`);
    await queryRunner.query(`ALTER TABLE "quiz_attempts" DROP COLUMN "region_code"`);
  }
}
