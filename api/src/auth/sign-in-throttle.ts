import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MAX_FAILED_LOGINS, signInThrottled } from './auth.errors';
import { FailureRule, ThrottleRepository } from './throttle.repository';

/**
 * Failures of one phone from one address: after MAX_FAILED_LOGINS, that address waits 1 minute, then 2, 4, … up to
 * an hour per further failure. The owner signing in from another address has a count of their own (F-L4: an
 * attacker cannot lock the owner out). A success from the address forgets it.
 */
export const PAIR_RULE: FailureRule = { prefix: 'pair:', free: MAX_FAILED_LOGINS, baseWaitSeconds: 60, maxWaitSeconds: 3600, forgetSeconds: 86_400 };
/**
 * Failures from one address over any phones (spraying many accounts with a few guesses each). Generous, because a
 * whole training room can share one address; the count is forgotten an hour after the last failure.
 */
export const ADDRESS_RULE: FailureRule = { prefix: 'address:', free: 50, baseWaitSeconds: 60, maxWaitSeconds: 3600, forgetSeconds: 3600 };

export interface SignInClaim {
  pairKey: string;
  addressKey: string;
}

/** Per phone-and-address and per address failure counts with growing waits, in PostgreSQL (shared by every instance). */
@Injectable()
export class SignInThrottle {
  constructor(private readonly repository: ThrottleRepository) {}

  /**
   * Counts this attempt as a failure before it is checked; refuses with 429 (AUTH_TOO_MANY_ATTEMPTS, the seconds to
   * wait) while the phone-and-address or the address is waiting. `phone` is what the person typed, normalised when it
   * could be: unknown and malformed phones are counted exactly like known ones, so the answer reveals nothing.
   */
  async claim(phone: string, address: string | null): Promise<SignInClaim> {
    const from = address ?? 'unknown';
    const claim = { pairKey: `pair:${sha256(phone)}:${from}`, addressKey: `address:${from}` };
    const keys = [claim.pairKey, claim.addressKey];
    const waiting = await this.repository.secondsBlocked(keys);
    if (waiting > 0) throw signInThrottled(waiting);
    const counted = await this.repository.claimFailures(keys, [PAIR_RULE, ADDRESS_RULE]);
    // A concurrent attempt started a wait between the two statements: this one is refused as well.
    if (counted.length < keys.length) throw signInThrottled(Math.max(1, await this.repository.secondsBlocked(keys)));
    return claim;
  }

  /** The attempt was right: it was no failure. */
  succeeded(claim: SignInClaim): Promise<void> {
    return this.repository.forgetFailure(claim.pairKey, claim.addressKey);
  }

  /** Forgets old counts (called now and then). */
  sweep(): Promise<void> {
    return this.repository.sweepFailures(Math.max(PAIR_RULE.forgetSeconds, ADDRESS_RULE.forgetSeconds));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
