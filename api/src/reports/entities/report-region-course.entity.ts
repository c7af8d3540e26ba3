import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericColumn } from './report-progress-status';

/**
 * Rollup per region, pillar and course, at every level: a kecamatan row is folded from the change log, and the same
 * deltas are added to its kabupaten/kota, province and the nation (region code '', depth 0), so any view reads a few
 * rows. `certified` counts certificates held (expired ones too: those are subtracted at read time from the buckets).
 */
@Entity('report_region_courses')
@Index('idx_report_region_courses_depth_region', ['depth', 'regionCode'])
export class ReportRegionCourse {
  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_region_courses' })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_region_courses' })
  pillar: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_region_courses' })
  courseId: string;

  /** 0 nation, 1 province, 2 kabupaten/kota, 3 kecamatan. */
  @Column({ type: 'smallint' })
  depth: number;

  @Column({ type: 'int', default: 0 }) enrolled: number;
  @Column({ type: 'int', default: 0 }) started: number;
  @Column({ type: 'int', default: 0 }) completed: number;
  @Column({ type: 'int', default: 0 }) certified: number;
  @Column({ type: 'numeric', precision: 14, scale: 1, default: 0, transformer: numericColumn }) preSum: number;
  @Column({ type: 'int', default: 0 }) preCount: number;
  @Column({ type: 'numeric', precision: 14, scale: 1, default: 0, transformer: numericColumn }) postSum: number;
  @Column({ type: 'int', default: 0 }) postCount: number;
  @Column({ type: 'numeric', precision: 14, scale: 1, default: 0, transformer: numericColumn }) gainSum: number;
  @Column({ type: 'int', default: 0 }) gainCount: number;
  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0, transformer: numericColumn }) jp: number;
}
