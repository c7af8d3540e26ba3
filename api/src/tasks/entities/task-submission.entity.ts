import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a submission stands: waiting for a reviewer, or the reviewer's decision. */
export enum SubmissionStatus {
  WAITING = 'WAITING',
  REVISE = 'REVISE',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
}

/** The review an appeal replaces (the worker still sees it). */
export interface FirstReview {
  reviewerId: string;
  reviewedAt: string;
  levels: Record<string, string> | null;
  points: number | null;
  comments: string | null;
}

/** One stored photo of a submission (the bytes live in the evidence storage, EVIDENCE_STORAGE, under `key`). */
export interface SubmissionPhoto {
  key: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
}

/**
 * One hand-in of a field task by a worker (issue #16): the report, its photos (stored outside the database, cleaned of
 * EXIF) and, once reviewed, the decision with a level per rubric criterion. A resubmission after "revise" is a new
 * row with the next `attempt`. The row stays when the retention job deletes the photos.
 */
@Entity('task_submissions')
@Index('uq_task_submissions_attempt', ['enrollmentId', 'taskId', 'attempt'], { unique: true })
@Index('uq_task_submissions_idempotency', ['workerId', 'idempotencyKey'], { unique: true })
@Index('idx_task_submissions_queue', ['status', 'submittedAt'])
@Index('idx_task_submissions_region', ['regionCode'])
export class TaskSubmission {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_task_submissions' })
  id: string;

  /** The field task (`field_tasks.id`, owned by the courses domain). */
  @Column({ type: 'uuid' })
  taskId: string;

  /** The worker's enrollment (owned by the learning domain). */
  @Column({ type: 'uuid' })
  enrollmentId: string;

  @Column({ type: 'uuid' })
  workerId: string;

  /** The worker's region when submitting: the reviewers' scope is checked against it. */
  @Column({ type: 'varchar', length: 13, collation: 'C' })
  regionCode: string;

  /** 1 for the first hand-in, 2… for resubmissions. */
  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'text' })
  report: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  photos: SubmissionPhoto[];

  @Column({ type: 'enum', enum: SubmissionStatus, enumName: 'task_submission_status', default: SubmissionStatus.WAITING })
  status: SubmissionStatus;

  /** The client's Idempotency-Key: the same key from the same worker answers the first submission. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  /** submittedAt + the task's review days: past it, the review is overdue. */
  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'uuid', nullable: true })
  claimedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** criterion id → level id, as the reviewer scored it. */
  @Column({ type: 'jsonb', nullable: true })
  levels: Record<string, string> | null;

  @Column({ type: 'int', nullable: true })
  points: number | null;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  /** When the retention job deleted the photos (the decision stays). */
  @Column({ type: 'timestamptz', nullable: true })
  filesDeletedAt: Date | null;

  /** The worker's reason for appealing a "fail" (once per submission); the appeal goes to another reviewer. */
  @Column({ type: 'text', nullable: true })
  appealReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  appealedAt: Date | null;

  /** The failed review the appeal replaces; its reviewer may not decide the appeal. */
  @Column({ type: 'jsonb', nullable: true })
  firstReview: FirstReview | null;
}
