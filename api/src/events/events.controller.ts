import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
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
import {
  CheckinBatchDto,
  CheckinBatchRequest,
  CheckinCodeDto,
  CheckinDto,
  CheckinRequest,
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
} from './events.dto';
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

  @Post(':id/invitations')
  @Authenticated(...STAFF)
  @ApiCreatedResponse({ type: InviteResultDto, description: 'Past capacity, new invitees go to the waiting list' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_INVITATION_EMPTY' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND, EVENT_WORKER_NOT_FOUND, EVENT_REGION_NOT_FOUND' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  invite(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: InviteRequest, @ClientMeta() meta: RequestMeta): Promise<InviteResultDto> {
    return this.events.invite(user, id, body, meta);
  }

  @Get(':id/checkin-code')
  @Authenticated(...STAFF)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: CheckinCodeDto, description: 'The current rotating code of today (during the day’s hours only)' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_IN_SESSION' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'EVENT_NOT_TRAINER' })
  checkinCode(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<CheckinCodeDto> {
    return this.events.currentCode(user, id);
  }

  @Post(':id/checkins')
  @Authenticated()
  @ApiCreatedResponse({ type: CheckinDto, description: 'Recorded now' })
  @ApiOkResponse({ type: CheckinDto, description: 'Already recorded ("sudah tercatat"), or a replayed nonce: the same record, nothing changed' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'EVENT_CODE_WRONG, EVENT_CODE_EXPIRED, EVENT_CODE_OTHER_DAY, EVENT_CHECKIN_INCOMPLETE, EVENT_DAY_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_NOT_IN_SESSION, EVENT_DAY_NOT_STARTED, EVENT_NONCE_REUSED' })
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

  @Post(':id/response')
  @Authenticated(Role.PESERTA)
  @ApiOkResponse({ type: EventResponseDto, description: 'Confirmed or declined (a declined place goes to the waiting list’s first)' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'EVENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'EVENT_RESPONSE_CLOSED, EVENT_FULL (a declined place was given away)' })
  async respond(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: EventResponseRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventResponseDto> {
    const result = await this.events.respond(user, id, body.decision);
    reply.status(200);
    return result;
  }
}
