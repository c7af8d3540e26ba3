import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { IdempotencyRepository } from './idempotency.repository';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A claim older than this whose request never finished (a crashed instance) may be taken over. */
export const IDEMPOTENCY_STALE_SECONDS = 120;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'pending' };

export interface IdempotentRequest {
  callerId: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

/** sha256 over method, URL and the body as canonical JSON (RFC 8785): key order and spacing do not matter. */
export function requestHash(method: string, path: string, body: unknown): string {
  const canonical = body === undefined || body === null ? '' : (canonicalize(body) ?? '');
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonical}`).digest('hex');
}

/** The `idempotency_keys` table: claim a key before running a write, then complete or release it. */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger('Idempotency');
  private lastSweep = 0;

  constructor(private readonly keys: IdempotencyRepository) {}

  /**
   * Claims (caller, key): a new key, an expired one, or a stale pending one becomes ours; otherwise the row that holds
   * it says whether to replay, refuse (another request) or wait (still running).
   */
  async claim(request: IdempotentRequest): Promise<Claim> {
    this.sweepSometimes();
    const hash = requestHash(request.method, request.path, request.body);
    const claim = { callerId: request.callerId, key: request.key, requestHash: hash, method: request.method, path: request.path.slice(0, 2000) };
    if (await this.keys.claim(claim, IDEMPOTENCY_TTL_HOURS, IDEMPOTENCY_STALE_SECONDS)) return { kind: 'claimed' };
    const row = await this.keys.find(request.callerId, request.key);
    // Released between our insert and this read: the caller may simply try again.
    if (!row) return { kind: 'pending' };
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state !== 'DONE') return { kind: 'pending' };
    return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body };
  }

  complete(callerId: string, key: string, status: number, body: unknown): Promise<void> {
    return this.keys.complete(callerId, key, status, body);
  }

  /** Forgets a claim whose request failed or whose answer must not be kept: a retry runs the request again. */
  release(callerId: string, key: string): Promise<void> {
    return this.keys.deletePending(callerId, key);
  }

  /** Removes expired keys, a bounded batch at most once a minute per instance, off the request path. */
  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.keys.deleteExpiredBatch(5000).catch((error: Error) => this.logger.warn(`sweeping expired idempotency keys failed: ${error.message}`));
  }
}
