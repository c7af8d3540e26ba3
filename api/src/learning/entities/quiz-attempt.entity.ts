import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Enrollment, scoreColumn } from './enrollment.entity';

export enum QuizKind {
  PRETEST = 'pretest',
  POSTTEST = 'posttest',
}

export enum AttemptStatus {
  OPEN = 'OPEN',
  SUBMITTED = 'SUBMITTED',
  /** Past its deadline without a submission: closed when the next attempt starts. */
  EXPIRED = 'EXPIRED',
}

/** One drawn question: its id and the order its options are shown in (`order[shown] = original`, null for true/false). */
export interface AttemptItem {
  questionId: string;
  order: number[] | null;
}

/** What the worker answered, in shown option indexes: an index, indexes, or true/false. */
export type Answer = number | number[] | boolean;

/** Grading of one question, kept with the attempt. */
export interface ItemResult {
  questionId: string;
  /** 0…1 (1 = right; between only with partial credit). */
  credit: number;
  /** null when unanswered. */
  answer: Answer | null;
}

/**
 * A pre-test or post-test attempt. Frozen when it starts: the drawn questions and each one's option order are stored
 * (drawn with a PRNG seeded by `seed`), so a reload shows the same attempt. Submission grades it once:
 * `UPDATE … WHERE status = 'OPEN'` makes concurrent submissions of the same attempt grade it a single time.
 */
@Entity('quiz_attempts')
@Index('uq_quiz_attempts_enrollment_kind_number', ['enrollmentId', 'kind', 'number'], { unique: true })
@Index('uq_quiz_attempts_open', ['enrollmentId', 'kind'], { unique: true, where: `"status" = 'OPEN'` })
@Index('idx_quiz_attempts_region_submitted', ['regionCode', 'submittedAt'])
@Index('idx_quiz_attempts_fingerprint', ['answersFingerprint', 'submittedAt'])
export class QuizAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quiz_attempts' })
  id: string;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'fk_quiz_attempts_enrollment' })
  enrollment?: Enrollment;

  @Column({ type: 'enum', enum: QuizKind, enumName: 'quiz_kind' })
  kind: QuizKind;

  /** 1, 2, 3… per enrollment and kind. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'enum', enum: AttemptStatus, enumName: 'attempt_status', default: AttemptStatus.OPEN })
  status: AttemptStatus;

  @Column({ type: 'int' })
  seed: number;

  @Column({ type: 'jsonb' })
  items: AttemptItem[];

  @CreateDateColumn({ type: 'timestamptz' })
  startedAt: Date;

  /** startedAt + the quiz's time limit; null without a limit. A grace period is added when submitting. */
  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** When the device says it submitted (offline sync): information only. */
  @Column({ type: 'timestamptz', nullable: true })
  clientSubmittedAt: Date | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: scoreColumn })
  score: number | null;

  /** null for a pre-test (it measures, it does not pass or fail). */
  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;

  @Column({ type: 'int', nullable: true })
  correctCount: number | null;

  @Column({ type: 'jsonb', nullable: true })
  results: ItemResult[] | null;

  /** The worker's region when the attempt started: admins see integrity flags within their scope (decision 023). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  regionCode: string | null;

  /**
   * sha256 of a graded post-test's questions and answers (in the bank's option order, so shuffling does not hide
   * that two workers answered alike); null for pre-tests and before grading.
   */
  @Column({ type: 'char', length: 64, nullable: true })
  answersFingerprint: string | null;
}
