import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Worker headcount per region (every level, like report_region_courses) and pillar, folded from the change log. */
@Entity('report_region_workers')
@Index('idx_report_region_workers_depth_region', ['depth', 'regionCode'])
export class ReportRegionWorkers {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_region_workers' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_region_workers' })
  pillar: string;

  @Column({ type: 'smallint' })
  depth: number;

  @Column({ type: 'int', default: 0 })
  workers: number;
}
