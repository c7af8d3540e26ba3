import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports domain's own tables (issue #19): the current-state row per worker and course, the append-only change log,
 * the region rollups at every level (courses, headcount, certificate expiry by month) and the reconciliation runs.
 */
export class Reports1795490000000 implements MigrationInterface {
  name = 'Reports1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."report_progress_status" AS ENUM('ENROLLED', 'STARTED', 'COMPLETED', 'CERTIFIED')`);
    await queryRunner.query(
      `CREATE TABLE "report_worker_courses" ("user_id" uuid NOT NULL, "course_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, "region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "status" "public"."report_progress_status" NOT NULL, "pretest_score" numeric(4,1), "posttest_score" numeric(4,1), "jp" numeric(6,2) NOT NULL DEFAULT '0', "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "certificate_id" uuid, "certified_at" TIMESTAMP WITH TIME ZONE, "certificate_expires_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_report_worker_courses" PRIMARY KEY ("user_id", "course_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_worker_courses_region_order" ON "report_worker_courses" ("region_code", "user_id", "course_id") `);
    await queryRunner.query(`CREATE INDEX "idx_report_worker_courses_expires" ON "report_worker_courses" ("certificate_expires_at") WHERE "certificate_expires_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "report_changes" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "sign" smallint NOT NULL, "region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid, "status" "public"."report_progress_status", "pretest_score" numeric(4,1), "posttest_score" numeric(4,1), "jp" numeric(6,2) NOT NULL DEFAULT '0', "expires_month" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_report_changes" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_region_courses" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid NOT NULL, "depth" smallint NOT NULL, "enrolled" integer NOT NULL DEFAULT '0', "started" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "certified" integer NOT NULL DEFAULT '0', "pre_sum" numeric(14,1) NOT NULL DEFAULT '0', "pre_count" integer NOT NULL DEFAULT '0', "post_sum" numeric(14,1) NOT NULL DEFAULT '0', "post_count" integer NOT NULL DEFAULT '0', "gain_sum" numeric(14,1) NOT NULL DEFAULT '0', "gain_count" integer NOT NULL DEFAULT '0', "jp" numeric(14,2) NOT NULL DEFAULT '0', CONSTRAINT "pk_report_region_courses" PRIMARY KEY ("region_code", "pillar", "course_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_region_courses_depth_region" ON "report_region_courses" ("depth", "region_code") `);
    await queryRunner.query(
      `CREATE TABLE "report_region_workers" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "depth" smallint NOT NULL, "workers" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_report_region_workers" PRIMARY KEY ("region_code", "pillar"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_region_workers_depth_region" ON "report_region_workers" ("depth", "region_code") `);
    await queryRunner.query(
      `CREATE TABLE "report_expiry_buckets" ("region_code" character varying(8) COLLATE "C" NOT NULL, "pillar" character varying(20) NOT NULL, "course_id" uuid NOT NULL, "month" date NOT NULL, "depth" smallint NOT NULL, "certificates" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_report_expiry_buckets" PRIMARY KEY ("region_code", "pillar", "course_id", "month"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_expiry_buckets_depth_region" ON "report_expiry_buckets" ("depth", "region_code") `);
    await queryRunner.query(
      `CREATE TABLE "report_reconciliations" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "province_code" character varying(8) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "differences" integer NOT NULL DEFAULT '0', "details" jsonb NOT NULL DEFAULT '[]', "repaired" boolean NOT NULL DEFAULT false, CONSTRAINT "pk_report_reconciliations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_report_reconciliations_started" ON "report_reconciliations" ("started_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_reconciliations"`);
    await queryRunner.query(`DROP TABLE "report_expiry_buckets"`);
    await queryRunner.query(`DROP TABLE "report_region_workers"`);
    await queryRunner.query(`DROP TABLE "report_region_courses"`);
    await queryRunner.query(`DROP TABLE "report_changes"`);
    await queryRunner.query(`DROP TABLE "report_worker_courses"`);
    await queryRunner.query(`DROP TYPE "public"."report_progress_status"`);
  }
}
