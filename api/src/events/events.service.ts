import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { hashPassword } from '../auth/passwords';
import { Role } from '../auth/policy.decorator';
import { inScope, scopeOf, type RegionScope } from '../auth/region-scope';
import type { AppConfig } from '../config/app-config';
import { normalizePersonName } from '../common/person-name';
import { trimEnds } from '../common/text-safety';
import { normalizePhone } from '../common/phone';
import { Pillar } from '../common/pillar';
import { RegionLevel } from '../regions/region-level';
import { CoursesService } from '../courses/courses.service';
import { EnrollmentsService } from '../learning/enrollments.service';
import { RegionsService } from '../regions/regions.service';
import { SecretsService } from '../secrets/secrets.service';
import { UsersService } from '../users/users.service';
import { CodeAttempts } from './code-attempts';
import { EventAttendance } from './event-attendance';
import { checkinCode, CODE_WINDOW_MS, dayOfCode, deriveCheckinKey, matchCode, windowOf } from './checkin-code';
import { CheckinMethod } from './entities/event-checkin.entity';
import { ParticipantStatus } from './entities/event-participant.entity';
import { validateDays } from './event-days';
import {
  CheckinBatchRequest,
  CancelEventRequest,
  CancelledEventDto,
  CandidateListDto,
  CheckinCodeDto,
  ClosedEventDto,
  PersonalQrDto,
  RoomKeyDto,
  RoomTestDto,
  WalkInDto,
  WalkInRequest,
  CheckinDto,
  CheckinRequest,
  CreateEventRequest,
  EventDayDto,
  EventDto,
  EventListQuery,
  EventPageDto,
  EventResponseDto,
  InviteRequest,
  InviteResultDto,
  MyEventDto,
  MyEventPageDto,
  ParticipantDto,
  ParticipantListDto,
  TrainerCheckinInput,
} from './events.dto';
import * as errors from './events.errors';
import { EventsClock } from './events-clock';
import { AttendanceRow, CheckinRow, DayRow, EventRow, EventsRepository } from './events.repository';
import { renderEventPdf, type ReportCancellation } from './events-pdf';
import { writeEventWorkbook } from './events-workbook';
import { jpOf } from './jp';
import { deriveRoomKey, personalQrPayload, QR_PREFIX } from './personal-qr';
import { localStamp, localTime, zoneNamed, zoneOfRegion } from './time-zones';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A typed code older than the previous window but from the last hour is "expired", not "wrong". */
const STALE_WINDOWS = 120;
/** Trainers may tick names from an hour before the day starts (registration at the door). */
const TRAINER_EARLY_MS = 60 * 60_000;
const ADMINS = [Role.ADMIN_PUSAT, Role.ADMIN_DINSOS];
/** Accounts that can be invited (as course assignments reach them): active, or invited but not yet activated. */
const USABLE_STATUSES: string[] = ['ACTIVE', 'INVITED'];
const MAX_CANDIDATES = 1000;
const ON_ROSTER = [ParticipantStatus.INVITED, ParticipantStatus.CONFIRMED];
/** A cancellation's reason, as the participants read it: trimmed, 10–500 characters. */
export const CANCEL_REASON_MIN = 10;
export const CANCEL_REASON_MAX = 500;

export interface CheckinOutcome {
  checkin: CheckinDto;
  created: boolean;
}

/**
 * In-person training events (issue #20): schedule with an agenda in the event's own time zone, invite (with a
 * waiting list), check in by a rotating code or by the trainer's tick (idempotent by nonce), and the attendance
 * workbook. Other domains' data only through their services.
 */
@Injectable()
export class EventsService {
  private key?: Promise<Buffer>;

  constructor(
    private readonly events: EventsRepository,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly courses: CoursesService,
    private readonly enrollments: EnrollmentsService,
    private readonly secrets: SecretsService,
    private readonly audit: AuditService,
    private readonly clock: EventsClock,
    private readonly attempts: CodeAttempts,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly attendance: EventAttendance,
  ) {}

  // ── Scheduling ──────────────────────────────────────────────────────────────────────────────────────────────────

  async create(user: AuthUser, body: CreateEventRequest, meta: RequestMeta): Promise<{ id: string }> {
    const zone = zoneOfRegion(body.regionCode);
    if (!zone || !inScope(body.regionCode, scopeOf(user)) || !(await this.regions.exists(body.regionCode))) throw errors.eventRegionNotFound();
    const days = validateDays(body.days, zone);
    const courseId = body.course ? await this.courseIdOf(body.course, 'course') : null;
    for (const [d, day] of body.days.entries()) {
      for (const [i, item] of (day.agenda ?? []).entries()) if (item.course) await this.courseIdOf(item.course, `days.${d}.agenda.${i}.course`);
    }
    const trainerIds = await this.trainersOf(user, body.regionCode, body.trainerIds ?? []);
    const id = await this.events.transaction(async (manager) => {
      const eventId = await this.events.insertEvent(
        manager,
        {
          title: body.title.trim(),
          regionCode: body.regionCode,
          venue: body.venue.trim(),
          timeZone: zone.timeZone,
          courseId,
          capacity: body.capacity ?? null,
          pillars: body.pillars ?? [],
          trainerIds,
          createdBy: user.id,
        },
        days,
      );
      await this.audit.recordWithin(manager, { action: AuditAction.EVENT_CREATE, actor: user, targetType: 'event', targetId: eventId, regionCode: body.regionCode, ip: meta.ip, details: { title: body.title, days: days.length } });
      return eventId;
    });
    return { id };
  }

  /** Who attended events in the scope under `region` ('' = the whole scope): the reports' "events attended" list. */
  attendedIn(scope: RegionScope, region: string, courseId: string | null, limit: number, offset: number): Promise<{ rows: AttendanceRow[]; total: number }> {
    return this.events.attendancePage(scope, region, courseId, limit, offset);
  }

  async detail(user: AuthUser, id: string): Promise<EventDto> {
    const event = await this.visible(user, id);
    return (await this.toDtos([event]))[0];
  }

  async list(user: AuthUser, query: EventListQuery): Promise<EventPageDto> {
    const { rows, total } = await this.events.list(scopeOf(user), query.region ?? null, query.page, query.pageSize);
    return { items: await this.toDtos(rows), total, page: query.page, pageSize: query.pageSize };
  }

  // ── Invitations ─────────────────────────────────────────────────────────────────────────────────────────────────

  async invite(user: AuthUser, id: string, body: InviteRequest, meta: RequestMeta): Promise<InviteResultDto> {
    const event = await this.managed(user, id);
    refuseIfCancelled(event);
    if (!body.workerIds?.length && !body.pillar && !body.regionCode) throw errors.eventInvitationEmpty();
    const candidates = [...(await this.pickedWorkers(user, body.workerIds ?? [])), ...(await this.workersByCriteria(user, event, body))];
    const result = await this.events.transaction(async (manager) => {
      refuseIfCancelled(await this.events.lockEvent(manager, event.id));
      const roster = await this.events.rosterOf(manager, event.id);
      const onRoster = new Set(roster.map((p) => p.userId));
      let active = roster.filter((p) => ON_ROSTER.includes(p.status)).length;
      let position = roster.reduce((max, p) => Math.max(max, p.position), 0);
      const rows: { userId: string; position: number; status: ParticipantStatus }[] = [];
      let alreadyInvited = 0;
      for (const userId of new Set(candidates)) {
        if (onRoster.has(userId)) {
          alreadyInvited++;
          continue;
        }
        const fits = event.capacity === null || active < event.capacity;
        if (fits) active++;
        rows.push({ userId, position: ++position, status: fits ? ParticipantStatus.INVITED : ParticipantStatus.WAITLISTED });
      }
      await this.events.insertParticipants(manager, event.id, rows);
      const counts = {
        invited: rows.filter((r) => r.status === ParticipantStatus.INVITED).length,
        alreadyInvited,
        waitlisted: rows.filter((r) => r.status === ParticipantStatus.WAITLISTED).length,
      };
      await this.audit.recordWithin(manager, { action: AuditAction.EVENT_INVITE, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: counts });
      return counts;
    });
    return result;
  }

  /** Workers the trainer can pick: the event's pillars (all when none) in its region, inside the caller's scope, by name. */
  async candidates(user: AuthUser, id: string): Promise<CandidateListDto> {
    const event = await this.managed(user, id);
    const ids = await this.workersByCriteria(user, event, { regionCode: event.regionCode });
    const names = await this.users.namesOf(ids);
    const onRoster = new Set((await this.events.rosterOf(null, event.id)).map((p) => p.userId));
    const items = ids
      .map((workerId) => ({ workerId, name: names.get(workerId) ?? '', onRoster: onRoster.has(workerId) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'id'));
    return { items: items.slice(0, MAX_CANDIDATES), total: items.length };
  }

  async myEvents(user: AuthUser): Promise<MyEventPageDto> {
    const rows = await this.events.eventsOfWorker(user.id);
    const dtos = await this.toDtos(rows);
    const attended = await this.events.attendedDaysOf(user.id, rows.map((r) => r.id));
    return {
      items: dtos.map((dto, i): MyEventDto => {
        const days = attended.get(dto.id) ?? [];
        return { ...dto, status: rows[i].status, attendedDays: days, myJp: jpOf(attendedMinutes(dto.days, days)) };
      }),
    };
  }

  /** The worker confirms or declines. A declined place goes to the first on the waiting list. */
  async respond(user: AuthUser, id: string, decision: 'confirm' | 'decline'): Promise<EventResponseDto> {
    const event = UUID.test(id) ? await this.events.findForParticipant(id, user.id) : null;
    if (!event) throw errors.eventNotFound();
    refuseIfCancelled(event);
    const [first] = await this.events.daysOf([event.id]);
    if (first && this.clock.now() >= first.startsAt) throw errors.eventResponseClosed();
    return this.events.transaction(async (manager) => {
      refuseIfCancelled(await this.events.lockEvent(manager, event.id));
      const me = await this.events.findParticipant(manager, event.id, user.id);
      if (!me) throw errors.eventNotFound();
      if (decision === 'confirm') {
        if (me.status === ParticipantStatus.WAITLISTED) return { status: me.status };
        if (me.status === ParticipantStatus.DECLINED && !(await this.hasPlace(manager, event))) throw errors.eventFull();
        await this.events.setStatus(manager, event.id, user.id, ParticipantStatus.CONFIRMED);
        return { status: ParticipantStatus.CONFIRMED };
      }
      await this.events.setStatus(manager, event.id, user.id, ParticipantStatus.DECLINED);
      if (ON_ROSTER.includes(me.status)) {
        const next = (await this.events.rosterOf(manager, event.id)).find((p) => p.status === ParticipantStatus.WAITLISTED);
        if (next) await this.events.setStatus(manager, event.id, next.userId, ParticipantStatus.INVITED);
      }
      return { status: ParticipantStatus.DECLINED };
    });
  }

  /** Whether the roster (invited and confirmed) is below capacity; call under the event's lock. */
  private async hasPlace(manager: EntityManager, event: EventRow): Promise<boolean> {
    if (event.capacity === null) return true;
    const active = (await this.events.rosterOf(manager, event.id)).filter((p) => ON_ROSTER.includes(p.status)).length;
    return active < event.capacity;
  }

  async participants(user: AuthUser, id: string): Promise<ParticipantListDto> {
    const event = await this.managed(user, id);
    return { items: await this.rosterWithAttendance(event) };
  }

  // ── Check-in ────────────────────────────────────────────────────────────────────────────────────────────────────

  async currentCode(user: AuthUser, id: string): Promise<CheckinCodeDto> {
    const event = await this.managed(user, id);
    refuseIfCancelled(event);
    const zone = zoneNamed(event.timeZone);
    const now = this.clock.now();
    const today = dayInSession(await this.events.daysOf([event.id]), now);
    if (!today) throw errors.eventNotInSession(zone.label);
    const window = windowOf(now);
    const code = checkinCode(await this.checkinKey(), event.id, today.day, window);
    const base = this.config.get('PUBLIC_URL', { infer: true });
    const url = `${base}/kegiatan/${event.id}/hadir?kode=${code}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { code, url, expiresAt: new Date((window + 1) * CODE_WINDOW_MS), day: today.day, zone: zone.label, qrSvg };
  }

  /** A participant's code, or a trainer's tick (by the fields given and the caller's role). */
  async checkin(user: AuthUser, id: string, body: CheckinRequest, meta: RequestMeta): Promise<CheckinOutcome> {
    if (user.role === Role.PESERTA) {
      if (!body.code) throw errors.eventCodeMissing();
      return this.checkinByCode(user, id, body.code);
    }
    if (!body.workerId || !body.day || !body.nonce) throw errors.eventCodeMissing();
    const event = await this.managed(user, id);
    const days = await this.events.daysOf([event.id]);
    await this.checkTick(event, days, body as TrainerCheckinInput);
    const outcome = await this.tick(user, event, days, body as TrainerCheckinInput);
    if (outcome.created) {
      await this.audit.record({ action: AuditAction.EVENT_CHECKIN_TICK, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: { workerId: body.workerId, day: body.day } });
    }
    return outcome;
  }

  /** An offline batch from the trainer's phone: checked whole first (a bad item refuses it all), then applied item by item. */
  async checkinBatch(user: AuthUser, id: string, body: CheckinBatchRequest, meta: RequestMeta): Promise<CheckinDto[]> {
    const event = await this.managed(user, id);
    const days = await this.events.daysOf([event.id]);
    for (const item of body.checkins) await this.checkTick(event, days, item);
    const results: CheckinOutcome[] = [];
    for (const item of body.checkins) results.push(await this.tick(user, event, days, item));
    const created = results.filter((r) => r.created).length;
    if (created > 0) {
      await this.audit.record({ action: AuditAction.EVENT_CHECKIN_BATCH, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: { items: body.checkins.length, created } });
    }
    return results.map((r) => r.checkin);
  }

  private async checkinByCode(user: AuthUser, id: string, typed: string): Promise<CheckinOutcome> {
    const event = UUID.test(id) ? await this.events.findForParticipant(id, user.id) : null;
    if (!event) throw errors.eventNotFound();
    if (event.status === ParticipantStatus.WAITLISTED) throw errors.eventWaitlisted();
    refuseIfCancelled(event);
    if (event.closedAt) throw errors.eventClosed();
    const zone = zoneNamed(event.timeZone);
    const now = this.clock.now();
    const days = await this.events.daysOf([event.id]);
    const today = dayInSession(days, now);
    if (!today) throw errors.eventNotInSession(zone.label);
    if (this.attempts.blocked(event.id, user.id, now)) throw errors.eventCodeTooManyTries();
    const refusal = await this.codeRefusal(event.id, days, today, typed.trim().toUpperCase(), now);
    if (refusal) {
      this.attempts.recordWrong(event.id, user.id, now);
      throw refusal;
    }
    return this.record(event, { eventId: event.id, userId: user.id, day: today.day, method: CheckinMethod.CODE, nonce: null, recordedBy: user.id, checkedInAt: now });
  }

  /** Why a typed code is refused (null: it is today's current or previous code). */
  private async codeRefusal(eventId: string, days: DayRow[], today: DayRow, code: string, now: Date): Promise<Error | null> {
    if (code.length !== 6) return errors.eventCodeWrong();
    const codeDay = dayOfCode(code);
    if (codeDay !== today.day) return codeDay !== null && codeDay <= days.length ? errors.eventCodeOtherDay(codeDay) : errors.eventCodeWrong();
    const match = matchCode(await this.checkinKey(), eventId, today.day, now, code, STALE_WINDOWS);
    if (match === 'stale') return errors.eventCodeExpired();
    return match === 'wrong' ? errors.eventCodeWrong() : null;
  }

  private async checkTick(event: EventRow, days: DayRow[], item: TrainerCheckinInput): Promise<void> {
    refuseIfCancelled(event);
    if (event.closedAt) throw errors.eventClosed();
    const day = days.find((d) => d.day === item.day);
    if (!day) throw errors.eventDayNotFound();
    if (this.clock.now().getTime() < day.startsAt.getTime() - TRAINER_EARLY_MS) throw errors.eventDayNotStarted();
    if (!(await this.events.findParticipant(null, event.id, item.workerId))) throw errors.eventParticipantNotFound();
  }

  /** A trainer's check-in, idempotent by nonce: a known nonce answers its record and changes nothing. */
  private async tick(user: AuthUser, event: EventRow, days: DayRow[], item: TrainerCheckinInput): Promise<CheckinOutcome> {
    const known = await this.events.findCheckinByNonce(null, event.id, item.nonce);
    if (known) {
      if (known.userId !== item.workerId || known.day !== item.day) throw errors.eventNonceReused();
      return { checkin: this.checkinDto(event, known, true), created: false };
    }
    return this.record(event, {
      eventId: event.id,
      userId: item.workerId,
      day: item.day,
      method: CheckinMethod.TRAINER,
      nonce: item.nonce,
      recordedBy: user.id,
      checkedInAt: this.clock.now(),
    });
  }

  /** One check-in per person and day: the second answers the first record ("sudah tercatat"). */
  private async record(event: EventRow, checkin: Omit<CheckinRow, 'id'>): Promise<CheckinOutcome> {
    const existing = await this.events.findCheckin(null, event.id, checkin.userId, checkin.day);
    if (existing) return { checkin: this.checkinDto(event, existing, true), created: false };
    const inserted = await this.events.insertCheckin(null, checkin);
    if (inserted) {
      // Attendance may be what a passed post-test waited for (decision 029).
      await this.attendance.completeAfterCheckin(event.courseId, checkin.userId);
      return { checkin: this.checkinDto(event, inserted, false), created: true };
    }
    // Lost a race with the same person's other request, or the nonce arrived twice at once.
    const winner = (await this.events.findCheckin(null, event.id, checkin.userId, checkin.day)) ?? (checkin.nonce ? await this.events.findCheckinByNonce(null, event.id, checkin.nonce) : null);
    if (!winner && (await this.events.isCancelled(event.id))) throw errors.eventCancelled(); // cancelled meanwhile
    if (!winner) throw errors.eventNonceReused();
    return { checkin: this.checkinDto(event, winner, true), created: false };
  }

  // ── Walk-ins, offline room mode, closing ─────────────────────────────────────────────────────────────────────────

  /**
   * Someone in the hall who was not invited: found by phone when already a worker of the caller's scope, else made a
   * PENDING worker for the region's admin to approve (as self-registration does); then on the roster and checked in.
   */
  async walkIn(user: AuthUser, id: string, body: WalkInRequest, meta: RequestMeta): Promise<WalkInDto> {
    const event = await this.managed(user, id);
    refuseIfCancelled(event);
    if (event.closedAt) throw errors.eventClosed();
    const days = await this.events.daysOf([event.id]);
    const day = days.find((d) => d.day === body.day);
    if (!day) throw errors.eventDayNotFound();
    if (this.clock.now().getTime() < day.startsAt.getTime() - TRAINER_EARLY_MS) throw errors.eventDayNotStarted();
    const { workerId, pending } = await this.walkInAccount(user, event, body);
    await this.events.transaction(async (manager) => {
      refuseIfCancelled(await this.events.lockEvent(manager, event.id));
      await this.events.addWalkIn(manager, event.id, workerId);
      await this.audit.recordWithin(manager, { action: AuditAction.EVENT_WALK_IN, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: { workerId, pending } });
    });
    const outcome = await this.tick(user, event, days, { workerId, day: body.day, nonce: body.nonce });
    return { workerId, pending, checkin: outcome.checkin };
  }

  private async walkInAccount(user: AuthUser, event: EventRow, body: WalkInRequest): Promise<{ workerId: string; pending: boolean }> {
    const name = normalizePersonName(body.name);
    if (!name) throw errors.eventWalkInInvalid('Nama tidak valid.', 'name');
    const phone = normalizePhone(body.phone);
    if (!phone) throw errors.eventWalkInInvalid('Nomor HP tidak valid.', 'phone');
    const level = await this.regions.levelOf(body.regionCode);
    if (!level || level === RegionLevel.PROVINCE || !inScope(body.regionCode, { all: false, code: event.regionCode }) || !inScope(body.regionCode, scopeOf(user))) {
      throw errors.eventWalkInInvalid('Wilayah peserta harus kabupaten/kota atau kecamatan di wilayah kegiatan.', 'regionCode');
    }
    // Unguessable and never told: the walk-in signs in after the admin approves and gives an activation code.
    const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
    const created = await this.users.registerPending({ name, phone, email: null, role: Role.PESERTA, pillar: body.pillar, regionCode: body.regionCode }, passwordHash);
    if (created) return { workerId: created, pending: true };
    const [existing] = await this.users.findByPhones([phone]);
    const usable = existing && existing.role === Role.PESERTA && existing.regionCode !== null && inScope(existing.regionCode, scopeOf(user));
    if (!usable) throw errors.eventWalkInTaken();
    return { workerId: existing.id, pending: false };
  }

  /** The key that verifies this event's personal QR codes on the trainer's page while offline. */
  async roomKey(user: AuthUser, id: string): Promise<RoomKeyDto> {
    const event = await this.managed(user, id);
    return { key: (await this.roomKeyOf(event.id)).toString('base64url'), prefix: QR_PREFIX };
  }

  /** A worker's personal QR for this event (shown to the trainer in offline room mode). */
  async personalQr(user: AuthUser, id: string): Promise<PersonalQrDto> {
    const event = UUID.test(id) ? await this.events.findForParticipant(id, user.id) : null;
    if (!event) throw errors.eventNotFound();
    if (event.status === ParticipantStatus.WAITLISTED) throw errors.eventWaitlisted();
    const payload = personalQrPayload(await this.roomKeyOf(event.id), event.id, user.id);
    return { payload, svg: await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
  }

  /** Closing freezes attendance: no check-in, tick, batch or walk-in is accepted afterwards. */
  async close(user: AuthUser, id: string, meta: RequestMeta): Promise<ClosedEventDto> {
    const event = await this.managed(user, id);
    refuseIfCancelled(event);
    const closedAt = this.clock.now();
    const closed = await this.events.transaction(async (manager) => {
      refuseIfCancelled(await this.events.lockEvent(manager, event.id));
      const done = await this.events.close(manager, event.id, closedAt);
      if (done) await this.audit.recordWithin(manager, { action: AuditAction.EVENT_CLOSE, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip });
      return done;
    });
    return { closedAt: closed ? closedAt : (event.closedAt ?? closedAt) };
  }

  /**
   * The trainer opens the linked course's pre-test or post-test for the room (or closes it): the participants' event
   * page then points them to the test, which they take as any test; the results show on the roster.
   */
  async setRoomTest(user: AuthUser, id: string, test: 'pretest' | 'posttest' | 'none', meta: RequestMeta): Promise<RoomTestDto> {
    const event = await this.managed(user, id);
    refuseIfCancelled(event);
    if (event.closedAt) throw errors.eventClosed();
    const openTest = test === 'none' ? null : test;
    await this.events.setOpenTest(event.id, openTest);
    await this.audit.record({ action: AuditAction.EVENT_ROOM_TEST, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: { test } });
    return { openTest };
  }

  /**
   * Calls off an event that has not ended and has no attendance (a hall booking fell through, a budget was cut): it
   * stays in every list, marked cancelled with its reason, and nothing more can be recorded on it. Checked again
   * under the event's lock, so a check-in arriving at the same moment either lands first (and the cancellation is
   * refused) or is refused itself.
   */
  async cancel(user: AuthUser, id: string, body: CancelEventRequest, meta: RequestMeta): Promise<CancelledEventDto> {
    const event = await this.managed(user, id);
    const reason = trimEnds(body.reason);
    if (reason.length < CANCEL_REASON_MIN || reason.length > CANCEL_REASON_MAX) throw errors.eventCancelReasonInvalid(CANCEL_REASON_MIN, CANCEL_REASON_MAX);
    const now = this.clock.now();
    const days = await this.events.daysOf([event.id]);
    await this.events.transaction(async (manager) => {
      const state = await this.events.lockEvent(manager, event.id);
      if (state.cancelledAt) throw errors.eventAlreadyCancelled();
      if (state.closedAt) throw errors.eventClosed();
      if (await this.events.hasCheckins(manager, event.id)) throw errors.eventHasAttendance();
      if (days.every((d) => d.endsAt <= now)) throw errors.eventEnded();
      await this.events.cancel(manager, event.id, { at: now, by: user.id, reason });
      await this.audit.recordWithin(manager, {
        action: AuditAction.EVENT_CANCEL,
        actor: user,
        targetType: 'event',
        targetId: event.id,
        regionCode: event.regionCode,
        ip: meta.ip,
        details: { title: event.title, reason },
      });
    });
    // Its invitees are no longer held by it for the course's completion (decision 029's gate).
    await this.attendance.completeReleased(event.courseId, (await this.events.rosterOf(null, event.id)).map((p) => p.userId));
    return { cancelledAt: now, cancelReason: reason };
  }

  private async roomKeyOf(eventId: string): Promise<Buffer> {
    return deriveRoomKey(await this.secrets.nikKey(), eventId);
  }

  // ── Report ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The event's paperwork as a workbook (`xlsx`) or a PDF (`pdf`): the same roster, attendance, results and JP. */
  async report(user: AuthUser, id: string, meta: RequestMeta, format: 'xlsx' | 'pdf' = 'xlsx'): Promise<{ filename: string; body: Buffer }> {
    const event = await this.managed(user, id);
    const [dto] = await this.toDtos([event]);
    const roster = await this.rosterWithAttendance(event);
    const checkins = await this.events.checkinsOf(event.id);
    const zone = zoneNamed(event.timeZone);
    const times = new Map(checkins.map((c) => [`${c.userId}:${c.day}`, localTime(c.checkedInAt, zone)]));
    const timeOf = (workerId: string, day: number) => times.get(`${workerId}:${day}`) ?? '';
    const cancellation = await this.cancellationOf(event);
    const body = format === 'pdf' ? await renderEventPdf(dto, roster, timeOf, cancellation) : await writeEventWorkbook(dto, roster, timeOf, cancellation);
    await this.audit.record({ action: AuditAction.EVENT_REPORT, actor: user, targetType: 'event', targetId: event.id, regionCode: event.regionCode, ip: meta.ip, details: { rows: roster.length, format } });
    return { filename: `daftar-hadir-${event.id.slice(0, 8)}.${format}`, body };
  }

  /** A cancelled event's paperwork says so: when (the event's local time), who (a name, never a NIK) and why. */
  private async cancellationOf(event: EventRow): Promise<ReportCancellation | null> {
    if (!event.cancelledAt) return null;
    const names = await this.users.namesOf(event.cancelledBy ? [event.cancelledBy] : []);
    return {
      at: localStamp(event.cancelledAt, zoneNamed(event.timeZone)),
      byName: (event.cancelledBy && names.get(event.cancelledBy)) || '-',
      reason: event.cancelReason ?? '-',
    };
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The roster in invitation order: those invited or confirmed, and anyone else who checked in. */
  private async rosterWithAttendance(event: EventRow): Promise<ParticipantDto[]> {
    const roster = await this.events.rosterOf(null, event.id);
    const days = await this.events.daysOf([event.id]);
    const attended = new Map<string, number[]>();
    for (const c of await this.events.checkinsOf(event.id)) attended.set(c.userId, [...(attended.get(c.userId) ?? []), c.day]);
    const shown = roster.filter((p) => ON_ROSTER.includes(p.status) || attended.has(p.userId));
    const names = await this.users.namesOf(shown.map((p) => p.userId));
    const scores = event.courseId ? await this.enrollments.testScores(event.courseId, shown.map((p) => p.userId)) : new Map<string, { pretest: number | null; posttest: number | null }>();
    return shown.map((p) => {
      const daysAttended = (attended.get(p.userId) ?? []).sort((a, b) => a - b);
      const { pretest = null, posttest = null } = scores.get(p.userId) ?? {};
      return {
        pretest,
        posttest,
        gain: pretest !== null && posttest !== null ? Math.round((posttest - pretest) * 10) / 10 : null,
        position: p.position,
        workerId: p.userId,
        name: names.get(p.userId) ?? '',
        status: p.status,
        attendedDays: daysAttended,
        jp: jpOf(attendedMinutes(days, daysAttended)),
      };
    });
  }

  /** An event the caller may read: a worker on its roster, or staff whose scope holds its region. 404 otherwise. */
  private async visible(user: AuthUser, id: string): Promise<EventRow> {
    if (!UUID.test(id)) throw errors.eventNotFound();
    const event = user.role === Role.PESERTA ? await this.events.findForParticipant(id, user.id) : await this.events.findInScope(id, scopeOf(user));
    if (!event) throw errors.eventNotFound();
    return event;
  }

  /** An event the caller runs: an admin whose scope holds it, or one of its trainers. */
  private async managed(user: AuthUser, id: string): Promise<EventRow> {
    const event = await this.visible(user, id);
    if (!ADMINS.includes(user.role) && !event.trainerIds.includes(user.id)) throw errors.eventNotTrainer();
    return event;
  }

  private async courseIdOf(slug: string, field: string): Promise<string> {
    try {
      return (await this.courses.resolveVersion(slug)).courseId;
    } catch {
      throw errors.eventCourseNotFound(field);
    }
  }

  /**
   * The creator (when a PELATIH) and the named trainers: each a PELATIH inside the creator's scope whose own scope holds
   * the event's region (so the trainer can see the event they run).
   */
  private async trainersOf(user: AuthUser, regionCode: string, named: string[]): Promise<string[]> {
    const scope = scopeOf(user);
    for (const id of named) {
      const trainer = await this.users.findById(id);
      const fits = trainer && trainer.role === Role.PELATIH && inScope(trainer.regionCode, scope) && inScope(regionCode, scopeOf(trainer));
      if (!fits) throw errors.eventWorkerNotFound('trainerIds');
    }
    return [...new Set([...(user.role === Role.PELATIH ? [user.id] : []), ...named])];
  }

  /** Picked workers: each must be an active or invited PESERTA inside the caller's scope, or the whole request is refused. */
  private async pickedWorkers(user: AuthUser, ids: string[]): Promise<string[]> {
    const scope = scopeOf(user);
    for (const id of ids) {
      const worker = await this.users.findById(id);
      const usable = worker && worker.role === Role.PESERTA && USABLE_STATUSES.includes(worker.status) && inScope(worker.regionCode, scope);
      if (!usable) throw errors.eventWorkerNotFound();
    }
    return ids;
  }

  /** Workers by pillar and region (default: the event's pillars, the event's region), inside the caller's scope. */
  private async workersByCriteria(user: AuthUser, event: EventRow, body: InviteRequest): Promise<string[]> {
    if (!body.pillar && !body.regionCode) return [];
    const region = body.regionCode ?? event.regionCode;
    if (!inScope(region, scopeOf(user))) throw errors.eventRegionNotFound();
    const pillars = body.pillar ? [body.pillar] : event.pillars.length ? (event.pillars as Pillar[]) : Object.values(Pillar);
    const scope: RegionScope = { all: false, code: region };
    return this.users.workerIdsIn({ pillars, scope });
  }

  private async checkinKey(): Promise<Buffer> {
    this.key ??= this.secrets.nikKey().then(deriveCheckinKey);
    return this.key;
  }

  private checkinDto(event: EventRow, row: CheckinRow, alreadyRecorded: boolean): CheckinDto {
    return {
      id: row.id,
      eventId: row.eventId,
      workerId: row.userId,
      day: row.day,
      method: row.method,
      checkedInAt: row.checkedInAt,
      localTime: localStamp(row.checkedInAt, zoneNamed(event.timeZone)),
      alreadyRecorded,
      message: alreadyRecorded ? 'Sudah tercatat: presensi hari ini sudah ada.' : 'Presensi tercatat.',
    };
  }

  private async toDtos(rows: EventRow[]): Promise<EventDto[]> {
    const ids = rows.map((r) => r.id);
    const [days, counts, names] = await Promise.all([this.events.daysOf(ids), this.events.rosterCounts(ids), this.regions.namesOf([...new Set(rows.map((r) => r.regionCode))])]);
    return rows.map((row) => {
      const zone = zoneNamed(row.timeZone);
      const own = days.filter((d) => d.eventId === row.id).map((d): EventDayDto => ({
        day: d.day,
        date: d.date,
        start: localTime(d.startsAt, zone),
        end: localTime(d.endsAt, zone),
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        agenda: d.agenda,
        learningMinutes: d.learningMinutes,
        jp: jpOf(d.learningMinutes),
      }));
      const learningMinutes = own.reduce((sum, d) => sum + d.learningMinutes, 0);
      return {
        id: row.id,
        title: row.title,
        regionCode: row.regionCode,
        regionName: names.get(row.regionCode) ?? row.regionCode,
        venue: row.venue,
        timeZone: row.timeZone,
        zone: zone.label,
        courseId: row.courseId,
        capacity: row.capacity,
        pillars: row.pillars as Pillar[],
        trainerIds: row.trainerIds,
        days: own,
        learningMinutes,
        jp: jpOf(learningMinutes),
        invited: counts.get(row.id)?.invited ?? 0,
        waitlisted: counts.get(row.id)?.waitlisted ?? 0,
        closedAt: row.closedAt,
        cancelledAt: row.cancelledAt,
        cancelReason: row.cancelReason,
        openTest: row.openTest,
        testCourse: own.flatMap((d) => d.agenda).find((item) => item.kind === 'test' && item.course)?.course ?? null,
      };
    });
  }
}

/** Nothing more is recorded on a cancelled event: check-ins, ticks, walk-ins, invitations, answers, closing. */
function refuseIfCancelled(event: { cancelledAt: Date | null }): void {
  if (event.cancelledAt) throw errors.eventCancelled();
}

/** The day whose hours hold `now`, if any. */
export function dayInSession(days: DayRow[], now: Date): DayRow | undefined {
  return days.find((d) => d.startsAt <= now && now <= d.endsAt);
}

/** Learning minutes of the days attended: a JP counts only the agenda of days the worker was present. */
export function attendedMinutes(days: { day: number; learningMinutes: number }[], attended: number[]): number {
  return days.filter((d) => attended.includes(d.day)).reduce((sum, d) => sum + d.learningMinutes, 0);
}
