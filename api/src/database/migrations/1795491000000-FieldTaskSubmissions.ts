import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tasks domain's table (issue #16): field-task submissions with their review; photos live in evidence storage. */
export class FieldTaskSubmissions1795491000000 implements MigrationInterface {
  name = 'FieldTaskSubmissions1795491000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."task_submission_status" AS ENUM('WAITING', 'REVISE', 'PASSED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "task_submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, "worker_id" uuid NOT NULL, "region_code" character varying(8) COLLATE "C" NOT NULL, "attempt" integer NOT NULL, "report" text NOT NULL, "photos" jsonb NOT NULL DEFAULT '[]', "status" "public"."task_submission_status" NOT NULL DEFAULT 'WAITING', "idempotency_key" character varying(200), "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_by" uuid, "claimed_until" TIMESTAMP WITH TIME ZONE, "reviewer_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "levels" jsonb, "points" integer, "comments" text, "files_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_task_submissions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_task_submissions_attempt" ON "task_submissions" ("enrollment_id", "task_id", "attempt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_task_submissions_idempotency" ON "task_submissions" ("worker_id", "idempotency_key") `);
    await queryRunner.query(`CREATE INDEX "idx_task_submissions_queue" ON "task_submissions" ("status", "submitted_at") `);
    await queryRunner.query(`CREATE INDEX "idx_task_submissions_region" ON "task_submissions" ("region_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_submissions"`);
    await queryRunner.query(`DROP TYPE "public"."task_submission_status"`);
  }
}
