import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Certificates held, by the month they expire in, per region (every level), pillar and course. "Expired" and "expiring
 * within 90 days" are sums over months relative to today, so they stay right as time passes without any write; only
 * the two partial months at the edges are counted exactly from report_worker_courses.
 */
@Entity('report_expiry_buckets')
@Index('idx_report_expiry_buckets_depth_region', ['depth', 'regionCode'])
// The "all" rows' covering partial index (INCLUDE certificates, WHERE pillar = '*'): the migration ReportsAllRowsIndexes
// owns it (TypeORM cannot say INCLUDE).
@Index('idx_report_expiry_buckets_all', { synchronize: false })
export class ReportExpiryBucket {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_expiry_buckets' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_expiry_buckets' })
  pillar: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_expiry_buckets' })
  courseId: string;

  /** First day of the month. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_expiry_buckets' })
  month: string;

  @Column({ type: 'smallint' })
  depth: number;

  @Column({ type: 'int', default: 0 })
  certificates: number;
}
