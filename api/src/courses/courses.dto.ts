import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { COURSE_PILLARS, type CoursePillar } from './course-package';

export class CourseListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COURSE_PILLARS, enumName: 'CoursePillar', description: 'Courses for this pillar, those for every pillar (SEMUA) included' })
  @IsOptional()
  @IsIn(COURSE_PILLARS, { message: `Pilar tidak dikenal: gunakan salah satu dari ${COURSE_PILLARS.join(', ')}.` })
  pillar?: CoursePillar;

  @ApiPropertyOptional({ maxLength: 100, description: 'Words in the title (case-insensitive)', example: 'tagana' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'q harus berupa teks.' })
  @MaxLength(100, { message: 'Kata kunci pencarian paling panjang 100 karakter.' })
  q?: string;
}

export class CourseDetailQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'A published version number (an enrollment pins one); the current version without it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version harus bilangan bulat.' })
  @Min(1, { message: 'version paling kecil 1.' })
  version?: number;
}

export class CourseSummaryDto {
  @ApiProperty({ example: 'tagana-dasar' }) slug: string;
  @ApiProperty({ example: 'Dasar-Dasar Tagana' }) title: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: COURSE_PILLARS, enumName: 'CoursePillar', isArray: true, example: ['TAGANA'] }) pillars: CoursePillar[];
  @ApiProperty({ description: 'JP (jam pelajaran) printed on the certificate', example: 10 }) hours: number;
  @ApiProperty() moduleCount: number;
  @ApiProperty() lessonCount: number;
  @ApiProperty({ description: 'Reading time of all lessons' }) totalMinutes: number;
  @ApiProperty({ description: 'Version number, 1, 2, …' }) version: number;
  @ApiProperty({ format: 'uuid', description: 'The immutable version an enrollment pins' }) versionId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
}

export class CoursePageDto {
  @ApiProperty({ type: [CourseSummaryDto] }) items: CourseSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class LessonOutlineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '01-mengenal-tagana', description: 'The lesson file name without .md: the same across versions' }) slug: string;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
}

export class ModuleOutlineDto {
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ type: [LessonOutlineDto] }) lessons: LessonOutlineDto[];
}

export class QuizInfoDto {
  @ApiProperty({ description: 'Questions drawn for one attempt' }) questionCount: number;
  @ApiProperty({ type: Number, nullable: true }) timeLimitMinutes: number | null;
}

export class PosttestInfoDto extends QuizInfoDto {
  @ApiProperty({ description: 'Score (0–100) needed to pass' }) passMark: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no limit' }) maxAttempts: number | null;
}

export class PracticeInfoDto extends QuizInfoDto {
  @ApiProperty() title: string;
}

export class CertificateInfoDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null: does not expire' }) validityMonths: number | null;
}

export class CourseDetailDto extends CourseSummaryDto {
  @ApiProperty({ type: [ModuleOutlineDto] }) modules: ModuleOutlineDto[];
  @ApiProperty({ type: QuizInfoDto }) pretest: QuizInfoDto;
  @ApiProperty({ type: PosttestInfoDto }) posttest: PosttestInfoDto;
  @ApiProperty({ type: [PracticeInfoDto] }) practice: PracticeInfoDto[];
  @ApiProperty({ type: CertificateInfoDto }) certificate: CertificateInfoDto;
}

export class LessonLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class LessonModuleDto {
  @ApiProperty() position: number;
  @ApiProperty() title: string;
}

export class LessonCourseDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) versionId: string;
  @ApiProperty() lessonCount: number;
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() minutes: number;
  @ApiProperty({ description: '1-based position in the course' }) position: number;
  @ApiProperty({ description: 'Sanitized HTML, rendered once at import; images point at /api/courses/:slug/media/:hash.ext' }) html: string;
  @ApiProperty({ type: LessonModuleDto }) module: LessonModuleDto;
  @ApiProperty({ type: LessonCourseDto }) course: LessonCourseDto;
  @ApiProperty({ type: LessonLinkDto, nullable: true }) previous: LessonLinkDto | null;
  @ApiProperty({ type: LessonLinkDto, nullable: true }) next: LessonLinkDto | null;
}
