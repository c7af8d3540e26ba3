import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, catchError, from, mergeMap, of } from 'rxjs';
import { Readable } from 'node:stream';
import type { AuthRequest } from '../../auth/auth-context';
import { keyInvalid, keyPending, keyReused } from './idempotency.errors';
import { IdempotencyService } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that repeats the stored first response of a key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a duplicate waits for the first request of its key before answering 409. */
const WAIT_MS = 10_000;
const POLL_MS = 100;


/**
 * Contract 4: every write accepts an `Idempotency-Key`. The same key with the same request answers the first
 * response (status and body, marked `Idempotent-Replayed: true`); with another request, 422. Keys belong to the
 * signed-in caller and live 24 hours.
 *
 * The key is claimed in PostgreSQL before the handler runs, so duplicates racing each other never both run: the
 * later ones wait for the first to finish and replay its answer. Only successful answers are kept: an error leaves
 * nothing behind (a bad request changes nothing, so repeating it is safe). Not kept either: answers of anonymous
 * callers (sign-in answers carry tokens, and an anonymous key names no one), multipart uploads (a roster import is
 * idempotent by content), answers the route marks `Cache-Control: no-store` (secrets shown once, such as activation
 * codes) and answers that are not JSON (files).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (!WRITES.has(request.method) || header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) throw keyInvalid();
    const callerId = request.auth?.user.id;
    const contentType = request.headers['content-type'] ?? '';
    if (!callerId || contentType.startsWith('multipart/')) return next.handle();

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const claimRequest = { callerId, key, method: request.method, path: request.url, body: request.body };
    return from(this.claimOrWait(claimRequest)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          reply.status(claim.status);
          reply.header(REPLAYED_HEADER, 'true');
          return of(claim.body);
        }
        return next.handle().pipe(
          mergeMap(async (value) => {
            if (keepable(value, reply)) await this.keys.complete(callerId, key, reply.statusCode, value);
            else await this.keys.release(callerId, key);
            return value;
          }),
          catchError(async (error: unknown) => {
            await this.keys.release(callerId, key);
            throw error;
          }),
        );
      }),
    );
  }

  private async claimOrWait(request: Parameters<IdempotencyService['claim']>[0]) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const claim = await this.keys.claim(request);
      if (claim.kind === 'mismatch') throw keyReused();
      if (claim.kind !== 'pending') return claim;
      if (Date.now() > deadline) throw keyPending();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function keepable(value: unknown, reply: FastifyReply): boolean {
  if (value === undefined || reply.statusCode >= 300) return false;
  if (Buffer.isBuffer(value) || value instanceof StreamableFile || value instanceof Readable || value instanceof Uint8Array) return false;
  const cacheControl = reply.getHeader('cache-control');
  return !(typeof cacheControl === 'string' && /no-store/i.test(cacheControl));
}
