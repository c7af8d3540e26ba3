import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DataSource } from 'typeorm';
import { rowsOf } from '../sql';

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

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims (caller, key) in one statement: a new key, an expired one, or a stale pending one becomes ours; otherwise
   * the row that holds it says whether to replay, refuse (another request) or wait (still running).
   */
  async claim(request: IdempotentRequest): Promise<Claim> {
    this.sweepSometimes();
    const hash = requestHash(request.method, request.path, request.body);
    const claimed = await rowsOf(
      this.db,
      `INSERT INTO idempotency_keys AS k (caller_id, key, request_hash, method, path, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', now() + make_interval(hours => $6))
       ON CONFLICT (caller_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path, state = 'PENDING',
              response_status = NULL, response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at < now()
           OR (k.state = 'PENDING' AND k.created_at < now() - make_interval(secs => $7))
       RETURNING 1`,
      [request.callerId, request.key, hash, request.method, request.path.slice(0, 2000), IDEMPOTENCY_TTL_HOURS, IDEMPOTENCY_STALE_SECONDS],
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const [row] = await rowsOf<{ request_hash: string; state: string; response_status: number | null; response_body: unknown }>(
      this.db,
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [request.callerId, request.key],
    );
    // Released between our insert and this read: the caller may simply try again.
    if (!row) return { kind: 'pending' };
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state !== 'DONE') return { kind: 'pending' };
    return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body };
  }

  async complete(callerId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'DONE', response_status = $3, response_body = $4::json WHERE caller_id = $1 AND key = $2`,
      [callerId, key, status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** Forgets a claim whose request failed or whose answer must not be kept: a retry runs the request again. */
  async release(callerId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE caller_id = $1 AND key = $2 AND state = 'PENDING'`, [callerId, key]);
  }

  /** Removes expired keys, a bounded batch at most once a minute per instance, off the request path. */
  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    this.db
      .query(
        `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM idempotency_keys WHERE expires_at < now() - interval '1 hour' LIMIT 5000))`,
      )
      .catch((error: Error) => this.logger.warn(`sweeping expired idempotency keys failed: ${error.message}`));
  }
}
