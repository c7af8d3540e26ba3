import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { ApiError, genericCode, type FieldProblem } from '../common/api-error';
import { AttemptsService } from './attempts.service';
import { EnrollmentsService } from './enrollments.service';
import { SyncEventDto, type SyncResultDto } from './learning.dto';
import { SyncEventsRepository } from './sync-events.repository';
import { readingClaim } from './lesson-reading';

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
    private readonly events: SyncEventsRepository,
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
        results.push(this.rejection(label, error));
      }
    }
    return results;
  }

  /** A refused event's answer: the refusal's status, code and message; a crash stays in the log. */
  private rejection(label: string, error: unknown): SyncResultDto {
    if (error instanceof HttpException && error.getStatus() < 500) {
      const statusCode = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      return { id: label, status: 'rejected', statusCode, code: error instanceof ApiError ? error.code : genericCode(statusCode), message };
    }
    this.logger.error(`sync event ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    return { id: label, status: 'rejected', statusCode: 500, code: 'INTERNAL_ERROR', message: 'Terjadi kesalahan pada server. Kirim ulang nanti.' };
  }

  /** The event, or VALIDATION_FAILED (with its fields) when its shape is wrong. */
  private async check(raw: unknown): Promise<SyncEventDto> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw eventInvalid('Peristiwa harus berupa objek.');
    const event = plainToInstance(SyncEventDto, raw);
    const errors = await validate(event, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const problems = fieldProblems(errors);
      throw eventInvalid(problems.map((problem) => problem.message).join('; '), problems);
    }
    if (event.type === 'lesson.finished' && !event.lessonId) throw eventInvalid('lesson.finished memerlukan lessonId.', missing(['lessonId']));
    if (event.type === 'attempt.submitted' && (!event.attemptId || !event.answers)) {
      const absent = (['attemptId', 'answers'] as const).filter((field) => !event[field]);
      throw eventInvalid('attempt.submitted memerlukan attemptId dan answers.', missing(absent));
    }
    return event;
  }

  private apply(user: AuthUser, event: SyncEventDto): Promise<SyncResultDto> {
    return this.db.transaction(async (tx) => {
      const clientAt = new Date(event.at);
      // The id is claimed first: a concurrent replay of the same event waits here for this one to commit.
      const claimed = await this.events.claim(tx, { userId: user.id, eventId: event.id, type: event.type, enrollmentId: event.enrollmentId, clientAt });
      if (!claimed) {
        const first = await this.events.firstResult(tx, user.id, event.id);
        return { id: event.id, status: 'duplicate', statusCode: first.status_code, result: first.result };
      }
      const { duplicate, result } =
        event.type === 'lesson.finished'
          ? { duplicate: false, result: await this.enrollments.finishLessonIn(tx, user, event.enrollmentId, event.lessonId!, clientAt, readingClaim(event)) }
          : await this.attempts.submitIn(tx, user, event.attemptId!, event.answers!, { clientAt, enrollmentId: event.enrollmentId });
      const statusCode = HttpStatus.OK;
      await this.events.recordResult(tx, user.id, event.id, statusCode, result);
      return { id: event.id, status: duplicate ? 'duplicate' : 'applied', statusCode, result };
    });
  }
}

/** An event of the wrong shape: refused alone, as VALIDATION_FAILED like a refused request body. */
function eventInvalid(message: string, fields?: FieldProblem[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, fields);
}

function missing(fields: readonly string[]): FieldProblem[] {
  return fields.map((field) => ({ field, code: 'IS_DEFINED', message: `${field} wajib diisi.` }));
}

/** One entry per failing property (nested ones as dotted paths); an unknown field says to remove it. */
function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation'
        ? { field, code: 'UNKNOWN_FIELD', message: `Kolom "${error.property}" tidak dikenal: hapus kolom itu.` }
        : { field, code: rule.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(), message },
    );
    return [...own, ...fieldProblems(error.children ?? [], `${field}.`)];
  });
}
