import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { CourseVersion } from './course-version.entity';

// Course and CourseVersion refer to each other: Relation<> keeps decorator metadata from touching the other class.

/** A course, identified by its slug; what learners see is its current published version. */
@Entity('courses')
@Index('uq_courses_slug', ['slug'], { unique: true })
export class Course {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_courses' })
  id: string;

  @Column({ type: 'varchar', length: 80 })
  slug: string;

  @Column({ type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @ManyToOne(() => CourseVersion, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id', foreignKeyConstraintName: 'fk_courses_current_version' })
  currentVersion?: Relation<CourseVersion> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
