import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { StudioDraftStatus } from './entities/studio-draft.entity';

/** Largest text a save carries (a lesson, a bank, or a 200 KB image as base64). */
export const FILE_CONTENT_MAX = 400_000;

export class PackageProblemDto {
  @ApiProperty({ example: 'questions/posttest.yaml' })
  file: string;

  @ApiProperty({ example: 8 })
  line: number;

  @ApiProperty({ example: 'jawaban 4 di luar pilihan yang ada' })
  message: string;
}

export class DraftSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'The slug course.yaml names (null while it names none)' })
  slug: string | null;

  @ApiProperty({ enum: StudioDraftStatus, enumName: 'StudioDraftStatus' })
  status: StudioDraftStatus;

  @ApiProperty({ description: 'Save counter: send it back as baseVersion' })
  version: number;

  @ApiProperty({ type: String, nullable: true, description: 'null = a national course' })
  regionCode: string | null;

  @ApiProperty({ format: 'uuid' })
  authorId: string;

  @ApiProperty({ description: 'How many problems the package checker found at the last save' })
  problemCount: number;

  @ApiProperty({ type: String, nullable: true })
  reviewComment: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The course version its approval published' })
  publishedVersion: number | null;

  @ApiProperty()
  updatedAt: string;
}

export class DraftListDto {
  @ApiProperty({ type: [DraftSummaryDto] })
  items: DraftSummaryDto[];
}

export class DraftFileInfoDto {
  @ApiProperty({ example: 'lessons/01-mengenal-tagana.md' })
  path: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;
}

/** What POST /api/studio/imports answers (contract 7) and a draft's detail. */
export class DraftDto extends DraftSummaryDto {
  @ApiProperty({ type: [PackageProblemDto] })
  problems: PackageProblemDto[];

  @ApiProperty({ type: [DraftFileInfoDto] })
  files: DraftFileInfoDto[];

  @ApiProperty({ description: 'sha256 over the normalized package, as the importer computes it: equal hashes, equal content' })
  contentHash: string;
}

export class DraftFileDto {
  @ApiProperty()
  path: string;

  @ApiProperty({ enum: ['utf8', 'base64'] })
  encoding: 'utf8' | 'base64';

  @ApiProperty()
  content: string;

  @ApiProperty({ description: "The draft's version this content belongs to" })
  version: number;
}

export class SaveFileDto {
  @ApiProperty({ maxLength: FILE_CONTENT_MAX, description: 'The whole file: text, or base64 for an image' })
  @IsString()
  @MaxLength(FILE_CONTENT_MAX)
  content: string;

  @ApiProperty({ minimum: 1, description: 'The draft version the edit was made on; a stale one answers 409 STUDIO_STALE_DRAFT' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  baseVersion: number;

  @ApiPropertyOptional({ enum: ['utf8', 'base64'], default: 'utf8' })
  @IsOptional()
  @IsIn(['utf8', 'base64'])
  encoding?: 'utf8' | 'base64';
}

export enum ReviewDecision {
  APPROVE = 'approve',
  RETURN = 'return',
}

export class ReviewDto {
  @ApiProperty({ enum: ReviewDecision, enumName: 'ReviewDecision' })
  @IsEnum(ReviewDecision)
  decision: ReviewDecision;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when returning: what the author should fix' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class ExportQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'Version number (default: the current version)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}
