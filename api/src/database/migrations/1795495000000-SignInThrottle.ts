import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters shared by every API instance (issue #21, decision 025): the throttler's per-address budgets and the
 * sign-in failures per phone-and-address and per address. The account-wide lock on `users` goes: an attacker could
 * use it to lock the owner out.
 */
export class SignInThrottle1795495000000 implements MigrationInterface {
  name = 'SignInThrottle1795495000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_rate_limits" ("key" character varying(200) NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_auth_rate_limits" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_auth_rate_limits_window_ends_at" ON "auth_rate_limits" ("window_ends_at") `);
    await queryRunner.query(
      `CREATE TABLE "auth_sign_in_failures" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL, "last_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_auth_sign_in_failures" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_auth_sign_in_failures_last_failed_at" ON "auth_sign_in_failures" ("last_failed_at") `);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP INDEX "public"."idx_auth_sign_in_failures_last_failed_at"`);
    await queryRunner.query(`DROP TABLE "auth_sign_in_failures"`);
    await queryRunner.query(`DROP INDEX "public"."idx_auth_rate_limits_window_ends_at"`);
    await queryRunner.query(`DROP TABLE "auth_rate_limits"`);
  }
}
