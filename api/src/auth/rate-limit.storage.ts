import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { SignInThrottle } from './sign-in-throttle';
import { ThrottleRepository } from './throttle.repository';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * @nestjs/throttler's counters in PostgreSQL instead of each process's memory (issue #21, decision 025): two API
 * instances behind one address budget count together, and a restart does not reset a budget. One statement per hit.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly repository: ThrottleRepository,
    signInThrottle: SignInThrottle,
  ) {
    // Old rows are harmless but pile up; any instance may sweep them (the statements are idempotent).
    this.sweeper = setInterval(() => {
      Promise.all([repository.sweepRateLimits(), signInThrottle.sweep()]).catch(() => undefined);
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const row = await this.repository.hitRateLimit(`${throttlerName}:${key}`, ttl, limit, blockDuration);
    return { totalHits: row.hits, timeToExpire: row.expires_in, isBlocked: row.blocked_for > 0, timeToBlockExpire: row.blocked_for };
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
