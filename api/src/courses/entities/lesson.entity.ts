import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseModule } from './course-module.entity';
import { CourseVersion } from './course-version.entity';

/** A lesson of one course version, its Markdown rendered once at import into sanitized HTML. */
@Entity('lessons')
@Index('uq_lessons_version_slug', ['versionId', 'slug'], { unique: true })
@Index('uq_lessons_version_position', ['versionId', 'position'], { unique: true })
export class Lesson {
  /** New for every version: a lesson id names exactly one immutable text. */
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_lessons' })
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_lessons_version' })
  version?: CourseVersion;

  @Column({ type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'fk_lessons_module' })
  module?: CourseModule;

  /** The file name without `.md` (`01-siaga`): the same across versions of a course. */
  @Column({ type: 'varchar', length: 120 })
  slug: string;

  /** 1-based order in the whole version. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'int' })
  minutes: number;

  @Column({ type: 'text' })
  html: string;
}
