import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Course } from '../../courses/entities/course.entity';
import { CourseVersion } from '../../courses/entities/course-version.entity';
import { Lesson } from '../../courses/entities/lesson.entity';
import { User } from '../../users/user.entity';

export enum EnrollmentStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  /** A finished cycle set aside so the course can be taken again (renewal after the certificate expires). */
  ARCHIVED = 'ARCHIVED',
}

export enum EnrollmentSource {
  SELF = 'SELF',
  ASSIGNED = 'ASSIGNED',
}

/** numeric comes back from pg as a string; scores are one-decimal percentages. */
export const scoreColumn = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * A worker taking one course. It pins the course version, so later edits never change what the worker reads or is
 * tested on. At most one enrollment of a worker in a course is not ARCHIVED (a partial unique index); renewal
 * archives the finished one and starts the next `cycle`.
 */
@Entity('enrollments')
@Index('uq_enrollments_user_course_current', ['userId', 'courseId'], { unique: true, where: `"status" <> 'ARCHIVED'` })
@Index('uq_enrollments_user_course_cycle', ['userId', 'courseId', 'cycle'], { unique: true })
@Index('idx_enrollments_course_status', ['courseId', 'status'])
@Index('idx_enrollments_user_created', ['userId', 'createdAt'])
export class Enrollment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_enrollments' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_enrollments_user' })
  user?: User;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'fk_enrollments_course' })
  course?: Course;

  @Column({ type: 'uuid' })
  courseVersionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id', foreignKeyConstraintName: 'fk_enrollments_course_version' })
  courseVersion?: CourseVersion;

  /** 1 for the first time through the course, 2 for the first renewal, … */
  @Column({ type: 'int', default: 1 })
  cycle: number;

  @Column({ type: 'enum', enum: EnrollmentStatus, enumName: 'enrollment_status', default: EnrollmentStatus.ACTIVE })
  status: EnrollmentStatus;

  @Column({ type: 'enum', enum: EnrollmentSource, enumName: 'enrollment_source', default: EnrollmentSource.SELF })
  source: EnrollmentSource;

  /** The admin who assigned the course, for an ASSIGNED enrollment. */
  @Column({ type: 'uuid', nullable: true })
  assignedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assigned_by_id', foreignKeyConstraintName: 'fk_enrollments_assigned_by' })
  assignedBy?: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** The lesson last opened: where to resume. */
  @Column({ type: 'uuid', nullable: true })
  lastLessonId: string | null;

  @ManyToOne(() => Lesson, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'last_lesson_id', foreignKeyConstraintName: 'fk_enrollments_last_lesson' })
  lastLesson?: Lesson | null;

  @Column({ type: 'int', default: 0 })
  lessonsFinished: number;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: scoreColumn })
  pretestScore: number | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: scoreColumn })
  bestPosttestScore: number | null;

  /** Best post-test minus pre-test, in percentage points (negative when the worker did worse). */
  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: scoreColumn })
  gain: number | null;

  /** Post-test attempts started (submitted or not). */
  @Column({ type: 'int', default: 0 })
  posttestAttempts: number;

  /** Server time of the passed post-test. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
