import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Course } from '../../courses/entities/course.entity';
import { CourseVersion } from '../../courses/entities/course-version.entity';
import { Pillar } from '../../common/pillar';
import { Region } from '../../regions/region.entity';
import { User } from '../../users/user.entity';
import { Enrollment } from './enrollment.entity';

/**
 * One act of an admin: "these pillars in this region take this course (by then)". The workers it reached are listed in
 * `course_assignment_enrollments`, so its progress is read from their enrollments, however many times the same course
 * is assigned again.
 */
@Entity('course_assignments')
@Index('idx_course_assignments_region_created', ['regionCode', 'createdAt'])
@Index('idx_course_assignments_created', ['createdAt'])
export class CourseAssignment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_course_assignments' })
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'fk_course_assignments_course' })
  course?: Course;

  /** The version the newly enrolled workers were pinned to. */
  @Column({ type: 'uuid' })
  courseVersionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'fk_course_assignments_course_version' })
  courseVersion?: CourseVersion;

  @Column({ type: 'varchar', length: 20, array: true })
  pillars: Pillar[];

  /** The region (and everything under it); null: the whole country (national admin only). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_course_assignments_region' })
  region?: Region | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  assignedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assigned_by_id', foreignKeyConstraintName: 'fk_course_assignments_assigned_by' })
  assignedBy?: User | null;

  /** Workers this assignment enrolled. */
  @Column({ type: 'int' })
  enrolledCount: number;

  /** Workers it found already enrolled (their due date set when one was given). */
  @Column({ type: 'int' })
  alreadyEnrolledCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The enrollments an assignment reached: the new ones and those it found. */
@Entity('course_assignment_enrollments')
@Index('idx_course_assignment_enrollments_enrollment', ['enrollmentId'])
export class CourseAssignmentEnrollment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_assignment_enrollments' })
  assignmentId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_assignment_enrollments' })
  enrollmentId: string;

  @ManyToOne(() => CourseAssignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'fk_course_assignment_enrollments_assignment' })
  assignment?: CourseAssignment;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'fk_course_assignment_enrollments_enrollment' })
  enrollment?: Enrollment;
}
