import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Enrollments not passed (ENROLLED or STARTED), by the UTC day of their last activity, per region (every level), pillar
 * and course, with "all pillars, all courses" rows ('*', 00000000-…) (decision 032, "Follow-up 2"). The "stuck" total
 * (no activity for 14 days) is the not-passed count less the day rows after the 14th day back and the rows of that one
 * partial day: a few rows whatever the size of the region.
 */
@Entity('report_activity_days')
@Index('idx_report_activity_days_region_day', ['regionCode', 'day'])
export class ReportActivityDay {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_activity_days' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_activity_days' })
  pillar: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_activity_days' })
  courseId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_activity_days' })
  day: string;

  @Column({ type: 'smallint' })
  depth: number;

  @Column({ type: 'int', default: 0 })
  notPassed: number;
}
