import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Course assignments as rows (decision 015): what an admin assigned, to which pillars and region, by when, and the
 * enrollments it reached, so the admin can follow its progress.
 */
export class CourseAssignments1795474492778 implements MigrationInterface {
    name = 'CourseAssignments1795474492778'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "course_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "course_version_id" uuid NOT NULL, "pillars" character varying(20) array NOT NULL, "region_code" character varying(8), "due_at" TIMESTAMP WITH TIME ZONE, "assigned_by_id" uuid, "enrolled_count" integer NOT NULL, "already_enrolled_count" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_course_assignments" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_course_assignments_created" ON "course_assignments"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_course_assignments_region_created" ON "course_assignments"  ("region_code", "created_at") `);
        await queryRunner.query(`CREATE TABLE "course_assignment_enrollments" ("assignment_id" uuid NOT NULL, "enrollment_id" uuid NOT NULL, CONSTRAINT "pk_course_assignment_enrollments" PRIMARY KEY ("assignment_id", "enrollment_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_course_assignment_enrollments_enrollment" ON "course_assignment_enrollments"  ("enrollment_id") `);
        await queryRunner.query(`ALTER TABLE "course_assignments" ADD CONSTRAINT "fk_course_assignments_course" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_assignments" ADD CONSTRAINT "fk_course_assignments_course_version" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_assignments" ADD CONSTRAINT "fk_course_assignments_region" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_assignments" ADD CONSTRAINT "fk_course_assignments_assigned_by" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_assignment_enrollments" ADD CONSTRAINT "fk_course_assignment_enrollments_assignment" FOREIGN KEY ("assignment_id") REFERENCES "course_assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "course_assignment_enrollments" ADD CONSTRAINT "fk_course_assignment_enrollments_enrollment" FOREIGN KEY ("enrollment_id") REFERENCES "enrollments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "course_assignment_enrollments" DROP CONSTRAINT "fk_course_assignment_enrollments_enrollment"`);
        await queryRunner.query(`ALTER TABLE "course_assignment_enrollments" DROP CONSTRAINT "fk_course_assignment_enrollments_assignment"`);
        await queryRunner.query(`ALTER TABLE "course_assignments" DROP CONSTRAINT "fk_course_assignments_assigned_by"`);
        await queryRunner.query(`ALTER TABLE "course_assignments" DROP CONSTRAINT "fk_course_assignments_region"`);
        await queryRunner.query(`ALTER TABLE "course_assignments" DROP CONSTRAINT "fk_course_assignments_course_version"`);
        await queryRunner.query(`ALTER TABLE "course_assignments" DROP CONSTRAINT "fk_course_assignments_course"`);
        await queryRunner.query(`DROP INDEX "public"."idx_course_assignment_enrollments_enrollment"`);
        await queryRunner.query(`DROP TABLE "course_assignment_enrollments"`);
        await queryRunner.query(`DROP INDEX "public"."idx_course_assignments_region_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_course_assignments_created"`);
        await queryRunner.query(`DROP TABLE "course_assignments"`);
    }

}
