import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from '../common/sql';

/** A rate-limit counter after one more hit; times in whole seconds from now. */
export interface RateLimitRow {
  hits: number;
  expires_in: number;
  blocked_for: number;
}

/** How failed sign-ins of one kind of key are counted (see SignInThrottle). */
export interface FailureRule {
  /** Keys starting with this prefix follow the rule. */
  prefix: string;
  /** Failures before the first wait. */
  free: number;
  /** The first wait; each further failure doubles it, up to `maxWaitSeconds`. */
  baseWaitSeconds: number;
  maxWaitSeconds: number;
  /** A count whose last failure is older than this starts again. */
  forgetSeconds: number;
}

/** Every statement on `auth_rate_limits` and `auth_sign_in_failures`: counters shared by every API instance. */
@Injectable()
export class ThrottleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One more hit on a fixed-window counter, in one statement (the row lock serialises instances). A window that has
   * ended, or a block that has run out, starts a fresh window; the hit that goes past `limit` blocks for `blockMs`.
   */
  async hitRateLimit(key: string, ttlMs: number, limit: number, blockMs: number): Promise<RateLimitRow> {
    const [row] = await rowsOf<RateLimitRow>(
      this.db,
      `INSERT INTO auth_rate_limits AS r (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0), CASE WHEN 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0) END)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.blocked_until > now() THEN r.hits
                     WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN 1
                     ELSE r.hits + 1 END,
         window_ends_at = CASE WHEN r.blocked_until > now() THEN r.window_ends_at
                               WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN now() + make_interval(secs => $2 / 1000.0)
                               ELSE r.window_ends_at END,
         blocked_until = CASE WHEN r.blocked_until > now() THEN r.blocked_until
                              WHEN r.window_ends_at <= now() OR r.blocked_until IS NOT NULL THEN CASE WHEN 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0) END
                              WHEN r.hits + 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0)
                              END
       RETURNING hits,
         greatest(0, ceil(extract(epoch FROM window_ends_at - now())))::int AS expires_in,
         coalesce(greatest(0, ceil(extract(epoch FROM blocked_until - now()))), 0)::int AS blocked_for`,
      [key, ttlMs, limit, blockMs],
    );
    return row;
  }

  /** Forgets counters whose window and block have both ended. */
  async sweepRateLimits(): Promise<void> {
    await this.db.query(`DELETE FROM auth_rate_limits WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`);
  }

  /**
   * Seconds until the longest running wait among these keys ends; 0 when none is waiting. Rounded, not ceiled: this
   * statement's now() can precede the instant a concurrent attempt started the wait, and a 60-second wait must not be
   * announced as 61.
   */
  async secondsBlocked(keys: string[]): Promise<number> {
    const [row] = await rowsOf<{ seconds: number }>(
      this.db,
      `SELECT coalesce(max(greatest(1, round(extract(epoch FROM blocked_until - now())))), 0)::int AS seconds
         FROM auth_sign_in_failures WHERE key = ANY($1::text[]) AND blocked_until > now()`,
      [keys],
    );
    return row.seconds;
  }

  /**
   * Counts an attempt as a failure before it is checked, for every key at once (the row lock serialises concurrent
   * attempts, so no more than `free` are ever evaluated before a wait). The failure that reaches `free` starts the
   * first wait; each later one doubles it. A key that is waiting is not counted: returns the keys that were.
   */
  async claimFailures(keys: string[], rules: [FailureRule, FailureRule]): Promise<string[]> {
    const [a, b] = rules;
    const rule = (field: keyof FailureRule) => `(CASE WHEN f.key LIKE '${a.prefix}%' THEN ${Number(a[field])} ELSE ${Number(b[field])} END)`;
    const ruleOfNew = (field: keyof FailureRule) => `(CASE WHEN k.key LIKE '${a.prefix}%' THEN ${Number(a[field])} ELSE ${Number(b[field])} END)`;
    const failures = `(CASE WHEN f.last_failed_at < now() - make_interval(secs => ${rule('forgetSeconds')}) THEN 1 ELSE f.failures + 1 END)`;
    // The exponent is capped so that a count that keeps growing (one failure an hour, for weeks) never overflows.
    const wait = (count: string, kind: (field: keyof FailureRule) => string) =>
      `CASE WHEN ${count} >= ${kind('free')} THEN now() + make_interval(secs => least(${kind('baseWaitSeconds')} * power(2, least(${count} - ${kind('free')}, 30)), ${kind('maxWaitSeconds')})) END`;
    const rows = await rowsOf<{ key: string }>(
      this.db,
      `INSERT INTO auth_sign_in_failures AS f (key, failures, last_failed_at, blocked_until)
       SELECT k.key, 1, now(), ${wait('1', ruleOfNew)} FROM unnest($1::text[]) AS k(key)
       ON CONFLICT (key) DO UPDATE SET failures = ${failures}, last_failed_at = now(), blocked_until = ${wait(failures, rule)}
         WHERE f.blocked_until IS NULL OR f.blocked_until <= now()
       RETURNING f.key`,
      [keys],
    );
    return rows.map((row) => row.key);
  }

  /** A success: the pair's count is forgotten, and the attempt claimed on the address no longer counts as a failure. */
  async forgetFailure(pairKey: string, addressKey: string): Promise<void> {
    await this.db.query(`DELETE FROM auth_sign_in_failures WHERE key = $1`, [pairKey]);
    await this.db.query(`UPDATE auth_sign_in_failures SET failures = greatest(failures - 1, 0) WHERE key = $1 AND failures > 0`, [addressKey]);
  }

  /** Forgets counts whose wait is over and whose last failure is older than `olderThanSeconds`. */
  async sweepFailures(olderThanSeconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM auth_sign_in_failures WHERE last_failed_at < now() - make_interval(secs => $1) AND (blocked_until IS NULL OR blocked_until < now())`,
      [olderThanSeconds],
    );
  }
}
