import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseVersion } from './course-version.entity';

/** A module (chapter) of one course version. */
@Entity('course_modules')
@Index('uq_course_modules_version_position', ['versionId', 'position'], { unique: true })
export class CourseModule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_course_modules' })
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_course_modules_version' })
  version?: CourseVersion;

  /** 1-based order in the version. */
  @Column({ type: 'int' })
  position: number;

  /** The author's module id (`mengenal-tksk`), stable across versions; null in versions imported before format 2. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  key: string | null;

  @Column({ type: 'text' })
  title: string;
}
