import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql, type RegionScope } from '../auth/region-scope';
import { rowsOf } from '../common/sql';
import type { AgendaItem } from './entities/event-day.entity';
import { CheckinMethod } from './entities/event-checkin.entity';
import { ParticipantStatus } from './entities/event-participant.entity';

export interface EventRow {
  id: string;
  title: string;
  regionCode: string;
  venue: string;
  timeZone: string;
  courseId: string | null;
  capacity: number | null;
  pillars: string[];
  trainerIds: string[];
  createdBy: string;
  closedAt: Date | null;
  openTest: 'pretest' | 'posttest' | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

export type NewEvent = Omit<EventRow, 'id' | 'closedAt' | 'openTest' | 'cancelledAt' | 'cancelledBy' | 'cancelReason'>;

/** The event's state as read under its row lock. */
export interface LockedEvent {
  closedAt: Date | null;
  cancelledAt: Date | null;
}

export interface DayRow {
  eventId: string;
  day: number;
  date: string;
  startsAt: Date;
  endsAt: Date;
  agenda: AgendaItem[];
  learningMinutes: number;
}

export interface ParticipantRow {
  eventId: string;
  userId: string;
  position: number;
  status: ParticipantStatus;
}

export interface CheckinRow {
  id: string;
  eventId: string;
  userId: string;
  day: number;
  method: CheckinMethod;
  nonce: string | null;
  recordedBy: string;
  checkedInAt: Date;
}

export type NewCheckin = Omit<CheckinRow, 'id'>;

/** A worker's attendance at one event of a course: the days they checked in on and those days' learning minutes. */
export interface CourseAttendanceRow {
  eventId: string;
  title: string;
  venue: string;
  regionCode: string;
  firstDate: string;
  lastDate: string;
  totalDays: number;
  attendedDays: number;
  attendedMinutes: number;
  totalMinutes: number;
}

/** A worker's attendance at one event (the reports' "events attended" list). */
export interface AttendanceRow {
  userId: string;
  eventId: string;
  title: string;
  regionCode: string;
  courseId: string | null;
  attendedDays: number;
  totalDays: number;
  firstCheckinAt: Date;
}

const EVENT_COLUMNS = `e.id, e.title, e.region_code AS "regionCode", e.venue, e.time_zone AS "timeZone", e.course_id AS "courseId",
  e.capacity, e.pillars, e.trainer_ids AS "trainerIds", e.created_by AS "createdBy",
  e.closed_at AS "closedAt", e.open_test AS "openTest", e.cancelled_at AS "cancelledAt", e.cancelled_by AS "cancelledBy",
  e.cancel_reason AS "cancelReason"`;
const CHECKIN_COLUMNS = `id, event_id AS "eventId", user_id AS "userId", day, method, nonce, recorded_by AS "recordedBy", checked_in_at AS "checkedInAt"`;

/** Every SQL statement on the events domain's tables (events, event_days, event_participants, event_checkins). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertEvent(manager: EntityManager, event: NewEvent, days: Omit<DayRow, 'eventId'>[]): Promise<string> {
    const [{ id }] = await rowsOf<{ id: string }>(
      manager,
      `INSERT INTO events (title, region_code, venue, time_zone, course_id, capacity, pillars, trainer_ids, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [event.title, event.regionCode, event.venue, event.timeZone, event.courseId, event.capacity, event.pillars, event.trainerIds, event.createdBy],
    );
    await manager.query(
      `INSERT INTO event_days (event_id, day, date, starts_at, ends_at, agenda, learning_minutes)
       SELECT $1, d.day, d.date, d.starts_at, d.ends_at, d.agenda, d.learning_minutes
         FROM unnest($2::smallint[], $3::date[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[], $7::int[])
              AS d(day, date, starts_at, ends_at, agenda, learning_minutes)`,
      [
        id,
        days.map((d) => d.day),
        days.map((d) => d.date),
        days.map((d) => d.startsAt),
        days.map((d) => d.endsAt),
        days.map((d) => JSON.stringify(d.agenda)),
        days.map((d) => d.learningMinutes),
      ],
    );
    return id;
  }

  /** The event when its region is inside the scope; null otherwise (the caller answers 404 either way). */
  async findInScope(id: string, scope: RegionScope): Promise<EventRow | null> {
    const params: unknown[] = [id];
    const [row] = await rowsOf<EventRow>(this.db, `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 AND ${scopeSql('e.region_code', scope, params)}`, params);
    return row ?? null;
  }

  /** The event when this worker is on its roster (any status), with the worker's status. */
  async findForParticipant(id: string, userId: string): Promise<(EventRow & { status: ParticipantStatus }) | null> {
    const [row] = await rowsOf<EventRow & { status: ParticipantStatus }>(
      this.db,
      `SELECT ${EVENT_COLUMNS}, p.status FROM events e JOIN event_participants p ON p.event_id = e.id AND p.user_id = $2 WHERE e.id = $1`,
      [id, userId],
    );
    return row ?? null;
  }

  async list(scope: RegionScope, region: string | null, page: number, pageSize: number): Promise<{ rows: EventRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scopeSql('e.region_code', scope, params)];
    if (region) where.push(scopeSql('e.region_code', { all: false, code: region }, params));
    const condition = where.join(' AND ');
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM events e WHERE ${condition}`, params);
    const rows = await rowsOf<EventRow>(
      this.db,
      `SELECT ${EVENT_COLUMNS} FROM events e
        WHERE ${condition}
        ORDER BY (SELECT min(d.starts_at) FROM event_days d WHERE d.event_id = e.id) DESC, e.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Events this worker is on the roster of, soonest last day first, with the worker's status. */
  async eventsOfWorker(userId: string): Promise<(EventRow & { status: ParticipantStatus })[]> {
    return rowsOf<EventRow & { status: ParticipantStatus }>(
      this.db,
      `SELECT ${EVENT_COLUMNS}, p.status FROM events e JOIN event_participants p ON p.event_id = e.id
        WHERE p.user_id = $1
        ORDER BY (SELECT min(d.starts_at) FROM event_days d WHERE d.event_id = e.id) DESC, e.id
        LIMIT 200`,
      [userId],
    );
  }

  async daysOf(eventIds: string[]): Promise<DayRow[]> {
    if (eventIds.length === 0) return [];
    return rowsOf<DayRow>(
      this.db,
      `SELECT event_id AS "eventId", day, to_char(date, 'YYYY-MM-DD') AS date, starts_at AS "startsAt", ends_at AS "endsAt", agenda,
              learning_minutes AS "learningMinutes"
         FROM event_days WHERE event_id = ANY($1::uuid[]) ORDER BY event_id, day`,
      [eventIds],
    );
  }

  async rosterCounts(eventIds: string[]): Promise<Map<string, { invited: number; waitlisted: number }>> {
    if (eventIds.length === 0) return new Map();
    const rows = await rowsOf<{ eventId: string; invited: number; waitlisted: number }>(
      this.db,
      `SELECT event_id AS "eventId", count(*) FILTER (WHERE status IN ('INVITED', 'CONFIRMED'))::int AS invited,
              count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waitlisted
         FROM event_participants WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
      [eventIds],
    );
    return new Map(rows.map((row) => [row.eventId, { invited: row.invited, waitlisted: row.waitlisted }]));
  }

  /**
   * Serialises invitations, responses, walk-ins and cancellation of one event (capacity is counted under this lock),
   * and answers its state as it is now.
   */
  async lockEvent(manager: EntityManager, eventId: string): Promise<LockedEvent> {
    const [row] = await rowsOf<LockedEvent>(manager, `SELECT closed_at AS "closedAt", cancelled_at AS "cancelledAt" FROM events WHERE id = $1 FOR UPDATE`, [eventId]);
    return row ?? { closedAt: null, cancelledAt: null };
  }

  /** Whether anyone checked in on any day of the event. */
  async hasCheckins(manager: EntityManager, eventId: string): Promise<boolean> {
    const [row] = await rowsOf<{ found: boolean }>(manager, `SELECT EXISTS (SELECT 1 FROM event_checkins WHERE event_id = $1) AS found`, [eventId]);
    return row.found;
  }

  async isCancelled(eventId: string): Promise<boolean> {
    const [row] = await rowsOf<{ cancelled: boolean }>(this.db, `SELECT cancelled_at IS NOT NULL AS cancelled FROM events WHERE id = $1`, [eventId]);
    return row?.cancelled ?? false;
  }

  /** Cancels the event once (call under its lock); false when it was already cancelled. */
  async cancel(manager: EntityManager, eventId: string, cancellation: { at: Date; by: string; reason: string }): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(
      manager,
      `UPDATE events SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4 WHERE id = $1 AND cancelled_at IS NULL RETURNING id`,
      [eventId, cancellation.at, cancellation.by, cancellation.reason],
    );
    return rows.length > 0;
  }

  async rosterOf(manager: EntityManager | null, eventId: string): Promise<ParticipantRow[]> {
    return rowsOf<ParticipantRow>(
      manager ?? this.db,
      `SELECT event_id AS "eventId", user_id AS "userId", position, status FROM event_participants WHERE event_id = $1 ORDER BY position`,
      [eventId],
    );
  }

  async insertParticipants(manager: EntityManager, eventId: string, rows: { userId: string; position: number; status: ParticipantStatus }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO event_participants (event_id, user_id, position, status)
       SELECT $1, r.user_id, r.position, r.status::event_participant_status
         FROM unnest($2::uuid[], $3::int[], $4::text[]) AS r(user_id, position, status)
       ON CONFLICT DO NOTHING`,
      [eventId, rows.map((r) => r.userId), rows.map((r) => r.position), rows.map((r) => r.status)],
    );
  }

  /** A walk-in joins the roster at its end, confirmed (capacity does not turn away someone already in the hall). */
  async addWalkIn(manager: EntityManager, eventId: string, userId: string): Promise<void> {
    await manager.query(
      `INSERT INTO event_participants (event_id, user_id, position, status, responded_at)
       SELECT $1, $2, coalesce(max(position), 0) + 1, 'CONFIRMED', now() FROM event_participants WHERE event_id = $1
       ON CONFLICT (event_id, user_id) DO UPDATE SET status = 'CONFIRMED'`,
      [eventId, userId],
    );
  }

  async setOpenTest(eventId: string, test: 'pretest' | 'posttest' | null): Promise<void> {
    await this.db.query(`UPDATE events SET open_test = $2 WHERE id = $1`, [eventId, test]);
  }

  /** Closes the event once; false when it was already closed. */
  async close(manager: EntityManager, eventId: string, at: Date): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(manager, `UPDATE events SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL RETURNING id`, [eventId, at]);
    return rows.length > 0;
  }

  async setStatus(manager: EntityManager, eventId: string, userId: string, status: ParticipantStatus): Promise<void> {
    await manager.query(`UPDATE event_participants SET status = $3, responded_at = now() WHERE event_id = $1 AND user_id = $2`, [eventId, userId, status]);
  }

  async findParticipant(manager: EntityManager | null, eventId: string, userId: string): Promise<ParticipantRow | null> {
    const [row] = await rowsOf<ParticipantRow>(
      manager ?? this.db,
      `SELECT event_id AS "eventId", user_id AS "userId", position, status FROM event_participants WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    );
    return row ?? null;
  }

  /**
   * Inserts the check-in unless the person has one for the day (or the nonce was used), or the event was cancelled:
   * null then. The share lock on the event waits for a cancellation in progress (which holds the row for update), so
   * no check-in slips in after it counted none.
   */
  async insertCheckin(manager: EntityManager | null, checkin: NewCheckin): Promise<CheckinRow | null> {
    const [row] = await rowsOf<CheckinRow>(
      manager ?? this.db,
      `INSERT INTO event_checkins (event_id, user_id, day, method, nonce, recorded_by, checked_in_at)
       SELECT e.id, $2::uuid, $3::smallint, $4::event_checkin_method, $5::varchar, $6::uuid, $7::timestamptz FROM events e WHERE e.id = $1 AND e.cancelled_at IS NULL FOR SHARE
       ON CONFLICT DO NOTHING RETURNING ${CHECKIN_COLUMNS}`,
      [checkin.eventId, checkin.userId, checkin.day, checkin.method, checkin.nonce, checkin.recordedBy, checkin.checkedInAt],
    );
    return row ?? null;
  }

  async findCheckin(manager: EntityManager | null, eventId: string, userId: string, day: number): Promise<CheckinRow | null> {
    const [row] = await rowsOf<CheckinRow>(
      manager ?? this.db,
      `SELECT ${CHECKIN_COLUMNS} FROM event_checkins WHERE event_id = $1 AND user_id = $2 AND day = $3`,
      [eventId, userId, day],
    );
    return row ?? null;
  }

  async findCheckinByNonce(manager: EntityManager | null, eventId: string, nonce: string): Promise<CheckinRow | null> {
    const [row] = await rowsOf<CheckinRow>(manager ?? this.db, `SELECT ${CHECKIN_COLUMNS} FROM event_checkins WHERE event_id = $1 AND nonce = $2`, [eventId, nonce]);
    return row ?? null;
  }

  /** Every check-in of an event (or of one worker in it). */
  async checkinsOf(eventId: string, userId?: string): Promise<CheckinRow[]> {
    return rowsOf<CheckinRow>(
      this.db,
      `SELECT ${CHECKIN_COLUMNS} FROM event_checkins WHERE event_id = $1 ${userId ? 'AND user_id = $2' : ''} ORDER BY day, checked_in_at`,
      userId ? [eventId, userId] : [eventId],
    );
  }

  /**
   * Who attended events held in `scope` under `region` ('' = the scope): one row per worker and event with at least one
   * check-in, newest event first, with how many.
   */
  async attendancePage(scope: RegionScope, region: string, courseId: string | null, limit: number, offset: number): Promise<{ rows: AttendanceRow[]; total: number }> {
    const params: unknown[] = [region, `${region}.%`, courseId];
    const where = `($1 = '' OR e.region_code = $1 OR e.region_code LIKE $2) AND ($3::uuid IS NULL OR e.course_id = $3) AND ${scopeSql('e.region_code', scope, params)}`;
    const attended = `SELECT c.user_id, c.event_id, count(DISTINCT c.day)::int AS days, min(c.checked_in_at) AS first_at
                        FROM event_checkins c JOIN events e ON e.id = c.event_id WHERE ${where} GROUP BY c.user_id, c.event_id`;
    const [{ total }] = await rowsOf<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM (${attended}) a`, params);
    const rows = await rowsOf<AttendanceRow>(
      this.db,
      `SELECT a.user_id AS "userId", a.event_id AS "eventId", e.title, e.region_code AS "regionCode", e.course_id AS "courseId",
              a.days AS "attendedDays", (SELECT count(*)::int FROM event_days d WHERE d.event_id = e.id) AS "totalDays", a.first_at AS "firstCheckinAt"
         FROM (${attended}) a JOIN events e ON e.id = a.event_id
        ORDER BY a.first_at DESC, a.user_id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      params,
    );
    return { rows, total };
  }

  /** A worker's check-ins across events: eventId → attended days. */
  async attendedDaysOf(userId: string, eventIds: string[]): Promise<Map<string, number[]>> {
    if (eventIds.length === 0) return new Map();
    const rows = await rowsOf<{ eventId: string; days: number[] }>(
      this.db,
      `SELECT event_id AS "eventId", array_agg(day ORDER BY day)::int[] AS days FROM event_checkins
        WHERE user_id = $1 AND event_id = ANY($2::uuid[]) GROUP BY event_id`,
      [userId, eventIds],
    );
    return new Map(rows.map((row) => [row.eventId, row.days]));
  }

  /**
   * The events of a course that hold this worker: on the roster as invited or confirmed, or checked in at least once
   * (a walk-in is confirmed). A cancelled event holds nobody (and has no attendance). Read with the caller's
   * transaction when given (completion's gate).
   */
  async courseAttendanceOf(manager: EntityManager | null, userId: string, courseId: string): Promise<CourseAttendanceRow[]> {
    return rowsOf<CourseAttendanceRow>(
      manager ?? this.db,
      `SELECT e.id AS "eventId", e.title, e.venue, e.region_code AS "regionCode",
              to_char(min(d.date), 'YYYY-MM-DD') AS "firstDate", to_char(max(d.date), 'YYYY-MM-DD') AS "lastDate",
              count(*)::int AS "totalDays", count(c.id)::int AS "attendedDays",
              coalesce(sum(d.learning_minutes) FILTER (WHERE c.id IS NOT NULL), 0)::int AS "attendedMinutes",
              coalesce(sum(d.learning_minutes), 0)::int AS "totalMinutes"
         FROM events e
         JOIN event_participants p ON p.event_id = e.id AND p.user_id = $1
         JOIN event_days d ON d.event_id = e.id
         LEFT JOIN event_checkins c ON c.event_id = e.id AND c.user_id = $1 AND c.day = d.day
        WHERE e.course_id = $2 AND e.cancelled_at IS NULL
        GROUP BY e.id, p.status
       HAVING p.status IN ('INVITED', 'CONFIRMED') OR count(c.id) > 0
        ORDER BY min(d.date) DESC, e.id`,
      [userId, courseId],
    );
  }
}
