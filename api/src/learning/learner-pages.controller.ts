import { Controller, Get, Param, ParseEnumPipe, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext, type AuthRequest } from '../auth/auth-context';
import { Authenticated, Public, Role } from '../auth/policy.decorator';
import {
  LearnerCataloguePageDto,
  CataloguePageQuery,
  LearnerCertificatesPageDto,
  LearnerCoursePageDto,
  CoursePageQuery,
  LearnerHomePageDto,
  LearnerLessonPageDto,
  LessonPageQuery,
  LearnerResultPageDto,
  LearnerTestPageDto,
  TestPageQuery,
} from './learner-pages.dto';
import { LearnerPagesService } from './learner-pages.service';
import { QuizKind } from './entities/quiz-attempt.entity';
import { attemptNotFound, enrollmentNotFound } from './learning.errors';

const ENROLLMENT_ID = new ParseUUIDPipe({ exceptionFactory: () => enrollmentNotFound() });
const ATTEMPT_ID = new ParseUUIDPipe({ exceptionFactory: () => attemptNotFound() });
const KIND = new ParseEnumPipe(QuizKind, { exceptionFactory: () => attemptNotFound() });

/**
 * What each learner page of the web shows, in one read, with the caller's account (issue #22): the web server makes
 * one API call per page. Reads only: opening a lesson is recorded by its own write (or proven by the finish form).
 */
@ApiTags('learner pages')
@ApiBearerAuth()
@Controller('learner')
export class LearnerPagesController {
  constructor(private readonly pages: LearnerPagesService) {}

  @Get('home')
  @Authenticated()
  @ApiOkResponse({ type: LearnerHomePageDto, description: '/belajar: my courses' })
  home(@CurrentAuth() auth: AuthContext): Promise<LearnerHomePageDto> {
    return this.pages.home(auth);
  }

  @Get('catalogue')
  @Public({ identify: true })
  @ApiOkResponse({ type: LearnerCataloguePageDto, description: "/katalog: published courses, for the signed-in worker's pillar" })
  catalogue(@Req() request: AuthRequest, @Query() query: CataloguePageQuery): Promise<LearnerCataloguePageDto> {
    return this.pages.catalogue(request.auth, query.q);
  }

  @Get('courses/:slug')
  @Public({ identify: true })
  @ApiOkResponse({ type: LearnerCoursePageDto, description: "/kursus/:slug: the outline (left out when outlineEtag is current) and the caller's enrollment" })
  @ApiNotFoundResponse({ description: 'No such course' })
  course(@Req() request: AuthRequest, @Param('slug') slug: string, @Query() query: CoursePageQuery): Promise<LearnerCoursePageDto> {
    return this.pages.course(request.auth, slug, query.outlineEtag);
  }

  @Get('courses/:slug/lessons/:lessonId')
  @Public({ identify: true })
  @ApiOkResponse({ type: LearnerLessonPageDto, description: 'A lesson page: the lesson (left out when lessonEtag names it), the enrollment state and a signed "opened at"' })
  @ApiNotFoundResponse({ description: 'No such lesson in this course' })
  lesson(
    @Req() request: AuthRequest,
    @Param('slug') slug: string,
    @Param('lessonId') lessonId: string,
    @Query() query: LessonPageQuery,
  ): Promise<LearnerLessonPageDto> {
    return this.pages.lesson(request.auth, slug, lessonId, query.lessonEtag);
  }

  @Get('tests/:enrollmentId/:kind')
  @Authenticated(Role.PESERTA)
  @ApiParam({ name: 'kind', enum: QuizKind, enumName: 'QuizKind' })
  @ApiOkResponse({ type: LearnerTestPageDto, description: '/ujian/:enrollment/:kind: the enrollment and the attempt being taken' })
  @ApiNotFoundResponse({ description: 'No such enrollment or attempt of yours' })
  test(
    @CurrentAuth() auth: AuthContext,
    @Param('enrollmentId', ENROLLMENT_ID) enrollmentId: string,
    @Param('kind', KIND) kind: QuizKind,
    @Query() query: TestPageQuery,
  ): Promise<LearnerTestPageDto> {
    return this.pages.test(auth, enrollmentId, kind, query.attempt);
  }

  @Get('results/:attemptId')
  @Authenticated(Role.PESERTA)
  @ApiOkResponse({ type: LearnerResultPageDto, description: '/hasil/:attempt: the attempt with its result, and its enrollment' })
  @ApiNotFoundResponse({ description: 'No such attempt of yours' })
  result(@CurrentAuth() auth: AuthContext, @Param('attemptId', ATTEMPT_ID) attemptId: string): Promise<LearnerResultPageDto> {
    return this.pages.result(auth, attemptId);
  }

  @Get('certificates')
  @Authenticated()
  @ApiOkResponse({ type: LearnerCertificatesPageDto, description: '/sertifikat: my certificates' })
  certificates(@CurrentAuth() auth: AuthContext): Promise<LearnerCertificatesPageDto> {
    return this.pages.myCertificates(auth);
  }
}
