import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Learning: enrollments (pinned course version, one current per worker and course, cycles for renewal), lesson
 * progress, frozen quiz attempts, offline sync events; and the Idempotency-Key store of every write.
 */
export class Learning1795468460442 implements MigrationInterface {
    name = 'Learning1795468460442'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("caller_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "request_hash" character(64) NOT NULL, "method" character varying(10) NOT NULL, "path" text NOT NULL, "state" character varying(8) NOT NULL DEFAULT 'PENDING', "response_status" integer, "response_body" json, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("caller_id", "key"))`);
        await queryRunner.query(`CREATE INDEX "idx_idempotency_keys_expires_at" ON "idempotency_keys"  ("expires_at") `);
        await queryRunner.query(`CREATE TYPE "public"."enrollment_status" AS ENUM('ACTIVE', 'COMPLETED', 'ARCHIVED')`);
        await queryRunner.query(`CREATE TYPE "public"."enrollment_source" AS ENUM('SELF', 'ASSIGNED')`);
        await queryRunner.query(`CREATE TABLE "enrollments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "course_version_id" uuid NOT NULL, "cycle" integer NOT NULL DEFAULT '1', "status" "public"."enrollment_status" NOT NULL DEFAULT 'ACTIVE', "source" "public"."enrollment_source" NOT NULL DEFAULT 'SELF', "assigned_by_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "last_lesson_id" uuid, "lessons_finished" integer NOT NULL DEFAULT '0', "pretest_score" numeric(4,1), "best_posttest_score" numeric(4,1), "gain" numeric(4,1), "posttest_attempts" integer NOT NULL DEFAULT '0', "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_enrollments" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_enrollments_user_created" ON "enrollments"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_enrollments_course_status" ON "enrollments"  ("course_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_enrollments_user_course_cycle" ON "enrollments"  ("user_id", "course_id", "cycle") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_enrollments_user_course_current" ON "enrollments"  ("user_id", "course_id") WHERE "status" <> 'ARCHIVED'`);
        await queryRunner.query(`CREATE TABLE "lesson_progress" ("enrollment_id" uuid NOT NULL, "lesson_id" uuid NOT NULL, "first_opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "client_finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_lesson_progress" PRIMARY KEY ("enrollment_id", "lesson_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_lesson_progress_lesson" ON "lesson_progress"  ("lesson_id") `);
        await queryRunner.query(`CREATE TYPE "public"."quiz_kind" AS ENUM('pretest', 'posttest')`);
        await queryRunner.query(`CREATE TYPE "public"."attempt_status" AS ENUM('OPEN', 'SUBMITTED', 'EXPIRED')`);
        await queryRunner.query(`CREATE TABLE "quiz_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enrollment_id" uuid NOT NULL, "kind" "public"."quiz_kind" NOT NULL, "number" integer NOT NULL, "status" "public"."attempt_status" NOT NULL DEFAULT 'OPEN', "seed" integer NOT NULL, "items" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deadline" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "client_submitted_at" TIMESTAMP WITH TIME ZONE, "score" numeric(4,1), "passed" boolean, "correct_count" integer, "results" jsonb, CONSTRAINT "pk_quiz_attempts" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_quiz_attempts_open" ON "quiz_attempts"  ("enrollment_id", "kind") WHERE "status" = 'OPEN'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_quiz_attempts_enrollment_kind_number" ON "quiz_attempts"  ("enrollment_id", "kind", "number") `);
        await queryRunner.query(`CREATE TABLE "sync_events" ("user_id" uuid NOT NULL, "event_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "enrollment_id" uuid, "status_code" integer NOT NULL, "result" json, "client_at" TIMESTAMP WITH TIME ZONE, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sync_events" PRIMARY KEY ("user_id", "event_id"))`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "fk_idempotency_keys_caller" FOREIGN KEY ("caller_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrollments" ADD CONSTRAINT "fk_enrollments_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrollments" ADD CONSTRAINT "fk_enrollments_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrollments" ADD CONSTRAINT "fk_enrollments_course_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrollments" ADD CONSTRAINT "fk_enrollments_assigned_by" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrollments" ADD CONSTRAINT "fk_enrollments_last_lesson" FOREIGN KEY ("last_lesson_id") REFERENCES "lessons"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lesson_progress" ADD CONSTRAINT "fk_lesson_progress_enrollment" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lesson_progress" ADD CONSTRAINT "fk_lesson_progress_lesson" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "quiz_attempts" ADD CONSTRAINT "fk_quiz_attempts_enrollment" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "sync_events" ADD CONSTRAINT "fk_sync_events_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sync_events" DROP CONSTRAINT "fk_sync_events_user"`);
        await queryRunner.query(`ALTER TABLE "quiz_attempts" DROP CONSTRAINT "fk_quiz_attempts_enrollment"`);
        await queryRunner.query(`ALTER TABLE "lesson_progress" DROP CONSTRAINT "fk_lesson_progress_lesson"`);
        await queryRunner.query(`ALTER TABLE "lesson_progress" DROP CONSTRAINT "fk_lesson_progress_enrollment"`);
        await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "fk_enrollments_last_lesson"`);
        await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "fk_enrollments_assigned_by"`);
        await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "fk_enrollments_course_version"`);
        await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "fk_enrollments_course"`);
        await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "fk_enrollments_user"`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "fk_idempotency_keys_caller"`);
        await queryRunner.query(`DROP TABLE "sync_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_quiz_attempts_enrollment_kind_number"`);
        await queryRunner.query(`DROP INDEX "public"."uq_quiz_attempts_open"`);
        await queryRunner.query(`DROP TABLE "quiz_attempts"`);
        await queryRunner.query(`DROP TYPE "public"."attempt_status"`);
        await queryRunner.query(`DROP TYPE "public"."quiz_kind"`);
        await queryRunner.query(`DROP INDEX "public"."idx_lesson_progress_lesson"`);
        await queryRunner.query(`DROP TABLE "lesson_progress"`);
        await queryRunner.query(`DROP INDEX "public"."uq_enrollments_user_course_current"`);
        await queryRunner.query(`DROP INDEX "public"."uq_enrollments_user_course_cycle"`);
        await queryRunner.query(`DROP INDEX "public"."idx_enrollments_course_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_enrollments_user_created"`);
        await queryRunner.query(`DROP TABLE "enrollments"`);
        await queryRunner.query(`DROP TYPE "public"."enrollment_source"`);
        await queryRunner.query(`DROP TYPE "public"."enrollment_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_idempotency_keys_expires_at"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
