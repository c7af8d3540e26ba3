import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericColumn, ReportProgressStatus } from './report-progress-status';

/**
 * One current-state row per worker and course: where the worker stands, kept in the same transaction as the learning or
 * certificate event that changes it (ReportsService.record…). Region and pillar are copied from the account so a report
 * never joins `users`. Region codes use the "C" collation so `LIKE '32.72.%'` walks the index.
 */
@Entity('report_worker_courses')
@Index('idx_report_worker_courses_region_order', ['regionCode', 'userId', 'courseId'])
@Index('idx_report_worker_courses_expires', ['certificateExpiresAt'], { where: `"certificate_expires_at" IS NOT NULL` })
// Both below also INCLUDE (region_code, pillar, course_id) for index-only counts of the recently active rows ("stuck")
// and of the certificates expiring on the two edge days. TypeORM cannot say INCLUDE: the migration ReportsScale owns
// them (synchronize: false).
@Index('idx_report_worker_courses_open_activity', { synchronize: false })
@Index('idx_report_worker_courses_held_expiry', { synchronize: false })
export class ReportWorkerCourse {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_worker_courses' })
  userId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_worker_courses' })
  courseId: string;

  @Column({ type: 'uuid' })
  enrollmentId: string;

  @Column({ type: 'varchar', length: 13, collation: 'C' })
  regionCode: string;

  @Column({ type: 'varchar', length: 20 })
  pillar: string;

  @Column({ type: 'enum', enum: ReportProgressStatus, enumName: 'report_progress_status' })
  status: ReportProgressStatus;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericColumn })
  pretestScore: number | null;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericColumn })
  posttestScore: number | null;

  /** JP earned: the course's hours once completed, 0 before. */
  @Column({ type: 'numeric', precision: 6, scale: 2, default: 0, transformer: numericColumn })
  jp: number;

  @Column({ type: 'timestamptz' })
  enrolledAt: Date;

  @Column({ type: 'timestamptz' })
  lastActivityAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The certificate held (not revoked), if any. */
  @Column({ type: 'uuid', nullable: true })
  certificateId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  certifiedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  certificateExpiresAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
