import { MigrationInterface, QueryRunner } from 'typeorm';
import { exportLegacySecret } from '../../secrets/secret-files';

/**
 * Secrets leave the database (issue #21, H1/H2): a dump must never hold the NIK key nor a credential-signing secret.
 * Before the columns go, the values an older version generated into them are written to their secret files (unless the
 * environment gives them), so the NIK hashes stay matchable and the signing key stays the same.
 */
export class SecretsOutOfDatabase1795483000000 implements MigrationInterface {
  name = 'SecretsOutOfDatabase1795483000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [nik] = (await queryRunner.query(`SELECT value FROM "app_secrets" WHERE "name" = 'nik_hmac_key'`)) as Array<{ value: string }>;
    if (nik) exportLegacySecret('NIK_HMAC_KEY', nik.value, process.env);
    const [signing] = (await queryRunner.query(
      `SELECT "secret_key_multibase" FROM "credential_signing_keys" ORDER BY "id" DESC LIMIT 1`,
    )) as Array<{ secret_key_multibase: string | null }>;
    if (signing?.secret_key_multibase) exportLegacySecret('CREDENTIAL_SIGNING_KEY', signing.secret_key_multibase, process.env);
    await queryRunner.query(`ALTER TABLE "credential_signing_keys" DROP COLUMN "secret_key_multibase"`);
    await queryRunner.query(`DROP TABLE "app_secrets"`);
  }

  /** The columns come back empty: the secrets stay in their files. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "app_secrets" ("name" character varying(64) NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c785a9da9881929b0d1d780423" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(`ALTER TABLE "credential_signing_keys" ADD "secret_key_multibase" text`);
  }
}
