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

  @Column({ type: 'text' })
  title: string;
}
