import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import * as errors from './studio.errors';
import type { QuestionFields } from './package-yaml';
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

  @ApiProperty({ type: String, nullable: true, description: "The author's note at the last submission" })
  changeNote: string | null;

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

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A new course in the studio: its slug (the course's identity) and title. */
export class NewDraftDto {
  @ApiProperty({ example: 'siaga-banjir-sukabumi', maxLength: 80 })
  @IsString()
  @MaxLength(80)
  @Matches(ID_PATTERN, { message: 'slug: huruf kecil, angka dan tanda hubung' })
  slug: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;
}

class VersionedEditDto {
  @ApiProperty({ minimum: 1, description: 'The draft version the edit was made on; a stale one answers 409 STUDIO_STALE_DRAFT' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  baseVersion: number;
}

export class NewLessonDto extends VersionedEditDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ description: 'The module it joins (default: the last one)' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  moduleId?: string;
}

export class CourseFieldsDto extends VersionedEditDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  hours?: number;
}

/** One question from the form: written into `bank` (replacing `originalId`, or its own id, or appended). */
export class SaveQuestionDto extends VersionedEditDto {
  @ApiProperty({ example: 'questions/posttest.yaml' })
  @IsString()
  @Matches(/^questions\/[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$/)
  bank: string;

  @ApiPropertyOptional({ description: 'The id the question had when the form opened (to rename it)' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  originalId?: string;

  @ApiPropertyOptional({ description: 'true: remove the question originalId (or id) instead' })
  @IsOptional()
  @IsBoolean()
  remove?: boolean;

  @ApiProperty({ example: 'banjir-post-01', maxLength: 80 })
  @IsString()
  @MaxLength(80)
  @Matches(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/)
  id: string;

  @ApiProperty({ maxLength: 80 })
  @IsString()
  @MaxLength(80)
  module: string;

  @ApiProperty({ enum: ['scenario', 'knowledge'] })
  @IsIn(['scenario', 'knowledge'])
  kind: 'scenario' | 'knowledge';

  @ApiProperty({ enum: ['single', 'multiple', 'true_false'] })
  @IsIn(['single', 'multiple', 'true_false'])
  type: 'single' | 'multiple' | 'true_false';

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  prompt: string;

  @ApiProperty({ type: [String], description: 'Not used for true_false' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  options: string[];

  @ApiProperty({ type: [Number], description: 'Zero-based numbers of the right options; for true_false [1] = true, [0] = false' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(9, { each: true })
  answer: number[];

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MaxLength(4000)
  explanation: string;
}

/** The form's fields as the package writes them: `answer` a number, a list, or true/false by type. */
export function questionFields(dto: SaveQuestionDto): QuestionFields {
  const answers = [...new Set(dto.answer)].sort((a, b) => a - b);
  if (dto.type !== 'multiple' && answers.length !== 1 && !dto.remove) throw errors.badQuestion();
  const answer = dto.type === 'true_false' ? answers[0] === 1 : dto.type === 'single' ? answers[0] : answers;
  return {
    id: dto.id,
    module: dto.module,
    kind: dto.kind,
    type: dto.type,
    prompt: dto.prompt.trim(),
    options: dto.options.map((option) => option.trim()).filter((option) => option !== ''),
    answer: answer ?? 0,
    explanation: dto.explanation.trim(),
  };
}

export class PreviewRequestDto {
  @ApiProperty({ maxLength: FILE_CONTENT_MAX, description: 'The lesson file as in the editor (front matter is left out of the rendering)' })
  @IsString()
  @MaxLength(FILE_CONTENT_MAX)
  markdown: string;
}

export class LessonPreviewDto {
  @ApiProperty({ description: 'Sanitized HTML, exactly as a learner gets it' })
  html: string;

  @ApiProperty({ description: 'Transfer size: the HTML plus its images, in bytes' })
  bytes: number;

  @ApiProperty()
  words: number;

  @ApiProperty({ description: 'Words / 120, rounded up' })
  readingMinutes: number;
}

export class ImageUploadQuery extends VersionedEditDto {}

export class ImageUploadedDto extends DraftDto {
  @ApiProperty({ example: 'media/foto-posko.webp' })
  path: string;

  @ApiProperty({ example: '![Tulis penjelasan gambar](../media/foto-posko.webp)' })
  markdown: string;
}

export class LessonAddedDto extends DraftDto {
  @ApiProperty({ example: 'lessons/02-langkah.md' })
  path: string;
}

export class OutlineModuleDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  title: string;
}

export class OutlineLessonDto {
  @ApiProperty()
  path: string;

  @ApiProperty({ type: String, nullable: true })
  module: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'false: listed in course.yaml but the file is missing' })
  exists: boolean;
}

export class OutlineQuestionDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  module: string;

  @ApiProperty({ enum: ['scenario', 'knowledge'] })
  kind: 'scenario' | 'knowledge';

  @ApiProperty({ enum: ['single', 'multiple', 'true_false'] })
  type: 'single' | 'multiple' | 'true_false';

  @ApiProperty()
  prompt: string;

  @ApiProperty({ type: [String] })
  options: string[];

  @ApiProperty({ type: [Number], description: 'As the form sends it: option numbers; true_false [1] = true' })
  answer: number[];

  @ApiProperty()
  explanation: string;
}

export class OutlineBankDto {
  @ApiProperty()
  path: string;

  @ApiProperty({ enum: ['pretest', 'posttest', 'other'] })
  role: 'pretest' | 'posttest' | 'other';

  @ApiProperty({ type: [OutlineQuestionDto] })
  questions: OutlineQuestionDto[];
}

export class DraftOutlineDto {
  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ type: Number, nullable: true })
  hours: number | null;

  @ApiProperty({ type: [OutlineModuleDto] })
  modules: OutlineModuleDto[];

  @ApiProperty({ type: [OutlineLessonDto] })
  lessons: OutlineLessonDto[];

  @ApiProperty({ type: [OutlineBankDto] })
  banks: OutlineBankDto[];

  @ApiProperty({ type: [String] })
  media: string[];
}

export class FileChangeDto {
  @ApiProperty()
  path: string;

  @ApiProperty({ enum: ['added', 'changed', 'removed'] })
  status: 'added' | 'changed' | 'removed';

  @ApiProperty({ type: String, nullable: true, description: 'The published text (null for images and added files)' })
  before: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The draft text (null for images and removed files)' })
  after: string | null;
}

export class QuestionChangeDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  bank: string;

  @ApiProperty({ enum: ['added', 'changed', 'removed'] })
  status: 'added' | 'changed' | 'removed';

  @ApiProperty()
  prompt: string;
}

export class DraftChangesDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The published version compared with (null: a new course)' })
  baseVersion: number | null;

  @ApiProperty({ type: [FileChangeDto] })
  files: FileChangeDto[];

  @ApiProperty({ type: [QuestionChangeDto] })
  questions: QuestionChangeDto[];
}

export class SubmitDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'What changed, for the reviewer' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ItemStatsDto {
  @ApiProperty()
  questionId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The question in the current published version (null when it is no longer there)' })
  prompt: string | null;

  @ApiProperty({ type: String, nullable: true })
  bank: string | null;

  @ApiProperty({ type: String, nullable: true })
  module: string | null;

  @ApiProperty({ description: 'pretest or posttest' })
  kind: string;

  @ApiProperty()
  answers: number;

  @ApiProperty({ description: 'Share correct, 0…1 (mean credit)' })
  difficulty: number;

  @ApiProperty({ description: 'Upper 27 % minus lower 27 % share correct, −1…1' })
  discrimination: number;

  @ApiProperty({ type: [Number], description: 'How often each option was chosen (bank numbering; true/false: [false, true])' })
  optionCounts: number[];

  @ApiProperty({ description: 'At least minAnswers answers: flags are given' })
  enough: boolean;

  @ApiProperty({ type: [String], enum: ['too_easy', 'too_hard', 'negative_discrimination', 'unused_option'] })
  flags: Array<'too_easy' | 'too_hard' | 'negative_discrimination' | 'unused_option'>;
}

export class ItemAnalysisDto {
  @ApiProperty()
  slug: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The published version whose questions are shown' })
  version: number | null;

  @ApiProperty()
  minAnswers: number;

  @ApiProperty({ description: 'Graded attempts read' })
  attempts: number;

  @ApiProperty({ type: [ItemStatsDto], description: 'Flagged questions first' })
  items: ItemStatsDto[];
}
