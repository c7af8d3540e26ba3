import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { Pillar } from '../common/pillar';
import { ReportProgressStatus } from './entities/report-progress-status';

const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
const REGION_MESSAGE = 'Kode wilayah tidak valid: gunakan format Kemendagri, misalnya 32, 32.72 atau 32.72.03.';

/** Who the people lists show: a state of the funnel, or a time-driven list. */
export enum ReportWorkerStatus {
  ENROLLED = 'ENROLLED',
  STARTED = 'STARTED',
  COMPLETED = 'COMPLETED',
  CERTIFIED = 'CERTIFIED',
  EXPIRING = 'EXPIRING',
  EXPIRED = 'EXPIRED',
  STUCK = 'STUCK',
  NOT_CERTIFIED = 'NOT_CERTIFIED',
}

export class ReportFilterQuery {
  @ApiPropertyOptional({ description: 'Region code (default: the caller’s whole scope; the nation for ADMIN_PUSAT)', example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar?: Pillar;

  @ApiPropertyOptional({ description: 'Course id', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Kursus tidak valid.' })
  course?: string;
}

export class ReportRegionsQuery {
  @ApiPropertyOptional({ description: 'Parent region code (default: the caller’s scope; provinces for ADMIN_PUSAT)', example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  parent?: string;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar?: Pillar;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Kursus tidak valid.' })
  course?: string;
}

export class ReportGapsQuery {
  @ApiPropertyOptional({ example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar', description: 'Without it: kecamatan with no certified worker of any pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar?: Pillar;
}

/** The gaps list, a page at a time (the nation has thousands of kecamatan without a certified TKSK). */
export class ReportGapsPageQuery extends IntersectionType(PageQuery, ReportGapsQuery) {}

export class ReportWorkersQuery extends PageQuery {
  @ApiPropertyOptional({ example: '32.72.03' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar?: Pillar;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Kursus tidak valid.' })
  course?: string;

  @ApiPropertyOptional({ enum: ReportWorkerStatus, enumName: 'ReportWorkerStatus' })
  @IsOptional()
  @IsEnum(ReportWorkerStatus, { message: 'Status tidak dikenal.' })
  status?: ReportWorkerStatus;
}

export class ReportCountsDto {
  @ApiProperty({ description: 'Workers (PESERTA, active or invited) of the pillar filter' }) workers: number;
  @ApiProperty() enrolled: number;
  @ApiProperty({ description: 'Enrolled and begun (a lesson or a test)' }) started: number;
  @ApiProperty({ description: 'Passed the post-test' }) completed: number;
  @ApiProperty({ description: 'Holding a valid certificate (not revoked, not expired)' }) certified: number;
  @ApiProperty({ description: 'Valid certificates expiring within 90 days' }) expiringSoon: number;
  @ApiProperty({ description: 'Certificates past their validity (not revoked)' }) expired: number;
  @ApiProperty({ description: 'JP earned (hours of completed courses)' }) jp: number;
  @ApiProperty({ type: Number, nullable: true }) avgPre: number | null;
  @ApiProperty({ type: Number, nullable: true }) avgPost: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average post minus pre, over those with both' }) avgGain: number | null;
}

export class ReportSummaryDto extends ReportCountsDto {
  @ApiProperty({ description: 'The region the figures are for ("" = the nation)', example: '32.72' }) region: string;
  @ApiProperty({ example: 'Kota Sukabumi' }) regionName: string;
  @ApiProperty() generatedAt: Date;
}

export class ReportRegionItemDto extends ReportCountsDto {
  @ApiProperty({ example: '32.72.03' }) code: string;
  @ApiProperty({ example: 'Citamiang' }) name: string;
}

export class ReportRegionsDto {
  @ApiProperty({ example: '32.72' }) parent: string;
  @ApiProperty({ type: [ReportRegionItemDto], description: 'One per child region; they add up to the parent (workers registered at the parent itself come as one more item with the parent’s code)' })
  items: ReportRegionItemDto[];
}

export class ReportGapDto {
  @ApiProperty({ example: '32.72.03' }) code: string;
  @ApiProperty({ example: 'Citamiang' }) name: string;
}

export class ReportGapsDto {
  @ApiProperty({ type: [ReportGapDto], description: 'One page of the kecamatan, in code order' }) items: ReportGapDto[];
  @ApiProperty({ description: 'Every kecamatan of the region without one' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReportWorkerDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar' }) pillar: string;
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ enum: ReportProgressStatus, enumName: 'ReportProgressStatus' }) status: ReportProgressStatus;
  @ApiProperty({ type: Number, nullable: true }) pretestScore: number | null;
  @ApiProperty({ type: Number, nullable: true }) posttestScore: number | null;
  @ApiProperty() jp: number;
  @ApiProperty() enrolledAt: Date;
  @ApiProperty() lastActivityAt: Date;
  @ApiProperty({ type: Date, nullable: true }) completedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) certifiedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) certificateExpiresAt: Date | null;
}

export class ReportWorkerPageDto {
  @ApiProperty({ type: [ReportWorkerDto] }) items: ReportWorkerDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** The people list's filters, for the workbook (all matching rows, no paging). */
export class ReportExportQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ enum: ReportWorkerStatus, enumName: 'ReportWorkerStatus' })
  @IsOptional()
  @IsEnum(ReportWorkerStatus, { message: 'Status tidak dikenal.' })
  status?: ReportWorkerStatus;
}

export class ReportCourseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class ReportCoursesDto {
  @ApiProperty({ type: [ReportCourseDto], description: 'Courses someone of the region enrolled in, by title' }) items: ReportCourseDto[];
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A background export of the people list (for lists too long to wait for). */
export class ReportExportJobBody extends ReportExportQuery {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: 'Format harus xlsx atau csv.' })
  format: ExportFormat;
}

export class ReportExportJobDto {
  @ApiProperty({ format: 'uuid', description: 'Watch it at GET /api/jobs/{jobId}; when DONE, download GET /api/reports/exports/{jobId}/file' })
  jobId: string;
}

// ── Completions and certificates per month (decision 036) ───────────────────────────────────────────────────────────

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const MONTH_MESSAGE = 'Bulan tidak valid: gunakan format TTTT-BB, misalnya 2026-01.';

/** The dashboard's filters and a period of months (WIB), at most 36; default the 12 months up to this one. */
export class ReportMonthlyQuery extends ReportFilterQuery {
  @ApiPropertyOptional({ description: 'First month of the period, YYYY-MM (default: 11 months before `to`)', example: '2026-01' })
  @IsOptional()
  @Matches(MONTH, { message: MONTH_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Last month of the period, YYYY-MM (default: this month, WIB)', example: '2026-12' })
  @IsOptional()
  @Matches(MONTH, { message: MONTH_MESSAGE })
  to?: string;
}

export class ReportMonthDto {
  @ApiProperty({ example: '2026-03', description: 'The month (WIB)' }) month: string;
  @ApiProperty({ description: 'Courses completed in the month (the current cycle of each worker and course; certified or not)' }) completed: number;
  @ApiProperty({ description: 'Certificates issued in the month and not revoked (expired ones included)' }) certified: number;
}

export class ReportMonthlyDto {
  @ApiProperty({ description: 'The region ("" = the nation)', example: '32.72' }) region: string;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({ type: [ReportMonthDto], description: 'Every month of the period, in order (months without any: zeros)' }) items: ReportMonthDto[];
  @ApiProperty({ description: 'Completed in the period (the sum of the months)' }) completed: number;
  @ApiProperty({ description: 'Certificates issued in the period and not revoked' }) certified: number;
}
