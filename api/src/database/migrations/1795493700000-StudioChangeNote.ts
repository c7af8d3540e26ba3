import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The studio: the author's change note at submission (issue #18), shown to the reviewer. */
export class StudioChangeNote1795493700000 implements MigrationInterface {
  name = 'StudioChangeNote1795493700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "studio_drafts" ADD "change_note" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "studio_drafts" DROP COLUMN "change_note"`);
  }
}
