import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { QuestionKind, QuestionType } from '../course-package';
import { CourseVersion } from './course-version.entity';

/**
 * A question of one course version's banks. `answer` is the key: it never leaves the API except through grading
 * (zero-based option index, sorted indexes for `multiple`, a boolean for `true_false`).
 */
@Entity('questions')
@Index('uq_questions_version_key', ['versionId', 'key'], { unique: true })
@Index('idx_questions_version_bank', ['versionId', 'bank', 'position'])
export class Question {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_questions' })
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_questions_version' })
  version?: CourseVersion;

  /** The bank file it came from (`questions/bank.yaml`). */
  @Column({ type: 'varchar', length: 200 })
  bank: string;

  /** The author's id (`siaga-01`), stable across edits. */
  @Column({ type: 'varchar', length: 100 })
  key: string;

  /** 1-based order in its bank. */
  @Column({ type: 'int' })
  position: number;

  /** The id of the module it tests (`course_modules.key`); null in versions imported before format 2. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  moduleKey: string | null;

  /** `scenario` or `knowledge`; null in versions imported before format 2. */
  @Column({ type: 'enum', enum: ['scenario', 'knowledge'], enumName: 'question_kind', nullable: true })
  kind: QuestionKind | null;

  @Column({ type: 'enum', enum: ['single', 'multiple', 'true_false'], enumName: 'question_type' })
  type: QuestionType;

  @Column({ type: 'text' })
  prompt: string;

  /** null for true_false. */
  @Column({ type: 'jsonb', nullable: true })
  options: string[] | null;

  @Column({ type: 'jsonb' })
  answer: number | number[] | boolean;

  @Column({ type: 'text' })
  explanation: string;
}
