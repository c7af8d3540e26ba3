import { MigrationInterface, QueryRunner } from 'typeorm';

/** A trainer or admin cancels an event that has not ended and has no attendance: when, by whom, and why. */
export class EventsCancellation1796350965203 implements MigrationInterface {
  name = 'EventsCancellation1796350965203';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "events" ADD "cancelled_by" uuid`);
    await queryRunner.query(`ALTER TABLE "events" ADD "cancel_reason" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "cancelled_by"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "cancelled_at"`);
  }
}
