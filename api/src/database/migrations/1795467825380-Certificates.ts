import { MigrationInterface, QueryRunner } from "typeorm";

export class Certificates1795467825380 implements MigrationInterface {
    name = 'Certificates1795467825380'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."certificate_revocation_reason" AS ENUM('DATA_ERROR', 'FRAUD', 'DUPLICATE', 'OTHER')`);
        await queryRunner.query(`CREATE TABLE "certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enrollment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "course_version_id" uuid NOT NULL, "course_id" uuid NOT NULL, "number" character varying(64) NOT NULL, "year" integer NOT NULL, "regency_code" character varying(8) NOT NULL, "sequence" integer NOT NULL, "verification_code" character varying(20) NOT NULL, "holder_name" text NOT NULL, "pillar" character varying(20) NOT NULL, "region_code" character varying(8) NOT NULL, "region_label" text NOT NULL, "course_title" text NOT NULL, "hours" numeric(6,2) NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "issuer_name" text NOT NULL, "signatory_name" text NOT NULL, "signatory_title" text NOT NULL, "status_list_id" integer NOT NULL, "status_list_index" integer NOT NULL, "credential" jsonb NOT NULL, "pdf" bytea, "previous_certificate_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" "public"."certificate_revocation_reason", "revoked_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_certificates" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_certificates_region_code" ON "certificates"  ("region_code") `);
        await queryRunner.query(`CREATE INDEX "idx_certificates_user" ON "certificates"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_status_entry" ON "certificates"  ("status_list_id", "status_list_index") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_verification_code" ON "certificates"  ("verification_code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_number" ON "certificates"  ("number") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_enrollment" ON "certificates"  ("enrollment_id") `);
        await queryRunner.query(`CREATE TABLE "certificate_counters" ("year" integer NOT NULL, "regency_code" character varying(8) NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "pk_certificate_counters" PRIMARY KEY ("year", "regency_code"))`);
        await queryRunner.query(`CREATE TABLE "certificate_signatories" ("scope" character varying(8) NOT NULL, "name" text NOT NULL, "title" text NOT NULL, "issuer_name" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_certificate_signatories" PRIMARY KEY ("scope"))`);
        await queryRunner.query(`CREATE TABLE "credential_signing_keys" ("id" SERIAL NOT NULL, "public_key_multibase" character varying(64) NOT NULL, "secret_key_multibase" text, "source" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_credential_signing_keys" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_credential_signing_keys_public_key" ON "credential_signing_keys"  ("public_key_multibase") `);
        await queryRunner.query(`CREATE TABLE "credential_status_lists" ("id" integer NOT NULL, "size" integer NOT NULL, "next_index" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '1', "signed" jsonb, "signed_version" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_credential_status_lists" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(
            `INSERT INTO "certificate_signatories" ("scope", "name", "title", "issuer_name")
             VALUES ('*', 'Kepala Dinas Sosial {wilayah}', 'Ditandatangani secara elektronik', 'Dinas Sosial {wilayah}')`,
        );
        await queryRunner.query(`ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_course_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_course_version"`);
        await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_user"`);
        await queryRunner.query(`DROP TABLE "credential_status_lists"`);
        await queryRunner.query(`DROP INDEX "public"."uq_credential_signing_keys_public_key"`);
        await queryRunner.query(`DROP TABLE "credential_signing_keys"`);
        await queryRunner.query(`DROP TABLE "certificate_signatories"`);
        await queryRunner.query(`DROP TABLE "certificate_counters"`);
        await queryRunner.query(`DROP INDEX "public"."uq_certificates_enrollment"`);
        await queryRunner.query(`DROP INDEX "public"."uq_certificates_number"`);
        await queryRunner.query(`DROP INDEX "public"."uq_certificates_verification_code"`);
        await queryRunner.query(`DROP INDEX "public"."uq_certificates_status_entry"`);
        await queryRunner.query(`DROP INDEX "public"."idx_certificates_user"`);
        await queryRunner.query(`DROP INDEX "public"."idx_certificates_region_code"`);
        await queryRunner.query(`DROP TABLE "certificates"`);
        await queryRunner.query(`DROP TYPE "public"."certificate_revocation_reason"`);
    }

}
