import { MigrationInterface, QueryRunner } from "typeorm";

/** Courses as code: courses, their immutable versions, modules, lessons, question banks and media. */
export class Courses1795466731971 implements MigrationInterface {
    name = 'Courses1795466731971'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."course_version_status" AS ENUM('DRAFT', 'PUBLISHED')`);
        await queryRunner.query(`CREATE TABLE "course_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "number" integer NOT NULL, "status" "public"."course_version_status" NOT NULL DEFAULT 'PUBLISHED', "content_hash" character(64) NOT NULL, "title" text NOT NULL, "summary" text NOT NULL, "pillars" character varying(20) array NOT NULL, "hours" numeric(6,2) NOT NULL, "lesson_count" integer NOT NULL, "total_minutes" integer NOT NULL, "settings" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_course_versions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_course_versions_course_number" ON "course_versions"  ("course_id", "number") `);
        await queryRunner.query(`CREATE TABLE "courses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(80) NOT NULL, "current_version_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_courses" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_courses_slug" ON "courses"  ("slug") `);
        await queryRunner.query(`CREATE TABLE "course_modules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, CONSTRAINT "pk_course_modules" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_course_modules_version_position" ON "course_modules"  ("version_id", "position") `);
        await queryRunner.query(`CREATE TABLE "lessons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "module_id" uuid NOT NULL, "slug" character varying(120) NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "minutes" integer NOT NULL, "html" text NOT NULL, CONSTRAINT "pk_lessons" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lessons_version_position" ON "lessons"  ("version_id", "position") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lessons_version_slug" ON "lessons"  ("version_id", "slug") `);
        await queryRunner.query(`CREATE TYPE "public"."question_type" AS ENUM('single', 'multiple', 'true_false')`);
        await queryRunner.query(`CREATE TABLE "questions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "bank" character varying(200) NOT NULL, "key" character varying(100) NOT NULL, "position" integer NOT NULL, "type" "public"."question_type" NOT NULL, "prompt" text NOT NULL, "options" jsonb, "answer" jsonb NOT NULL, "explanation" text NOT NULL, CONSTRAINT "pk_questions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_questions_version_bank" ON "questions"  ("version_id", "bank", "position") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_questions_version_key" ON "questions"  ("version_id", "key") `);
        await queryRunner.query(`CREATE TABLE "media_files" ("hash" character(64) NOT NULL, "content_type" character varying(50) NOT NULL, "size" integer NOT NULL, "bytes" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_media_files" PRIMARY KEY ("hash"))`);
        await queryRunner.query(`CREATE TABLE "course_version_media" ("version_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "media_hash" character(64) NOT NULL, CONSTRAINT "pk_course_version_media" PRIMARY KEY ("version_id", "file_name"))`);
        await queryRunner.query(`CREATE INDEX "idx_course_version_media_hash" ON "course_version_media"  ("media_hash") `);
        await queryRunner.query(`ALTER TABLE "course_versions" ADD CONSTRAINT "fk_course_versions_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "courses" ADD CONSTRAINT "fk_courses_current_version" FOREIGN KEY ("current_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_modules" ADD CONSTRAINT "fk_course_modules_version" FOREIGN KEY ("version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lessons" ADD CONSTRAINT "fk_lessons_version" FOREIGN KEY ("version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lessons" ADD CONSTRAINT "fk_lessons_module" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "questions" ADD CONSTRAINT "fk_questions_version" FOREIGN KEY ("version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_version_media" ADD CONSTRAINT "fk_course_version_media_version" FOREIGN KEY ("version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_version_media" ADD CONSTRAINT "fk_course_version_media_file" FOREIGN KEY ("media_hash") REFERENCES "media_files"("hash") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "course_version_media" DROP CONSTRAINT "fk_course_version_media_file"`);
        await queryRunner.query(`ALTER TABLE "course_version_media" DROP CONSTRAINT "fk_course_version_media_version"`);
        await queryRunner.query(`ALTER TABLE "questions" DROP CONSTRAINT "fk_questions_version"`);
        await queryRunner.query(`ALTER TABLE "lessons" DROP CONSTRAINT "fk_lessons_module"`);
        await queryRunner.query(`ALTER TABLE "lessons" DROP CONSTRAINT "fk_lessons_version"`);
        await queryRunner.query(`ALTER TABLE "course_modules" DROP CONSTRAINT "fk_course_modules_version"`);
        await queryRunner.query(`ALTER TABLE "courses" DROP CONSTRAINT "fk_courses_current_version"`);
        await queryRunner.query(`ALTER TABLE "course_versions" DROP CONSTRAINT "fk_course_versions_course"`);
        await queryRunner.query(`DROP INDEX "public"."idx_course_version_media_hash"`);
        await queryRunner.query(`DROP TABLE "course_version_media"`);
        await queryRunner.query(`DROP TABLE "media_files"`);
        await queryRunner.query(`DROP INDEX "public"."uq_questions_version_key"`);
        await queryRunner.query(`DROP INDEX "public"."idx_questions_version_bank"`);
        await queryRunner.query(`DROP TABLE "questions"`);
        await queryRunner.query(`DROP TYPE "public"."question_type"`);
        await queryRunner.query(`DROP INDEX "public"."uq_lessons_version_slug"`);
        await queryRunner.query(`DROP INDEX "public"."uq_lessons_version_position"`);
        await queryRunner.query(`DROP TABLE "lessons"`);
        await queryRunner.query(`DROP INDEX "public"."uq_course_modules_version_position"`);
        await queryRunner.query(`DROP TABLE "course_modules"`);
        await queryRunner.query(`DROP INDEX "public"."uq_courses_slug"`);
        await queryRunner.query(`DROP TABLE "courses"`);
        await queryRunner.query(`DROP INDEX "public"."uq_course_versions_course_number"`);
        await queryRunner.query(`DROP TABLE "course_versions"`);
        await queryRunner.query(`DROP TYPE "public"."course_version_status"`);
    }

}
