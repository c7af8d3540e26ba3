import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { AttemptsService } from './attempts.service';
import { EnrollmentsService } from './enrollments.service';
import {
  AttemptDto,
  EnrollDto,
  EnrollmentDetailDto,
  EnrollmentListQuery,
  EnrollmentPageDto,
  FinishLessonDto,
  LessonProgressDto,
  StartAttemptDto,
} from './learning.dto';
import { enrollmentNotFound, lessonNotInCourse } from './learning.errors';
import { readingClaim } from './lesson-reading';

/** A malformed id names nothing: 404, like an id that exists nowhere. */
const ID = new ParseUUIDPipe({ exceptionFactory: () => enrollmentNotFound() });
const LESSON_ID = new ParseUUIDPipe({ exceptionFactory: () => lessonNotInCourse() });

/** A worker's own enrollments: enrolling, progress, and starting the pre-test and post-test. */
@ApiTags('learning')
@ApiBearerAuth()
@Authenticated(Role.PESERTA)
@Controller('enrollments')
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly attempts: AttemptsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: EnrollmentDetailDto, description: 'Enrolled in the current version of the course' })
  @ApiOkResponse({ type: EnrollmentDetailDto, description: 'Already enrolled: the same enrollment' })
  async enroll(@CurrentUser() user: AuthUser, @Body() body: EnrollDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<EnrollmentDetailDto> {
    const { created, enrollment } = await this.enrollments.enroll(user, body.course);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return enrollment;
  }

  @Get()
  @ApiOkResponse({ type: EnrollmentPageDto, description: 'My enrollments (archived ones only when asked for by status)' })
  list(@CurrentUser() user: AuthUser, @Query() query: EnrollmentListQuery): Promise<EnrollmentPageDto> {
    return this.enrollments.list(user, query.page, query.pageSize, query.status);
  }

  @Get(':id')
  @ApiOkResponse({ type: EnrollmentDetailDto, description: 'Progress, where to resume, the next step, scores and gain' })
  @ApiNotFoundResponse({ description: 'No such enrollment of yours' })
  detail(@CurrentUser() user: AuthUser, @Param('id', ID) id: string): Promise<EnrollmentDetailDto> {
    return this.enrollments.detail(user, id);
  }

  @Post(':id/lessons/:lessonId/open')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LessonProgressDto, description: 'Remembered as the lesson to resume' })
  open(@CurrentUser() user: AuthUser, @Param('id', ID) id: string, @Param('lessonId', LESSON_ID) lessonId: string): Promise<LessonProgressDto> {
    return this.enrollments.openLesson(user, id, lessonId);
  }

  @Post(':id/lessons/:lessonId/finish')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LessonProgressDto, description: 'Finished (the first server time stays; repeating changes nothing)' })
  @ApiConflictResponse({ description: 'The pre-test comes first; the lesson was not opened (LESSON_NOT_OPENED) or not read long enough (LESSON_READ_TOO_FAST)' })
  finish(
    @CurrentUser() user: AuthUser,
    @Param('id', ID) id: string,
    @Param('lessonId', LESSON_ID) lessonId: string,
    @Body() body: FinishLessonDto,
  ): Promise<LessonProgressDto> {
    return this.enrollments.finishLesson(user, id, lessonId, body.at ? new Date(body.at) : null, readingClaim(body));
  }

  @Post(':id/attempts')
  @ApiCreatedResponse({ type: AttemptDto, description: 'A new attempt: questions drawn and frozen, no answer keys' })
  @ApiOkResponse({ type: AttemptDto, description: 'The open attempt of that kind' })
  @ApiConflictResponse({ description: 'Not allowed now: pre-test already done, lessons unfinished, no attempt left, course passed' })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', ID) id: string,
    @Body() body: StartAttemptDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttemptDto> {
    const { created, attempt } = await this.attempts.start(user, id, body.kind);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return attempt;
  }
}
