import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CoursesService } from '../courses/courses.service';
import { CompletionService } from '../learning/completion';
import { EnrollmentsService } from '../learning/enrollments.service';
import { RegionsService } from '../regions/regions.service';
import { UsersService } from '../users/users.service';
import { CourseAttendanceRow, EventsRepository } from './events.repository';
import { jpOf } from './jp';

/** "Attended enough" for completion (decision 029): checked in on at least this many days of the course's event. */
export const MIN_ATTENDED_DAYS = 1;

/** The event a certificate names, with the JP of the agenda days the holder attended (rule of decision 020). */
export interface EventOnCertificate {
  eventId: string;
  title: string;
  venue: string;
  regionName: string;
  firstDate: string;
  lastDate: string;
  attendedDays: number;
  totalDays: number;
  attendedMinutes: number;
  /** The JP the holder earned: jpOf(attended learning minutes). */
  jp: number;
  /** The JP of the whole agenda. */
  totalJp: number;
}

const attendedEnough = (row: CourseAttendanceRow) => row.attendedDays >= MIN_ATTENDED_DAYS;

/**
 * Attendance of course-linked events as the rest of the product needs it (decision 029): completion's gate, the
 * completion check after a check-in, and the event with its JP on the certificate.
 */
@Injectable()
export class EventAttendance {
  private readonly logger = new Logger('EventAttendance');

  constructor(
    private readonly events: EventsRepository,
    private readonly courses: CoursesService,
    private readonly enrollments: EnrollmentsService,
    private readonly completion: CompletionService,
    private readonly users: UsersService,
    private readonly regions: RegionsService,
  ) {}

  /**
   * Completion's gate: an enrollment whose worker is on an event of the course (invited, confirmed or checked in)
   * completes only when they attended one of those events enough. A worker on no such event is not held back.
   */
  async gateAllows(manager: EntityManager, enrollment: { versionId: string; userId: string }): Promise<boolean> {
    const { courseId } = await this.courses.version(manager, enrollment.versionId);
    const events = await this.events.courseAttendanceOf(manager, enrollment.userId, courseId);
    return events.length === 0 || events.some(attendedEnough);
  }

  /**
   * A new check-in may be what a passed post-test waited for: complete the worker's enrollment in the event's course
   * if it is now ready (the learning domain decides, under the enrollment's lock), as a passing task review does.
   */
  async completeAfterCheckin(courseId: string | null, userId: string): Promise<void> {
    if (!courseId) return;
    const enrollment = await this.enrollments.currentIn({ id: userId }, courseId);
    if (!enrollment) return;
    const worker = await this.users.findById(userId);
    if (!worker) return;
    await this.events.transaction((manager) =>
      this.completion.completeIfReady(manager, { id: worker.id, regionCode: worker.regionCode, pillar: worker.pillar }, enrollment.id),
    );
  }

  /**
   * A cancelled event no longer holds its invitees (the gate skips it): those whose passed post-test waited only for
   * it complete now. One at a time, each under its enrollment's lock, as after a check-in.
   */
  async completeReleased(courseId: string | null, userIds: string[]): Promise<void> {
    if (!courseId) return;
    for (const userId of userIds) {
      try {
        await this.completeAfterCheckin(courseId, userId);
      } catch (error) {
        // The cancellation is already committed: one worker's failure must not hide it or stop the others.
        this.logger.error(`Completion after a cancelled event failed for worker ${userId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** The attended event of a course a certificate names: the one with the most attended minutes (latest on a tie). */
  async certificateEvent(userId: string, courseId: string): Promise<EventOnCertificate | null> {
    const attended = (await this.events.courseAttendanceOf(null, userId, courseId)).filter(attendedEnough);
    if (attended.length === 0) return null;
    const best = attended.reduce((a, b) => (b.attendedMinutes > a.attendedMinutes ? b : a));
    const names = await this.regions.namesOf([best.regionCode]);
    return {
      eventId: best.eventId,
      title: best.title,
      venue: best.venue,
      regionName: names.get(best.regionCode) ?? best.regionCode,
      firstDate: best.firstDate,
      lastDate: best.lastDate,
      attendedDays: best.attendedDays,
      totalDays: best.totalDays,
      attendedMinutes: best.attendedMinutes,
      jp: jpOf(best.attendedMinutes),
      totalJp: jpOf(best.totalMinutes),
    };
  }
}
