import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { rowsOf } from '../common/sql';
import { AttemptsService } from './attempts.service';
import { EnrollmentsService } from './enrollments.service';
import { SyncEventDto, type SyncResultDto } from './learning.dto';

/** Marks a refusal that belongs to one event (a bad shape, a rule), not to the batch. */
class EventRefused extends HttpException {}

/**
 * The offline queue's way in: events applied in order, each in its own transaction and answered on its own.
 * An event that took effect is remembered by its id (sync_events), so a replayed batch answers "duplicate" with the
 * first result and changes nothing; a refused event changes nothing and is judged anew if sent again.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger('Sync');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enrollments: EnrollmentsService,
    private readonly attempts: AttemptsService,
  ) {}

  async sync(user: AuthUser, events: unknown[]): Promise<SyncResultDto[]> {
    const results: SyncResultDto[] = [];
    for (const [index, raw] of events.entries()) {
      const label = typeof (raw as { id?: unknown })?.id === 'string' ? String((raw as { id: string }).id).slice(0, 100) : `#${index}`;
      try {
        const event = await this.check(raw);
        results.push(await this.apply(user, event));
      } catch (error) {
        if (error instanceof HttpException && error.getStatus() < 500) {
          const body = error.getResponse();
          const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
          results.push({ id: label, status: 'rejected', statusCode: error.getStatus(), message });
        } else {
          this.logger.error(`sync event ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
          results.push({ id: label, status: 'rejected', statusCode: 500, message: 'Terjadi kesalahan pada server. Kirim ulang nanti.' });
        }
      }
    }
    return results;
  }

  private async check(raw: unknown): Promise<SyncEventDto> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EventRefused('Peristiwa harus berupa objek.', HttpStatus.BAD_REQUEST);
    const event = plainToInstance(SyncEventDto, raw);
    const errors = await validate(event, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new EventRefused(messagesOf(errors).join('; '), HttpStatus.BAD_REQUEST);
    if (event.type === 'lesson.finished' && !event.lessonId) throw new EventRefused('lesson.finished memerlukan lessonId.', HttpStatus.BAD_REQUEST);
    if (event.type === 'attempt.submitted' && (!event.attemptId || !event.answers)) {
      throw new EventRefused('attempt.submitted memerlukan attemptId dan answers.', HttpStatus.BAD_REQUEST);
    }
    return event;
  }

  private apply(user: AuthUser, event: SyncEventDto): Promise<SyncResultDto> {
    return this.db.transaction(async (tx) => {
      // The id is claimed first: a concurrent replay of the same event waits here for this one to commit.
      const claimed = await rowsOf(
        tx,
        `INSERT INTO sync_events (user_id, event_id, type, enrollment_id, status_code, client_at) VALUES ($1, $2, $3, $4, 0, $5)
         ON CONFLICT (user_id, event_id) DO NOTHING RETURNING 1`,
        [user.id, event.id, event.type, event.enrollmentId, new Date(event.at)],
      );
      if (claimed.length === 0) {
        const [first] = await rowsOf<{ status_code: number; result: unknown }>(tx, `SELECT status_code, result FROM sync_events WHERE user_id = $1 AND event_id = $2`, [
          user.id,
          event.id,
        ]);
        return { id: event.id, status: 'duplicate', statusCode: first.status_code, result: first.result };
      }
      const clientAt = new Date(event.at);
      let statusCode = HttpStatus.OK;
      let duplicate = false;
      let result: unknown;
      if (event.type === 'lesson.finished') {
        result = await this.enrollments.finishLesson(user, event.enrollmentId, event.lessonId!, clientAt, tx);
      } else {
        const submitted = await this.attempts.submit(user, event.attemptId!, event.answers!, { clientAt, enrollmentId: event.enrollmentId }, tx);
        duplicate = submitted.duplicate;
        result = submitted.result;
        statusCode = HttpStatus.OK;
      }
      await tx.query(`UPDATE sync_events SET status_code = $3, result = $4::json WHERE user_id = $1 AND event_id = $2`, [
        user.id,
        event.id,
        statusCode,
        JSON.stringify(result),
      ]);
      return { id: event.id, status: duplicate ? 'duplicate' : 'applied', statusCode, result };
    });
  }
}

function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.entries(error.constraints ?? {}).map(([rule, message]) => (rule === 'whitelistValidation' ? `Kolom "${error.property}" tidak dikenal: hapus kolom itu.` : message)),
    ...messagesOf(error.children ?? []),
  ]);
}
