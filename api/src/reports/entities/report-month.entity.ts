import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Completions and certificates issued per month (WIB), per region (every level), pillar and course (decision 036),
 * kept like the expiry buckets: folded from the change log, rebuilt from the current-state rows, compared by the
 * nightly reconciliation. Besides the rows per pillar and course, "all" rows (pillar '*', course 00000000-…) for every
 * combination of the two filters, so each read of the monthly view is one primary-key range of a few dozen rows.
 * A month counts the current cycle of each worker and course: a revoked certificate leaves the month it was issued in.
 */
@Entity('report_months')
export class ReportMonth {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_months' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_months' })
  pillar: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_months' })
  courseId: string;

  /** First day of the month (WIB). */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_months' })
  month: string;

  @Column({ type: 'smallint' })
  depth: number;

  /** Current-state rows completed (completed or certified) in the month. */
  @Column({ type: 'int', default: 0 })
  completed: number;

  /** Certificates held (not revoked, expired or not) issued in the month. */
  @Column({ type: 'int', default: 0 })
  certified: number;
}
