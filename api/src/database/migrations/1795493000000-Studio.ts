import { MigrationInterface, QueryRunner } from 'typeorm';

/** The studio's own tables (issue #18): drafts and their files, and the packages of published versions. */
export class Studio1795493000000 implements MigrationInterface {
  name = 'Studio1795493000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."studio_draft_status" AS ENUM('DRAFT', 'SUBMITTED', 'RETURNED', 'PUBLISHED')`);
    await queryRunner.query(
      `CREATE TABLE "studio_drafts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(80), "region_code" character varying(20), "author_id" uuid NOT NULL, "writer_ids" uuid array NOT NULL DEFAULT '{}', "status" "public"."studio_draft_status" NOT NULL DEFAULT 'DRAFT', "version" integer NOT NULL DEFAULT '1', "problems" jsonb NOT NULL DEFAULT '[]', "submitted_at" TIMESTAMP WITH TIME ZONE, "reviewer_id" uuid, "review_comment" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "published_version" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_studio_drafts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_studio_drafts_region" ON "studio_drafts" ("region_code") `);
    await queryRunner.query(
      `CREATE TABLE "studio_draft_files" ("draft_id" uuid NOT NULL, "path" character varying(200) NOT NULL, "bytes" bytea NOT NULL, CONSTRAINT "pk_studio_draft_files" PRIMARY KEY ("draft_id", "path"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "studio_draft_files" ADD CONSTRAINT "fk_studio_draft_files_draft" FOREIGN KEY ("draft_id") REFERENCES "studio_drafts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "studio_packages" ("slug" character varying(80) NOT NULL, "version" integer NOT NULL, "region_code" character varying(20), "content_hash" character(64) NOT NULL, "draft_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_studio_packages" PRIMARY KEY ("slug", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "studio_package_files" ("slug" character varying(80) NOT NULL, "version" integer NOT NULL, "path" character varying(200) NOT NULL, "bytes" bytea NOT NULL, CONSTRAINT "pk_studio_package_files" PRIMARY KEY ("slug", "version", "path"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "studio_package_files"`);
    await queryRunner.query(`DROP TABLE "studio_packages"`);
    await queryRunner.query(`ALTER TABLE "studio_draft_files" DROP CONSTRAINT "fk_studio_draft_files_draft"`);
    await queryRunner.query(`DROP TABLE "studio_draft_files"`);
    await queryRunner.query(`DROP TABLE "studio_drafts"`);
    await queryRunner.query(`DROP TYPE "public"."studio_draft_status"`);
  }
}
