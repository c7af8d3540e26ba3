import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, type RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { ApiErrorDto } from '../common/api-error';
import { IDEMPOTENCY_HEADER } from '../common/idempotency/idempotency.interceptor';
import { AppealsService } from './appeals.service';
import { OversightService } from './oversight.service';
import { ReviewsService } from './reviews.service';
import { readSubmissionForm } from './submission-form';
import { AppealBody, AssignBody, FieldTaskListDto, OverdueSummaryDto, ReviewBody, ReviewItemDto, ReviewQuery, ReviewQueueDto, SubmissionCreatedDto, SubmissionDetailDto, SubmissionResultDto } from './tasks.dto';
import { TasksService } from './tasks.service';

const REVIEWERS = [Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT];
const ADMINS = [Role.ADMIN_DINSOS, Role.ADMIN_PUSAT];
const NOT_FOUND = { errorHttpStatusCode: HttpStatus.NOT_FOUND } as const;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly reviews: ReviewsService,
    private readonly appeals: AppealsService,
    private readonly oversight: OversightService,
  ) {}

  @Get('enrollments/:id/tasks')
  @Authenticated(Role.PESERTA)
  @ApiOkResponse({ type: FieldTaskListDto, description: 'The field tasks of the caller’s enrollment, with every hand-in and its result' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'TASK_ENROLLMENT_NOT_FOUND' })
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string): Promise<FieldTaskListDto> {
    return this.tasks.listForEnrollment(user, id);
  }

  @Post('tasks/:taskId/submissions')
  @Authenticated(Role.PESERTA)
  @HttpCode(HttpStatus.CREATED)
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key answers the first submission again (offline queue)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['enrollmentId', 'report'],
      properties: {
        enrollmentId: { type: 'string', format: 'uuid' },
        report: { type: 'string', maxLength: 20000 },
        photos: { type: 'array', maxItems: 5, items: { type: 'string', format: 'binary' }, description: 'JPEG, PNG, WebP, HEIF or AVIF, ≤ 10 MB each' },
      },
    },
  })
  @ApiCreatedResponse({ type: SubmissionCreatedDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'TASK_REPORT_HAS_NIK, TASK_TOO_MANY_PHOTOS, TASK_PHOTO_NOT_IMAGE, TASK_REPORT_TOO_SHORT, …' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TASK_ALREADY_SUBMITTED, TASK_NO_RESUBMISSIONS_LEFT' })
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('taskId', new ParseUUIDPipe(NOT_FOUND)) taskId: string,
    @Req() request: FastifyRequest,
  ): Promise<SubmissionCreatedDto> {
    const header = request.headers[IDEMPOTENCY_HEADER];
    const key = (Array.isArray(header) ? header[0] : header) ?? null;
    const form = await readSubmissionForm(request);
    return this.tasks.submit(user, taskId, form, key && KEY_PATTERN.test(key) ? key : null);
  }

  @Post('submissions/:id/appeal')
  @Authenticated(Role.PESERTA)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubmissionResultDto, description: 'The failed submission waits again, for another reviewer, with a new deadline' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'TASK_APPEAL_REASON_REQUIRED, TASK_REPORT_HAS_NIK, VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'TASK_SUBMISSION_NOT_FOUND (also another worker’s)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TASK_ALREADY_APPEALED (once only), TASK_NOT_APPEALABLE (not failed)' })
  appeal(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string,
    @Body() body: AppealBody,
    @ClientMeta() meta: RequestMeta,
  ): Promise<SubmissionResultDto> {
    return this.appeals.appeal(user, id, body.reason, meta);
  }

  @Get('reviews')
  @Authenticated(...REVIEWERS)
  @ApiOkResponse({ type: ReviewQueueDto, description: 'Submissions waiting for a review in the caller’s region, oldest first, with their deadline' })
  queue(@CurrentUser() user: AuthUser, @Query() query: ReviewQuery): Promise<ReviewQueueDto> {
    return this.reviews.queue(user, query.status ?? 'waiting');
  }

  @Get('reviews/overdue-summary')
  @Authenticated(...ADMINS)
  @ApiOkResponse({ type: OverdueSummaryDto, description: 'Overdue reviews in the caller’s region: the total, per reviewer (last claimer) and per regency' })
  overdueSummary(@CurrentUser() user: AuthUser): Promise<OverdueSummaryDto> {
    return this.oversight.overdue(user);
  }

  @Post('submissions/:id/assign')
  @Authenticated(...ADMINS)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubmissionDetailDto, description: 'Held for the trainer for a day, or released (reviewerId null); audited as task.reassign' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'TASK_REVIEWER_INVALID (not an active trainer of the worker’s region)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'TASK_SUBMISSION_NOT_FOUND (also outside your region)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TASK_NOT_WAITING, TASK_APPEAL_OTHER_REVIEWER' })
  assign(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string,
    @Body() body: AssignBody,
    @ClientMeta() meta: RequestMeta,
  ): Promise<SubmissionDetailDto> {
    return this.oversight.assign(user, id, body.reviewerId ?? null, meta);
  }

  @Get('submissions/:id')
  @Authenticated(...REVIEWERS)
  @ApiOkResponse({ type: SubmissionDetailDto, description: 'The report, the rubric with the reviewer’s text, and the review if any' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'TASK_SUBMISSION_NOT_FOUND (also outside your region)' })
  detail(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string): Promise<SubmissionDetailDto> {
    return this.reviews.detail(user, id);
  }

  @Post('submissions/:id/claim')
  @Authenticated(...REVIEWERS)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReviewItemDto, description: 'Claimed for 30 minutes (claiming again renews it)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TASK_ALREADY_CLAIMED, TASK_NOT_WAITING, TASK_APPEAL_OTHER_REVIEWER (you failed it; its appeal goes to another reviewer)' })
  claim(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string, @ClientMeta() meta: RequestMeta): Promise<ReviewItemDto> {
    return this.reviews.claim(user, id, meta);
  }

  @Post('submissions/:id/review')
  @Authenticated(...REVIEWERS)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SubmissionDetailDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'TASK_LEVELS_INVALID, TASK_PASS_BELOW_LEVEL, TASK_APPEAL_FINAL (no "revise" on an appeal)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'TASK_NOT_CLAIMED, TASK_NOT_WAITING, TASK_NO_RESUBMISSIONS_LEFT, TASK_APPEAL_OTHER_REVIEWER' })
  review(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string,
    @Body() body: ReviewBody,
    @ClientMeta() meta: RequestMeta,
  ): Promise<SubmissionDetailDto> {
    return this.reviews.review(user, id, body, meta);
  }

  @Get('submissions/:id/photos/:n')
  @Authenticated(Role.PESERTA, ...REVIEWERS)
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'Photo n (from 1), without metadata', content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'TASK_SUBMISSION_NOT_FOUND, TASK_PHOTO_NOT_FOUND' })
  async photo(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe(NOT_FOUND)) id: string,
    @Param('n', new ParseIntPipe(NOT_FOUND)) n: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const photo = await this.reviews.photo(user, id, n);
    reply.header('Content-Type', photo.contentType);
    // Evidence of a person's work: never kept by a shared cache.
    reply.header('Cache-Control', 'private, no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    return photo.bytes;
  }
}
