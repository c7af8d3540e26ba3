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
