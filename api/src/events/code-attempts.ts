import { Injectable } from '@nestjs/common';

/** Wrong codes one worker may type per event in a 10-minute span before further tries are refused for its rest. */
export const MAX_WRONG_CODES = 20;
const SPAN_MS = 10 * 60_000;

/**
 * Bounds guessing of the 5-character HMAC part (31^5 ≈ 28.6 million, two windows valid): per worker and event, not per
 * address, because a whole hall often shares one hotspot's address. Kept in this instance's memory: behind several
 * instances the bound multiplies by their number, still far from guessable.
 */
@Injectable()
export class CodeAttempts {
  private readonly wrong = new Map<string, { since: number; count: number }>();

  blocked(eventId: string, userId: string, now: Date): boolean {
    const entry = this.current(`${eventId}:${userId}`, now);
    return entry !== undefined && entry.count >= MAX_WRONG_CODES;
  }

  recordWrong(eventId: string, userId: string, now: Date): void {
    const key = `${eventId}:${userId}`;
    const entry = this.current(key, now) ?? { since: now.getTime(), count: 0 };
    entry.count++;
    this.wrong.set(key, entry);
    if (this.wrong.size > 100_000) this.prune(now);
  }

  private current(key: string, now: Date): { since: number; count: number } | undefined {
    const entry = this.wrong.get(key);
    if (entry && now.getTime() - entry.since >= SPAN_MS) {
      this.wrong.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: Date): void {
    for (const [key, entry] of this.wrong) if (now.getTime() - entry.since >= SPAN_MS) this.wrong.delete(key);
  }
}
