import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Course package format v2: module ids, each question's module and kind (scenario or knowledge), and the field tasks
 * of a version with their rubrics. Versions imported before stay as they were (the new columns are null there).
 */
export class CoursePackageV21795486400000 implements MigrationInterface {
  name = 'CoursePackageV21795486400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course_modules" ADD "key" character varying(80)`);
    await queryRunner.query(`ALTER TABLE "questions" ADD "module_key" character varying(80)`);
    await queryRunner.query(`CREATE TYPE "public"."question_kind" AS ENUM('scenario', 'knowledge')`);
    await queryRunner.query(`ALTER TABLE "questions" ADD "kind" "public"."question_kind"`);
    await queryRunner.query(
      `CREATE TABLE "field_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "key" character varying(80) NOT NULL, "position" integer NOT NULL, "module_key" character varying(80), "title" text NOT NULL, "minutes" integer NOT NULL, "instructions_html" text NOT NULL, "report_template" text, "report_min_words" integer, "photos_min" integer NOT NULL, "photos_max" integer NOT NULL, "checklist" jsonb NOT NULL, "rubric" jsonb NOT NULL, "review_days" integer NOT NULL, "resubmissions" integer NOT NULL, CONSTRAINT "pk_field_tasks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_field_tasks_version_position" ON "field_tasks" ("version_id", "position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_field_tasks_version_key" ON "field_tasks" ("version_id", "key") `);
    await queryRunner.query(
      `ALTER TABLE "field_tasks" ADD CONSTRAINT "fk_field_tasks_version" FOREIGN KEY ("version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "field_tasks" DROP CONSTRAINT "fk_field_tasks_version"`);
    await queryRunner.query(`DROP INDEX "public"."uq_field_tasks_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_field_tasks_version_position"`);
    await queryRunner.query(`DROP TABLE "field_tasks"`);
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TYPE "public"."question_kind"`);
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "module_key"`);
    await queryRunner.query(`ALTER TABLE "course_modules" DROP COLUMN "key"`);
  }
}
