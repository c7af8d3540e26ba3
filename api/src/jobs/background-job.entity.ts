import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * What a person can watch of a background job (pg-boss runs it): progress, then the result or the error.
 * `input` holds an uploaded file until the job has read it.
 */
@Entity('background_jobs')
@Index('idx_background_jobs_owner', ['ownerId', 'createdAt'])
export class BackgroundJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'enum', enum: JobStatus, enumName: 'job_status', default: JobStatus.QUEUED })
  status: JobStatus;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  regionCode: string | null;

  @Column({ type: 'jsonb', default: {} })
  params: Record<string, unknown>;

  @Column({ type: 'bytea', nullable: true, select: false })
  input: Buffer | null;

  @Column({ type: 'int', default: 0 })
  progressDone: number;

  @Column({ type: 'int', default: 0 })
  progressTotal: number;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
