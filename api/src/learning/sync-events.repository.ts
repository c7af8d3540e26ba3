import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';

export interface ClaimedEvent {
  userId: string;
  eventId: string;
  type: string;
  enrollmentId: string;
  clientAt: Date;
}

/** Every statement on `sync_events`: the offline events that took effect, by their device-made id. */
@Injectable()
export class SyncEventsRepository {
  /**
   * Claims an event id for the user; false when it was claimed before. A concurrent claim of the same id waits here
   * until the first one's transaction ends.
   */
  async claim(manager: EntityManager, event: ClaimedEvent): Promise<boolean> {
    const claimed = await rowsOf(
      manager,
      `INSERT INTO sync_events (user_id, event_id, type, enrollment_id, status_code, client_at) VALUES ($1, $2, $3, $4, 0, LEAST($5::timestamptz, now()))
       ON CONFLICT (user_id, event_id) DO NOTHING RETURNING 1`,
      [event.userId, event.eventId, event.type, event.enrollmentId, event.clientAt],
    );
    return claimed.length > 0;
  }

  /** The answer the event got when it first took effect. */
  async firstResult(manager: EntityManager, userId: string, eventId: string): Promise<{ status_code: number; result: unknown }> {
    const [first] = await rowsOf<{ status_code: number; result: unknown }>(manager, `SELECT status_code, result FROM sync_events WHERE user_id = $1 AND event_id = $2`, [
      userId,
      eventId,
    ]);
    return first;
  }

  async recordResult(manager: EntityManager, userId: string, eventId: string, statusCode: number, result: unknown): Promise<void> {
    await rowsOf(manager, `UPDATE sync_events SET status_code = $3, result = $4::json WHERE user_id = $1 AND event_id = $2`, [
      userId,
      eventId,
      statusCode,
      JSON.stringify(result),
    ]);
  }
}
