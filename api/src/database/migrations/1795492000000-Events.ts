import { MigrationInterface, QueryRunner } from 'typeorm';

/** The events domain's tables (issue #20): in-person training events, their days, roster and check-ins. */
export class Events1795492000000 implements MigrationInterface {
  name = 'Events1795492000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."event_participant_status" AS ENUM('INVITED', 'CONFIRMED', 'DECLINED', 'WAITLISTED')`);
    await queryRunner.query(`CREATE TYPE "public"."event_checkin_method" AS ENUM('CODE', 'TRAINER')`);
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "region_code" character varying(8) COLLATE "C" NOT NULL, "venue" character varying(300) NOT NULL, "time_zone" character varying(40) NOT NULL, "course_id" uuid, "capacity" integer, "pillars" character varying(20) array NOT NULL DEFAULT '{}', "trainer_ids" uuid array NOT NULL DEFAULT '{}', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_events_region" ON "events" ("region_code") `);
    await queryRunner.query(
      `CREATE TABLE "event_days" ("event_id" uuid NOT NULL, "day" smallint NOT NULL, "date" date NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "agenda" jsonb NOT NULL DEFAULT '[]', "learning_minutes" integer NOT NULL DEFAULT '0', CONSTRAINT "pk_event_days" PRIMARY KEY ("event_id", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_participants" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "position" integer NOT NULL, "status" "public"."event_participant_status" NOT NULL DEFAULT 'INVITED', "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "responded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_event_participants" PRIMARY KEY ("event_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_event_participants_user" ON "event_participants" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "event_checkins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "day" smallint NOT NULL, "method" "public"."event_checkin_method" NOT NULL, "nonce" character varying(64), "recorded_by" uuid NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_event_checkins" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_event_checkins_worker_day" ON "event_checkins" ("event_id", "user_id", "day") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_event_checkins_nonce" ON "event_checkins" ("event_id", "nonce") WHERE "nonce" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_checkins"`);
    await queryRunner.query(`DROP TABLE "event_participants"`);
    await queryRunner.query(`DROP TABLE "event_days"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP TYPE "public"."event_checkin_method"`);
    await queryRunner.query(`DROP TYPE "public"."event_participant_status"`);
  }
}
