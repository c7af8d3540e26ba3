import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '../auth/auth-context';
import { Authenticated, Role } from '../auth/policy.decorator';
import { ApiErrorDto } from '../common/api-error';
import type { AppConfig } from '../config/app-config';
import {
  CancelEventRequest,
  CancelledEventDto,
  CandidateListDto,
  CheckinBatchDto,
  CheckinBatchRequest,
  CheckinCodeDto,
  CheckinDto,
  CheckinRequest,
  ClosedEventDto,
  CreatedEventDto,
  CreateEventRequest,
  EventDto,
  EventListQuery,
  EventPageDto,
  EventResponseDto,
  EventResponseRequest,
  InviteRequest,
  InviteResultDto,
  MyEventPageDto,
  ParticipantListDto,
  PersonalQrDto,
  RoomKeyDto,
  RoomTestDto,
  RoomTestRequest,
  TestClockDto,
  TestClockRequest,
  WalkInDto,
  WalkInRequest,
} from './events.dto';
import { EventsClock } from './events-clock';
import { testClockOff } from './events.errors';
import { EventsService } from './events.service';

const STAFF = [Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT] as const;

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @Authenticated(...STAFF)
  @ApiCreatedResponse({ type: CreatedEventDto, description: 'The event; times are local to its region’s zone (WIB, WITA or WIT)' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'VALIDATION_FAILED, EVENT_DAYS_INVALID, EVENT_AGENDA_INVALID' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_REGION_NOT_FOUND, EVENT_COURSE_NOT_FOUND, EVENT_WORKER_NOT_FOUND (trainerIds)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateEventRequest, @ClientMeta() meta: RequestMeta): Promise<CreatedEventDto> {
    return this.events.create(user, body, meta);
  }

  @Get()
  @Authenticated(...STAFF)
  @ApiOkResponse({ type: EventPageDto, description: 'Events of the caller’s scope, latest first' })
  list(@CurrentUser() user: AuthUser, @Query() query: EventListQuery): Promise<EventPageDto> {
    return this.events.list(user, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: EventDto, description: 'Staff of its region, or a worker on its roster' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  detail(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<EventDto> {
    return this.events.detail(user, id);
  }

  @Get(':id/participants')
  @Authenticated(...STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ParticipantListDto, description: 'The roster in order, with attended days and JP (its trainers and admins)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  participants(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ParticipantListDto> {
    return this.events.participants(user, id);
  }

  @Get(':id/candidates')
  @Authenticated(...STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: CandidateListDto, description: 'Workers of the event’s region and pillars to pick from (its trainers and admins)' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  candidates(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CandidateListDto> {
    return this.events.candidates(user, id);
  }

  @Post(':id/invitations')
  @Authenticated(...STAFF)
  @ApiCreatedResponse({ type: InviteResultDto, description: 'Past capacity, new invitees go to the waiting list' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_INVITATION_EMPTY' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND, EVENT_WORKER_NOT_FOUND, EVENT_REGION_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_CANCELLED' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  invite(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: InviteRequest, @ClientMeta() meta: RequestMeta): Promise<InviteResultDto> {
    return this.events.invite(user, id, body, meta);
  }

  @Get(':id/checkin-code')
  @Authenticated(...STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: CheckinCodeDto, description: 'The current rotating code of today (during the day’s hours only)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_IN_SESSION, EVENT_CANCELLED' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  checkinCode(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CheckinCodeDto> {
    return this.events.currentCode(user, id);
  }

  @Post(':id/checkins')
  @Authenticated()
  @ApiCreatedResponse({ type: CheckinDto, description: 'Recorded now' })
  @ApiOkResponse({ type: CheckinDto, description: 'Already recorded ("sudah tercatat"), or a replayed nonce: the same record, nothing changed' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_CODE_WRONG, EVENT_CODE_EXPIRED, EVENT_CODE_OTHER_DAY, EVENT_CHECKIN_INCOMPLETE, EVENT_DAY_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_IN_SESSION, EVENT_DAY_NOT_STARTED, EVENT_NONCE_REUSED, EVENT_CLOSED, EVENT_CANCELLED' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND, EVENT_PARTICIPANT_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_WAITLISTED, EVENT_NOT_TRAINER' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'EVENT_CODE_TOO_MANY_TRIES: 20 wrong codes in 10 minutes' })
  async checkin(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: CheckinRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckinDto> {
    const outcome = await this.events.checkin(user, id, body, meta);
    reply.status(outcome.created ? 201 : 200);
    return outcome.checkin;
  }

  @Post(':id/checkins/batch')
  @Authenticated(...STAFF)
  @ApiOkResponse({ type: CheckinBatchDto, description: 'An offline batch of the trainer’s phone; idempotent by nonce' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'A bad item refuses the whole batch (EVENT_DAY_NOT_FOUND …)' })
  async checkinBatch(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: CheckinBatchRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CheckinBatchDto> {
    const results = await this.events.checkinBatch(user, id, body, meta);
    reply.status(200);
    return { results };
  }

  @Post(':id/walk-ins')
  @Authenticated(...STAFF)
  @ApiCreatedResponse({ type: WalkInDto, description: 'On the roster and checked in; a new phone becomes a PENDING worker for the region’s admin' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_WALK_IN_INVALID, EVENT_DAY_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_WALK_IN_TAKEN, EVENT_CLOSED, EVENT_CANCELLED, EVENT_DAY_NOT_STARTED' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  walkIn(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: WalkInRequest, @ClientMeta() meta: RequestMeta): Promise<WalkInDto> {
    return this.events.walkIn(user, id, body, meta);
  }

  @Get(':id/room-key')
  @Authenticated(...STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: RoomKeyDto, description: 'For offline room mode: verifies this event’s personal QR codes without the network (its trainers and admins)' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  roomKey(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<RoomKeyDto> {
    return this.events.roomKey(user, id);
  }

  @Post(':id/room-test')
  @Authenticated(...STAFF)
  @HttpCode(200)
  @ApiOkResponse({ type: RoomTestDto, description: 'The pre-test or post-test opened for the room, or none' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_CLOSED, EVENT_CANCELLED' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  roomTest(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: RoomTestRequest, @ClientMeta() meta: RequestMeta): Promise<RoomTestDto> {
    return this.events.setRoomTest(user, id, body.test, meta);
  }

  @Post(':id/close')
  @Authenticated(...STAFF)
  @HttpCode(200)
  @ApiOkResponse({ type: ClosedEventDto, description: 'Closed (again: the first closing time); attendance is frozen' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_CANCELLED' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  close(@CurrentUser() user: AuthUser, @Param('id') id: string, @ClientMeta() meta: RequestMeta): Promise<ClosedEventDto> {
    return this.events.close(user, id, meta);
  }

  @Post(':id/cancel')
  @Authenticated(...STAFF)
  @HttpCode(200)
  @ApiOkResponse({ type: CancelledEventDto, description: 'Cancelled: it stays listed with its reason; nothing more can be recorded on it; audit-logged' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_CANCEL_REASON_INVALID (trimmed, 10–500 characters), VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_ALREADY_CANCELLED, EVENT_HAS_ATTENDANCE, EVENT_ENDED, EVENT_CLOSED' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND (also outside the caller’s region)' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  cancel(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CancelEventRequest, @ClientMeta() meta: RequestMeta): Promise<CancelledEventDto> {
    return this.events.cancel(user, id, body, meta);
  }

  @Get(':id/report.xlsx')
  @Authenticated(...STAFF)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'Attendance per day in roster order and each participant’s JP; audit-logged',
    content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  async report(@CurrentUser() user: AuthUser, @Param('id') id: string, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.events.report(user, id, meta);
    reply.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return file.body;
  }

  @Get(':id/report.pdf')
  @Authenticated(...STAFF)
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'Daftar hadir (a signature box per day, in roster order) and the results (pre-test, post-test, gain, JP); audit-logged',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  async reportPdf(@CurrentUser() user: AuthUser, @Param('id') id: string, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.events.report(user, id, meta, 'pdf');
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    reply.header('Cache-Control', 'no-store');
    return file.body;
  }
}

/** The worker's side: the events they are invited to, and their answer. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('me/events')
export class MyEventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Authenticated(Role.PESERTA)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: MyEventPageDto, description: 'Events the caller is on the roster of, with their status and JP so far' })
  mine(@CurrentUser() user: AuthUser): Promise<MyEventPageDto> {
    return this.events.myEvents(user);
  }

  @Get(':id/qr')
  @Authenticated(Role.PESERTA)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: PersonalQrDto, description: 'The caller’s personal QR for this event, signed for the trainer’s offline room mode' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  qr(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PersonalQrDto> {
    return this.events.personalQr(user, id);
  }

  @Post(':id/response')
  @Authenticated(Role.PESERTA)
  @ApiOkResponse({ type: EventResponseDto, description: 'Confirmed or declined (a declined place goes to the waiting list’s first)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_RESPONSE_CLOSED, EVENT_FULL (a declined place was given away), EVENT_CANCELLED' })
  async respond(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: EventResponseRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventResponseDto> {
    const result = await this.events.respond(user, id, body.decision);
    reply.status(200);
    return result;
  }
}

/**
 * The events clock for browser tests and demos (decision 029): outside production, the ministry admin may set the time
 * that check-in windows and codes are computed against. In production the route answers 404 and changes nothing.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('test-clock/events')
export class EventsTestClockController {
  constructor(
    private readonly clock: EventsClock,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Post()
  @Authenticated(Role.ADMIN_PUSAT)
  @HttpCode(200)
  @ApiOkResponse({ type: TestClockDto, description: 'The events clock now (not in production)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'In production' })
  set(@Body() body: TestClockRequest): TestClockDto {
    if (this.config.get('NODE_ENV', { infer: true }) === 'production') throw testClockOff();
    // The clock runs on from the instant given (codes keep rotating), shifted by a fixed offset.
    const offset = body.now ? new Date(body.now).getTime() - Date.now() : 0;
    this.clock.now = () => new Date(Date.now() + offset);
    return { now: this.clock.now() };
  }
}
