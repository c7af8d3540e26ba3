import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Lesson } from '../../courses/entities/lesson.entity';
import { Enrollment } from './enrollment.entity';

/**
 * A lesson of an enrollment that was opened or finished. Monotonic: the first server time of each stays, a repeated
 * or late "finished" never undoes anything. The device's clock is kept only as information.
 */
@Entity('lesson_progress')
@Index('idx_lesson_progress_lesson', ['lessonId'])
export class LessonProgress {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_lesson_progress' })
  enrollmentId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_lesson_progress' })
  lessonId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'fk_lesson_progress_enrollment' })
  enrollment?: Enrollment;

  @ManyToOne(() => Lesson, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id', foreignKeyConstraintName: 'fk_lesson_progress_lesson' })
  lesson?: Lesson;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  firstOpenedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** When the device says it finished the lesson (its clock may be wrong): information only. */
  @Column({ type: 'timestamptz', nullable: true })
  clientFinishedAt: Date | null;
}
