import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsEnum, IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN } from '../courses/course-package';
import { PageQuery } from '../common/pagination.dto';
import { EnrollmentSource, EnrollmentStatus } from './entities/enrollment.entity';
import { AttemptStatus, QuizKind } from './entities/quiz-attempt.entity';

export enum NextStep {
  PRETEST = 'PRETEST',
  LESSON = 'LESSON',
  POSTTEST = 'POSTTEST',
  /** The post-test was not passed and no attempt is left. */
  OUT_OF_ATTEMPTS = 'OUT_OF_ATTEMPTS',
  /** The post-test is passed; completion waits for the course's field tasks to pass review (decision 026). */
  FIELD_TASKS = 'FIELD_TASKS',
  DONE = 'DONE',
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// ---- requests ----

export class EnrollDto {
  @ApiProperty({ example: 'tksk-dasar', description: 'The slug of a published course meant for your pillar (or for all)' })
  @Transform(trim)
  @IsString({ message: 'course harus berupa slug kursus, misalnya "tksk-dasar".' })
  @MaxLength(80, { message: 'course paling panjang 80 karakter.' })
  @Matches(SLUG_PATTERN, { message: 'course harus berupa slug kursus, misalnya "tksk-dasar".' })
  course: string;
}

export class EnrollmentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EnrollmentStatus, enumName: 'EnrollmentStatus' })
  @IsOptional()
  @IsEnum(EnrollmentStatus, { message: `status harus salah satu dari ${Object.values(EnrollmentStatus).join(', ')}.` })
  status?: EnrollmentStatus;
}

export class FinishLessonDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'When the device says the lesson was finished (kept only as information)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at harus berupa waktu ISO 8601, misalnya 2026-11-23T08:00:00Z.' })
  at?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The lesson page\'s signed "opened at" proof (GET /api/learner/courses/:slug/lessons/:id, openedToken)' })
  @IsOptional()
  @IsString({ message: 'openedToken harus berupa teks.' })
  @MaxLength(200, { message: 'openedToken paling panjang 200 karakter.' })
  openedToken?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the device showed the lesson (offline reading); checked against the server\'s own times' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedAt harus berupa waktu ISO 8601.' })
  openedAt?: string;
}

export class StartAttemptDto {
  @ApiProperty({ enum: QuizKind, enumName: 'QuizKind' })
  @IsIn(Object.values(QuizKind), { message: 'kind harus "pretest" atau "posttest".' })
  kind: QuizKind;
}

export class SubmitAttemptDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }, { type: 'boolean' }] },
    description: 'By question id: the shown option index (single), indexes (multiple) or true/false (true_false). Unanswered questions may be left out.',
    example: { '5f0c…': 2, '7a1d…': [0, 3], '9e2b…': true },
  })
  @IsDefined({ message: 'answers wajib diisi: objek berisi jawaban per id soal.' })
  @IsObject({ message: 'answers harus berupa objek: { "<id soal>": jawaban }.' })
  answers: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the device submitted (offline): information only' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at harus berupa waktu ISO 8601.' })
  at?: string;
}

export const SYNC_EVENT_TYPES = ['lesson.finished', 'attempt.submitted'] as const;
export type SyncEventType = (typeof SYNC_EVENT_TYPES)[number];

/** One queued offline event; checked one by one, so a bad event is refused alone. */
export class SyncEventDto {
  @ApiProperty({ format: 'uuid', description: 'The idempotency key of the event, made on the device' })
  @IsUUID('all', { message: 'id peristiwa harus berupa UUID.' })
  id: string;

  @ApiProperty({ enum: SYNC_EVENT_TYPES })
  @IsIn(SYNC_EVENT_TYPES, { message: `type harus salah satu dari ${SYNC_EVENT_TYPES.join(', ')}.` })
  type: SyncEventType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'enrollmentId harus berupa UUID.' })
  enrollmentId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For lesson.finished' })
  @IsOptional()
  @IsUUID('all', { message: 'lessonId harus berupa UUID.' })
  lessonId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For attempt.submitted' })
  @IsOptional()
  @IsUUID('all', { message: 'attemptId harus berupa UUID.' })
  attemptId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }, { type: 'boolean' }] },
    description: 'For attempt.submitted: as in POST /api/attempts/:id/submit',
  })
  @IsOptional()
  @IsObject({ message: 'answers harus berupa objek: { "<id soal>": jawaban }.' })
  answers?: Record<string, unknown>;

  @ApiProperty({ format: 'date-time', description: 'Device time of the event (information only)' })
  @IsISO8601({ strict: true }, { message: 'at harus berupa waktu ISO 8601.' })
  at: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'For lesson.finished: the lesson page\'s signed "opened at" proof (GET /api/learner/courses/:slug/lessons/:id, openedToken)' })
  @IsOptional()
  @IsString({ message: 'openedToken harus berupa teks.' })
  @MaxLength(200, { message: 'openedToken paling panjang 200 karakter.' })
  openedToken?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'For lesson.finished: when the device showed the lesson (offline reading); checked against the server\'s own times' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'openedAt harus berupa waktu ISO 8601.' })
  openedAt?: string;
}

export class SyncDto {
  @ApiProperty({ type: [SyncEventDto], maxItems: 200, description: 'Applied in order; each is answered on its own' })
  @IsArray({ message: 'events harus berupa daftar peristiwa.' })
  @ArrayMaxSize(200, { message: 'Paling banyak 200 peristiwa sekali kirim.' })
  events: unknown[];
}

// ---- responses ----

export class CourseRefDto {
  @ApiProperty({ example: 'tksk-dasar' }) slug: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The pinned version number' }) version: number;
  @ApiProperty({ format: 'uuid' }) versionId: string;
}

export class ProgressDto {
  @ApiProperty() lessonsFinished: number;
  @ApiProperty() lessonCount: number;
  @ApiProperty({ description: '0–100, whole lessons finished' }) percent: number;
}

export class EnrollmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: CourseRefDto }) course: CourseRefDto;
  @ApiProperty({ enum: EnrollmentStatus, enumName: 'EnrollmentStatus' }) status: EnrollmentStatus;
  @ApiProperty({ enum: EnrollmentSource, enumName: 'EnrollmentSource' }) source: EnrollmentSource;
  @ApiProperty() cycle: number;
  @ApiProperty({ type: ProgressDto }) progress: ProgressDto;
  @ApiProperty({ enum: NextStep, enumName: 'NextStep' }) nextStep: NextStep;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) enrolledAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: Date | null;
}

export class EnrollmentPageDto {
  @ApiProperty({ type: [EnrollmentSummaryDto] }) items: EnrollmentSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class PretestStateDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Submitted score, 0–100' }) score: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'An attempt started and not yet submitted' }) openAttemptId: string | null;
  @ApiProperty() questionCount: number;
  @ApiProperty({ type: Number, nullable: true }) timeLimitMinutes: number | null;
}

export class PosttestStateDto {
  @ApiProperty({ type: Number, nullable: true }) bestScore: number | null;
  @ApiProperty() passed: boolean;
  @ApiProperty() passMark: number;
  @ApiProperty() attemptsUsed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no limit' }) maxAttempts: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no limit' }) attemptsLeft: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) openAttemptId: string | null;
  @ApiProperty({ description: 'Every lesson is finished, the pre-test is done, and attempts are left' }) available: boolean;
  @ApiProperty() questionCount: number;
  @ApiProperty({ type: Number, nullable: true }) timeLimitMinutes: number | null;
}

export class AttemptSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: QuizKind, enumName: 'QuizKind' }) kind: QuizKind;
  @ApiProperty() number: number;
  @ApiProperty({ enum: AttemptStatus, enumName: 'AttemptStatus' }) status: AttemptStatus;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) passed: boolean | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: Date | null;
}

export class EnrollmentDetailDto extends EnrollmentSummaryDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The lesson to open next: the last one opened if unfinished, else the first unfinished one' })
  resumeLessonId: string | null;
  @ApiProperty({ type: [String], description: 'Ids of the finished lessons' }) finishedLessonIds: string[];
  @ApiProperty({ type: PretestStateDto }) pretest: PretestStateDto;
  @ApiProperty({ type: PosttestStateDto }) posttest: PosttestStateDto;
  @ApiProperty({ type: Number, nullable: true, description: 'Best post-test − pre-test, percentage points' }) gain: number | null;
  @ApiProperty({ type: [AttemptSummaryDto] }) attempts: AttemptSummaryDto[];
}

export class LessonProgressDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty({ type: String, format: 'date-time' }) firstOpenedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Server time of the first "finished"' }) finishedAt: Date | null;
  @ApiProperty({ type: ProgressDto }) progress: ProgressDto;
  @ApiProperty({ enum: NextStep, enumName: 'NextStep' }) nextStep: NextStep;
}

export class AttemptQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['single', 'multiple', 'true_false'] }) type: 'single' | 'multiple' | 'true_false';
  @ApiProperty() prompt: string;
  @ApiProperty({ type: [String], nullable: true, description: 'In the order shown; answers name these indexes. null for true/false.' }) options: string[] | null;
}

export class QuestionResultDto {
  @ApiProperty({ format: 'uuid' }) questionId: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Right or wrong: after a post-test, or once answers are revealed; null otherwise' }) correct: boolean | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–1; null until answers are revealed' }) credit: number | null;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }, { type: 'boolean' }], nullable: true }) yourAnswer: number | number[] | boolean | null;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }, { type: 'boolean' }], nullable: true, description: 'Shown option index(es); null until revealed (never after a failed post-test unless the course allows it)' })
  correctAnswer: number | number[] | boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'null until answers are revealed: it names the right option' }) explanation: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Title of the module the question tests (what to read again) when right/wrong is shown; null otherwise' })
  module: string | null;
}

export class AttemptResultDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty({ enum: QuizKind, enumName: 'QuizKind' }) kind: QuizKind;
  @ApiProperty({ description: '0–100, one decimal' }) score: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null for the pre-test' }) passed: boolean | null;
  @ApiProperty() correctCount: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ description: 'Whether the right answers and explanations are shown (see results)' }) revealed: boolean;
  @ApiProperty({ description: 'Whether each question says right or wrong (see results): after any post-test, and whenever revealed' }) marked: boolean;
  @ApiProperty({ type: [QuestionResultDto] }) results: QuestionResultDto[];
  @ApiProperty({ enum: EnrollmentStatus, enumName: 'EnrollmentStatus' }) enrollmentStatus: EnrollmentStatus;
  @ApiProperty({ type: Number, nullable: true }) attemptsLeft: number | null;
}

export class AttemptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ enum: QuizKind, enumName: 'QuizKind' }) kind: QuizKind;
  @ApiProperty() number: number;
  @ApiProperty({ enum: AttemptStatus, enumName: 'AttemptStatus' }) status: AttemptStatus;
  @ApiProperty({ type: [AttemptQuestionDto] }) questions: AttemptQuestionDto[];
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Submit before this (a short grace is allowed); null: no time limit' }) deadline: Date | null;
  @ApiProperty({ type: AttemptResultDto, nullable: true, description: 'After submission' }) result: AttemptResultDto | null;
}

export class SyncResultDto {
  @ApiProperty({ description: 'The event id (or its position when it had none)' }) id: string;
  @ApiProperty({ enum: ['applied', 'duplicate', 'rejected'] }) status: 'applied' | 'duplicate' | 'rejected';
  @ApiProperty() statusCode: number;
  @ApiPropertyOptional({ example: 'ENROLLMENT_PRETEST_REQUIRED', description: 'A rejected event: the refusal code, as in ApiErrorDto' }) code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ oneOf: [{ $ref: getSchemaPath(LessonProgressDto) }, { $ref: getSchemaPath(AttemptResultDto) }] }) result?: unknown;
}

export class SyncResponseDto {
  @ApiProperty({ type: [SyncResultDto] }) results: SyncResultDto[];
}

