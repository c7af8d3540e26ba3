import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Certificates held, by the UTC day they expire on, per region (every level), pillar and course (decision 032). Only
 * the two partial months at the edges of "expired" and "expiring within 90 days" are read from here (the whole months
 * come from report_expiry_buckets), so a view reads a few dozen day rows instead of a month of worker rows.
 */
@Entity('report_expiry_days')
@Index('idx_report_expiry_days_region_day', ['regionCode', 'day'])
// The "all" rows' covering partial index (INCLUDE certificates, WHERE pillar = '*'): the migration ReportsAllRowsIndexes
// owns it (TypeORM cannot say INCLUDE).
@Index('idx_report_expiry_days_all', { synchronize: false })
export class ReportExpiryDay {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_expiry_days' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_expiry_days' })
  pillar: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_expiry_days' })
  courseId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_expiry_days' })
  day: string;

  @Column({ type: 'smallint' })
  depth: number;

  @Column({ type: 'int', default: 0 })
  certificates: number;
}
