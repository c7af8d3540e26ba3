import { MigrationInterface, QueryRunner } from 'typeorm';

/** Closing an event freezes its attendance; the test the trainer opened for the room (issue #20, decision 029). */
export class EventsClosing1795499000000 implements MigrationInterface {
  name = 'EventsClosing1795499000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "open_test" character varying(10)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "open_test"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "closed_at"`);
  }
}
