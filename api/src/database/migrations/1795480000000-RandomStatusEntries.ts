import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status-list positions drawn at random, each taken once (`credential_status_entries`, primary key = the guarantee).
 * Positions handed out sequentially before this migration (0 … next_index − 1 of each list) are recorded as taken.
 */
export class RandomStatusEntries1795480000000 implements MigrationInterface {
  name = 'RandomStatusEntries1795480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "credential_status_entries" ("list_id" integer NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_credential_status_entries" PRIMARY KEY ("list_id", "position"))`,
    );
    await queryRunner.query(`ALTER TABLE "credential_status_lists" RENAME COLUMN "next_index" TO "allocated"`);
    await queryRunner.query(
      `INSERT INTO "credential_status_entries" ("list_id", "position") SELECT l."id", p FROM "credential_status_lists" l, generate_series(0, l."allocated" - 1) p`,
    );
    await queryRunner.query(
      `ALTER TABLE "credential_status_entries" ADD CONSTRAINT "fk_credential_status_entries_list" FOREIGN KEY ("list_id") REFERENCES "credential_status_lists"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "credential_status_entries" DROP CONSTRAINT "fk_credential_status_entries_list"`);
    // Back to sequential allocation: the next index must lie above every position taken at random.
    await queryRunner.query(
      `UPDATE "credential_status_lists" l SET "allocated" = coalesce((SELECT max(e."position") + 1 FROM "credential_status_entries" e WHERE e."list_id" = l."id"), 0)`,
    );
    await queryRunner.query(`ALTER TABLE "credential_status_lists" RENAME COLUMN "allocated" TO "next_index"`);
    await queryRunner.query(`DROP TABLE "credential_status_entries"`);
  }
}
