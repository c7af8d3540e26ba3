import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN } from '../courses/course-package';
import { Pillar } from '../common/pillar';
import { PageQuery } from '../common/pagination.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SLUG_MESSAGE = 'course harus berupa slug kursus, misalnya "tksk-dasar".';

// ---- requests ----

export class AssignDto {
  @ApiProperty({ example: 'tksk-dasar' })
  @Transform(trim)
  @IsString({ message: 'course harus berupa slug kursus.' })
  @MaxLength(80, { message: 'course paling panjang 80 karakter.' })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  course: string;

  @ApiPropertyOptional({
    enum: Pillar,
    enumName: 'Pillar',
    description: "The workers of this pillar are enrolled. Without it: every pillar the course is meant for (all six for a course for every pillar)",
  })
  @IsOptional()
  @IsEnum(Pillar, { message: `pillar harus salah satu dari ${Object.values(Pillar).join(', ')}.` })
  pillar?: Pillar;

  @ApiPropertyOptional({ example: '32.72', description: 'Region (and everything under it); an admin dinsos defaults to their own, the national admin to all' })
  @IsOptional()
  @IsString({ message: 'regionCode harus berupa kode wilayah.' })
  @Matches(/^\d{2}(\.\d{2}){0,2}$/, { message: 'regionCode harus berupa kode wilayah seperti 32, 32.72 atau 32.72.03.' })
  regionCode?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Due date shown to the workers' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'dueAt harus berupa tanggal ISO 8601, misalnya 2026-12-31T23:59:59+07:00.' })
  dueAt?: string;
}

export class AssignmentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'tksk-dasar', description: 'Only the assignments of this course' })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: SLUG_MESSAGE })
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  course?: string;
}

// ---- responses ----

export class AssignmentResultDto {
  @ApiProperty({ format: 'uuid', description: 'The assignment, as listed by GET /api/assignments' }) id: string;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar', isArray: true, description: 'The pillars assigned' }) pillars: Pillar[];
  @ApiProperty({ description: 'Workers newly enrolled' }) enrolled: number;
  @ApiProperty({ description: 'Workers already enrolled (their due date updated when one is given)' }) alreadyEnrolled: number;
  @ApiProperty({ description: 'Workers of those pillars in the region' }) total: number;
}

export class AssignmentCourseDto {
  @ApiProperty({ example: 'tksk-dasar' }) slug: string;
  @ApiProperty({ description: 'Title of the version assigned' }) title: string;
  @ApiProperty({ description: 'The version newly enrolled workers were pinned to' }) version: number;
}

export class AssignmentRegionDto {
  @ApiProperty({ example: '32.72' }) code: string;
  @ApiProperty({ example: 'Kota Sukabumi' }) name: string;
}

/** How the workers the assignment reached are doing, read from their enrollments now. */
export class AssignmentProgressDto {
  @ApiProperty({ description: 'Workers reached (newly enrolled or already enrolled)' }) enrolled: number;
  @ApiProperty({ description: 'Of those: began (a lesson opened or a test started), completed ones included' }) started: number;
  @ApiProperty({ description: 'Of those: passed the post-test' }) completed: number;
  @ApiProperty({ description: 'Of those: not completed and past their due date' }) overdue: number;
}

export class AssignmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: AssignmentCourseDto }) course: AssignmentCourseDto;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar', isArray: true }) pillars: Pillar[];
  @ApiProperty({ type: AssignmentRegionDto, nullable: true, description: 'null: the whole country' }) region: AssignmentRegionDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Name of the admin who assigned it (null if the account is gone)' }) assignedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) assignedAt: Date;
  @ApiProperty({ description: 'Workers it enrolled at the time' }) newlyEnrolled: number;
  @ApiProperty({ description: 'Workers it found already enrolled at the time' }) alreadyEnrolled: number;
  @ApiProperty({ type: AssignmentProgressDto }) progress: AssignmentProgressDto;
}

export class AssignmentPageDto {
  @ApiProperty({ type: [AssignmentSummaryDto] }) items: AssignmentSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
