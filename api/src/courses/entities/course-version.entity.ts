import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CoursePillar, CourseSettings } from '../course-package';
import { Course } from './course.entity';

export enum CourseVersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

/** numeric comes back from pg as a string: hours are small decimals, a number is exact enough. */
const numeric = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * One version of a course. A published version is immutable: an enrollment pins its id, so editing a course never
 * changes the lessons or the test someone is taking. Publishing a change makes a new version.
 */
@Entity('course_versions')
@Index('uq_course_versions_course_number', ['courseId', 'number'], { unique: true })
export class CourseVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_course_versions' })
  id: string;

  @Column({ type: 'uuid' })
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'fk_course_versions_course' })
  course?: Relation<Course>;

  /** 1, 2, 3… per course. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'enum', enum: CourseVersionStatus, enumName: 'course_version_status', default: CourseVersionStatus.PUBLISHED })
  status: CourseVersionStatus;

  /** sha256 over the normalized package it was imported from. */
  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  /** Pillars the course is meant for; `SEMUA` for every pillar. */
  @Column({ type: 'varchar', length: 20, array: true })
  pillars: CoursePillar[];

  /** JP printed on the certificate. */
  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  hours: number;

  @Column({ type: 'int' })
  lessonCount: number;

  @Column({ type: 'int' })
  totalMinutes: number;

  /** Pre-test, post-test, practice and certificate rules (no questions, no answers). */
  @Column({ type: 'jsonb' })
  settings: CourseSettings;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
