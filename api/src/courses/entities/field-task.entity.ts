import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskRubric } from '../course-package';
import { CourseVersion } from './course-version.entity';

/**
 * A field task of one course version (`tasks/<id>.yaml`): what the worker does in the field and reports, and the
 * rubric a reviewer judges the report by. Immutable like the rest of a version.
 */
@Entity('field_tasks')
@Index('uq_field_tasks_version_key', ['versionId', 'key'], { unique: true })
@Index('uq_field_tasks_version_position', ['versionId', 'position'], { unique: true })
export class FieldTask {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_field_tasks' })
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_field_tasks_version' })
  version?: CourseVersion;

  /** The author's task id (`rujukan-kasus`), stable across versions. */
  @Column({ type: 'varchar', length: 80 })
  key: string;

  /** 1-based order as listed in course.yaml. */
  @Column({ type: 'int' })
  position: number;

  /** The module it belongs to (`course_modules.key`), or null. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  moduleKey: string | null;

  @Column({ type: 'text' })
  title: string;

  /** Planned minutes; they count toward the version's JP. */
  @Column({ type: 'int' })
  minutes: number;

  /** The instructions, rendered once at import into sanitized HTML (as lessons are). */
  @Column({ type: 'text' })
  instructionsHtml: string;

  /** Markdown the report box starts with, or null. */
  @Column({ type: 'text', nullable: true })
  reportTemplate: string | null;

  @Column({ type: 'int', nullable: true })
  reportMinWords: number | null;

  @Column({ type: 'int' })
  photosMin: number;

  @Column({ type: 'int' })
  photosMax: number;

  /** Sentences the worker confirms before sending. */
  @Column({ type: 'jsonb' })
  checklist: string[];

  /** Levels (lowest first), criteria with a worker's and a reviewer's text per level, and the pass level. */
  @Column({ type: 'jsonb' })
  rubric: TaskRubric;

  /** A review is overdue after this many days. */
  @Column({ type: 'int' })
  reviewDays: number;

  /** How many times the worker may resubmit after "revise". */
  @Column({ type: 'int' })
  resubmissions: number;
}
