import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { SafeText } from '../common/person-fields';

export type TaskState = 'open' | 'waiting' | 'revise' | 'passed' | 'failed';
export type Decision = 'pass' | 'revise' | 'fail';
export const DECISIONS: Decision[] = ['pass', 'revise', 'fail'];

export class RubricLevelDto {
  @ApiProperty({ example: 'cukup' }) id: string;
  @ApiProperty({ example: 'Cukup' }) title: string;
  @ApiProperty() points: number;
}

export class CriterionLevelTextDto {
  @ApiProperty({ example: 'cukup' }) levelId: string;
  @ApiProperty({ description: 'What the worker reads for this level' }) worker: string;
  @ApiPropertyOptional({ description: 'What the reviewer checks (only in reviewer views)' }) reviewer?: string;
}

export class RubricCriterionDto {
  @ApiProperty({ example: 'identifikasi' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [CriterionLevelTextDto], description: 'One per level, lowest first' }) levels: CriterionLevelTextDto[];
}

export class RubricDto {
  @ApiProperty({ type: [RubricLevelDto], description: 'Lowest first' }) levels: RubricLevelDto[];
  @ApiProperty({ type: [RubricCriterionDto] }) criteria: RubricCriterionDto[];
  @ApiProperty({ description: 'Every criterion must reach this level to pass' }) passLevel: string;
}

export class PhotoLimitsDto {
  @ApiProperty() min: number;
  @ApiProperty() max: number;
}

export class FirstReviewDto {
  @ApiProperty({ type: String, format: 'date-time' }) reviewedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true }) levels: Record<string, string> | null;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ type: String, nullable: true }) comments: string | null;
}

export class AppealDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date-time' }) appealedAt: Date;
  @ApiProperty({ type: FirstReviewDto, description: 'The "fail" the appeal replaces; the submission’s own result is the appeal’s (final) decision' })
  firstReview: FirstReviewDto;
}

export class SubmissionResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '1 for the first hand-in, 2… for resubmissions' }) attempt: number;
  @ApiProperty({ enum: ['waiting', 'revise', 'passed', 'failed'] }) status: Exclude<TaskState, 'open'>;
  @ApiProperty() report: string;
  @ApiProperty({ description: 'Photos stored (served at /api/submissions/{id}/photos/{n}, n from 1)' }) photoCount: number;
  @ApiProperty({ description: 'The photos were deleted after the retention period' }) photosDeleted: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', description: 'The review is due by then' }) dueAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, description: 'criterion id → level id' })
  levels: Record<string, string> | null;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ type: String, nullable: true }) comments: string | null;
  @ApiProperty({ type: AppealDto, nullable: true, description: 'The appeal of a "fail", if any (at most one)' }) appeal: AppealDto | null;
}

export class FieldTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'rujukan-kasus' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['open', 'waiting', 'revise', 'passed', 'failed'], description: 'open: nothing handed in yet' }) status: TaskState;
  @ApiProperty({ type: String, nullable: true }) moduleKey: string | null;
  @ApiProperty() minutes: number;
  @ApiProperty({ description: 'Sanitized HTML' }) instructionsHtml: string;
  @ApiProperty({ type: String, nullable: true, description: 'Markdown the report box starts with' }) reportTemplate: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportMinWords: number | null;
  @ApiProperty({ type: PhotoLimitsDto }) photos: PhotoLimitsDto;
  @ApiProperty({ type: [String] }) checklist: string[];
  @ApiProperty({ type: RubricDto, description: 'With the worker’s text per level only' }) rubric: RubricDto;
  @ApiProperty() reviewDays: number;
  @ApiProperty({ description: 'Resubmissions allowed after "revise"' }) resubmissions: number;
  @ApiProperty({ description: 'Whether a (re)submission is accepted now' }) canSubmit: boolean;
  @ApiProperty({ description: 'Whether the last hand-in failed and may still be appealed (once)' }) canAppeal: boolean;
  @ApiProperty({ type: [SubmissionResultDto], description: 'Every hand-in, oldest first, with the reviewer’s result' }) submissions: SubmissionResultDto[];
}

export class FieldTaskListDto {
  @ApiProperty({ type: [FieldTaskDto] }) items: FieldTaskDto[];
}

export class SubmissionCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['waiting'] }) status: 'waiting';
  @ApiProperty() attempt: number;
  @ApiProperty() photoCount: number;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: Date;
}

export class ReviewQuery {
  @ApiPropertyOptional({ enum: ['waiting', 'overdue'], default: 'waiting', description: 'waiting: every submission not yet decided; overdue: past its review days' })
  @IsOptional()
  @IsIn(['waiting', 'overdue'], { message: 'status harus waiting atau overdue.' })
  status?: 'waiting' | 'overdue';
}

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ReviewItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() taskTitle: string;
  @ApiProperty({ type: PersonRefDto }) worker: PersonRefDto;
  @ApiProperty({ example: '32.72.03' }) regionCode: string;
  @ApiProperty() attempt: number;
  @ApiProperty() photoCount: number;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', description: 'submittedAt + the task’s review days' }) dueAt: Date;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Who holds the claim now' }) claimedBy: PersonRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) claimedUntil: Date | null;
  @ApiProperty({ description: 'An appeal of a "fail": another reviewer decides it, finally (pass or fail)' }) appeal: boolean;
}

export class ReviewQueueDto {
  @ApiProperty({ type: [ReviewItemDto], description: 'Oldest first' }) items: ReviewItemDto[];
}

export class SubmissionDetailDto extends ReviewItemDto {
  @ApiProperty({ enum: ['waiting', 'revise', 'passed', 'failed'] }) status: Exclude<TaskState, 'open'>;
  @ApiProperty() report: string;
  @ApiProperty() photosDeleted: boolean;
  @ApiProperty({ type: RubricDto, description: 'With the worker’s and the reviewer’s text per level' }) rubric: RubricDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) reviewer: PersonRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true }) levels: Record<string, string> | null;
  @ApiProperty({ type: Number, nullable: true }) points: number | null;
  @ApiProperty({ type: String, nullable: true }) comments: string | null;
  @ApiProperty({ type: AppealDto, nullable: true }) appealOf: AppealDto | null;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Who failed it (may not decide the appeal)' }) failedBy: PersonRefDto | null;
}

export class AppealBody {
  @ApiProperty({ minLength: 20, maxLength: 2000, description: 'Why the "fail" should be reviewed again (plain text)' })
  @IsString({ message: 'Alasan banding wajib diisi.' })
  @MaxLength(2000, { message: 'Alasan banding paling panjang 2000 karakter.' })
  @SafeText()
  reason: string;
}

export class ReviewBody {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'criterion id → level id, every criterion of the rubric', example: { identifikasi: 'cukup' } })
  @IsObject({ message: 'levels harus berisi satu tingkat untuk setiap kriteria.' })
  levels: Record<string, string>;

  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: 'decision harus pass, revise atau fail.' })
  decision: Decision;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comments?: string;
}

export class OverdueByReviewerDto {
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Who last took it (its 30-minute claim may have lapsed); null: nobody took it yet' })
  reviewer: PersonRefDto | null;
  @ApiProperty() count: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'The deadline of the longest overdue' }) oldestDueAt: Date;
  @ApiProperty({ description: 'Whole days the longest overdue is past its deadline' }) maxDaysOverdue: number;
}

export class OverdueByRegionDto {
  @ApiProperty({ example: '32.72', description: 'The regency of the workers' }) regionCode: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: String, format: 'date-time' }) oldestDueAt: Date;
  @ApiProperty() maxDaysOverdue: number;
}

export class OverdueSummaryDto {
  @ApiProperty({ description: 'Every overdue review in the caller’s region (not capped)' }) total: number;
  @ApiProperty({ type: [OverdueByReviewerDto] }) byReviewer: OverdueByReviewerDto[];
  @ApiProperty({ type: [OverdueByRegionDto] }) byRegion: OverdueByRegionDto[];
}

export class AssignBody {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A PELATIH whose region holds the worker’s; null releases the claim' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', { message: 'reviewerId harus id pelatih, atau null untuk melepas.' })
  reviewerId: string | null;
}
