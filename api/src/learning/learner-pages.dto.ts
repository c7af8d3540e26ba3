import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PublicCertificateDto } from '../certificates/certificates.dto';
import { COURSE_PILLARS, type CoursePillar } from '../courses/course-package';
import { CourseDetailDto, CourseSummaryDto, LessonDto } from '../courses/courses.dto';
import { UserDto } from '../users/user.dto';
import { AttemptDto, EnrollmentDetailDto, EnrollmentSummaryDto } from './learning.dto';

/*
 * One response per learner page (issue #22, decision 022): what the page shows and who is asking, so the web makes
 * one API call per page. Immutable parts (a lesson's HTML, a course outline) are left out when the web names the
 * ETag it already holds.
 */

/** An ETag the web holds ("v-…" for an outline, "l-…" for a lesson), quotes optional. */
const ETAG = /^"?[vl]-[0-9a-f-]{36}"?$/;

export class CataloguePageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Words of the title' })
  @IsOptional()
  @IsString({ message: 'q harus berupa teks.' })
  @MaxLength(100, { message: 'q paling panjang 100 karakter.' })
  q?: string;
}

export class CoursePageQuery {
  @ApiPropertyOptional({ description: 'The outline ETag the caller holds: the outline is left out when it is still current' })
  @IsOptional()
  @Matches(ETAG, { message: 'outlineEtag tidak dikenal.' })
  outlineEtag?: string;
}

export class LessonPageQuery {
  @ApiPropertyOptional({ description: 'The lesson ETag the caller holds: the lesson is left out when it matches' })
  @IsOptional()
  @Matches(ETAG, { message: 'lessonEtag tidak dikenal.' })
  lessonEtag?: string;
}

export class TestPageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The attempt being taken (`?percobaan=` of the page)' })
  @IsOptional()
  @IsUUID('all', { message: 'attempt harus berupa UUID.' })
  attempt?: string;
}

export class LearnerHomePageDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: [EnrollmentSummaryDto], description: 'My current enrollments (up to 100), active first' }) enrollments: EnrollmentSummaryDto[];
}

export class LearnerCataloguePageDto {
  @ApiProperty({ type: UserDto, nullable: true }) user: UserDto | null;
  @ApiProperty({ enum: COURSE_PILLARS, enumName: 'CoursePillar', nullable: true, description: "The signed-in worker's pillar the list is for" })
  pillar: CoursePillar | null;
  @ApiProperty({ type: [CourseSummaryDto] }) courses: CourseSummaryDto[];
}

export class LearnerCoursePageDto {
  @ApiProperty({ type: UserDto, nullable: true }) user: UserDto | null;
  @ApiProperty({ description: "The current outline's ETag (names its version)" }) outlineEtag: string;
  @ApiProperty({ type: CourseDetailDto, nullable: true, description: 'Null when outlineEtag named the current outline' }) outline: CourseDetailDto | null;
  @ApiProperty({ type: EnrollmentDetailDto, nullable: true, description: "The caller's current enrollment in the course" }) enrollment: EnrollmentDetailDto | null;
}

export class LearnerLessonEnrollmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() finished: boolean;
  @ApiProperty({ description: 'Signed "opened now": the finish request carries it back (nothing is recorded on reading)' }) openedToken: string;
}

export class LearnerLessonPageDto {
  @ApiProperty({ type: UserDto, nullable: true }) user: UserDto | null;
  @ApiProperty({ description: "The lesson's ETag (immutable: one lesson id, one text)" }) lessonEtag: string;
  @ApiProperty({ type: LessonDto, nullable: true, description: 'Null when lessonEtag named it' }) lesson: LessonDto | null;
  @ApiProperty({ type: LearnerLessonEnrollmentDto, nullable: true, description: 'The caller enrolled in the version holding the lesson' })
  enrollment: LearnerLessonEnrollmentDto | null;
}

export class LearnerTestPageDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: EnrollmentDetailDto }) enrollment: EnrollmentDetailDto;
  @ApiProperty({ type: AttemptDto, nullable: true, description: 'The attempt asked for, when one was' }) attempt: AttemptDto | null;
}

export class LearnerResultPageDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: AttemptDto }) attempt: AttemptDto;
  @ApiProperty({ type: EnrollmentDetailDto }) enrollment: EnrollmentDetailDto;
}

export class LearnerCertificatesPageDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: [PublicCertificateDto], description: 'My certificates (up to 100), newest first' }) certificates: PublicCertificateDto[];
}
