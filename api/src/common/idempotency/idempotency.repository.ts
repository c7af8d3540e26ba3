import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../sql';

export interface StoredKey {
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: unknown;
}

export interface KeyClaim {
  callerId: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
}

/** Every statement on `idempotency_keys`. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims (caller, key) in one statement: a new key, an expired one, or a stale pending one becomes ours. True when
   * it did.
   */
  async claim(claim: KeyClaim, ttlHours: number, staleSeconds: number): Promise<boolean> {
    const claimed = await rowsOf<{ claimed: number }>(
      this.db,
      `INSERT INTO idempotency_keys AS k (caller_id, key, request_hash, method, path, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', now() + make_interval(hours => $6))
       ON CONFLICT (caller_id, key) DO UPDATE
          SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path, state = 'PENDING',
              response_status = NULL, response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at < now()
           OR (k.state = 'PENDING' AND k.created_at < now() - make_interval(secs => $7))
       RETURNING 1 AS claimed`,
      [claim.callerId, claim.key, claim.requestHash, claim.method, claim.path, ttlHours, staleSeconds],
    );
    return claimed.length > 0;
  }

  async find(callerId: string, key: string): Promise<StoredKey | null> {
    const [row] = await rowsOf<StoredKey>(
      this.db,
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [callerId, key],
    );
    return row ?? null;
  }

  async complete(callerId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'DONE', response_status = $3, response_body = $4::json WHERE caller_id = $1 AND key = $2`,
      [callerId, key, status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  async deletePending(callerId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE caller_id = $1 AND key = $2 AND state = 'PENDING'`, [callerId, key]);
  }

  /** Removes a bounded batch of keys expired for more than an hour. */
  async deleteExpiredBatch(limit: number): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_keys WHERE expires_at < now() - interval '1 hour' LIMIT $1))`,
      [limit],
    );
  }
}
