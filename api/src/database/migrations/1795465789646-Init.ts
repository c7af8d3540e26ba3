import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795465789646 implements MigrationInterface {
    name = 'Init1795465789646'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."region_level" AS ENUM('PROVINCE', 'REGENCY', 'DISTRICT')`);
        await queryRunner.query(`CREATE TABLE "regions" ("code" character varying(8) NOT NULL, "name" text NOT NULL, "level" "public"."region_level" NOT NULL, "parent_code" character varying(8), CONSTRAINT "PK_4f6dc5a464961e7c65a395ea4c6" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE INDEX "idx_regions_parent_code" ON "regions"  ("parent_code") `);
        await queryRunner.query(`ALTER TABLE "regions" ADD CONSTRAINT "fk_regions_parent" FOREIGN KEY ("parent_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "regions" DROP CONSTRAINT "fk_regions_parent"`);
        await queryRunner.query(`DROP INDEX "public"."idx_regions_parent_code"`);
        await queryRunner.query(`DROP TABLE "regions"`);
        await queryRunner.query(`DROP TYPE "public"."region_level"`);
    }

}
