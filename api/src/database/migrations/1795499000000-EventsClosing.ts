import { MigrationInterface, QueryRunner } from 'typeorm';

/** Closing an event freezes its attendance (issue #20, decision 029). */
export class EventsClosing1795499000000 implements MigrationInterface {
  name = 'EventsClosing1795499000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "closed_at"`);
  }
}
