import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericColumn, ReportProgressStatus } from './report-progress-status';

/**
 * The append-only change log the region rollups are folded from: each change of a current-state row writes the old
 * row's contribution with sign -1 and the new one's with +1 (a worker headcount change has no course). The fold job
 * (reports.fold) sums and deletes them in one statement.
 */
@Entity('report_changes')
export class ReportChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_report_changes' })
  id: string;

  @Column({ type: 'smallint' })
  sign: number;

  @Column({ type: 'varchar', length: 13, collation: 'C' })
  regionCode: string;

  @Column({ type: 'varchar', length: 20 })
  pillar: string;

  /** null: a change of the worker headcount, not of a course. */
  @Column({ type: 'uuid', nullable: true })
  courseId: string | null;

  @Column({ type: 'enum', enum: ReportProgressStatus, enumName: 'report_progress_status', nullable: true })
  status: ReportProgressStatus | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericColumn })
  pretestScore: number | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericColumn })
  posttestScore: number | null;

  @Column({ type: 'numeric', precision: 6, scale: 2, default: 0, transformer: numericColumn })
  jp: number;

  /** First day of the month the held certificate expires in (null: none, or it never expires). */
  @Column({ type: 'date', nullable: true })
  expiresMonth: string | null;

  /** The UTC day the held certificate expires on (null: none, it never expires, or logged before decision 032). */
  @Column({ type: 'date', nullable: true })
  expiresDay: string | null;

  /** The month (WIB, first day) the row was completed in, when completed or certified (decision 036). */
  @Column({ type: 'date', nullable: true })
  completedMonth: string | null;

  /** The month (WIB, first day) the held certificate was issued in (decision 036). */
  @Column({ type: 'date', nullable: true })
  certifiedMonth: string | null;
  /** The UTC day of the last activity of a not-passed row (ENROLLED or STARTED; else null, or logged before it existed). */
  @Column({ type: 'date', nullable: true })
  activeDay: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
