import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** A code lives 30 seconds; the server accepts the current and the previous one (a code read just before it changed). */
export const CODE_WINDOW_MS = 30_000;
/** Without 0/O, 1/I/L, so a code read off a projector is typed right (31 characters). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const DAY_ALPHABET = ALPHABET;

/**
 * The check-in key, derived from the NIK HMAC secret with HKDF and its own label: no new secret to provision, and the
 * NIK key itself never signs a check-in code.
 */
export function deriveCheckinKey(baseSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', baseSecret, 'bimtek-pilar', 'events.checkin-code.v1', 32));
}

export function windowOf(instant: Date): number {
  return Math.floor(instant.getTime() / CODE_WINDOW_MS);
}

/**
 * The six-character code of an event's day in a 30-second window: the first character names the day (so a code from
 * another day is told apart from a wrong one), the other five are HMAC(key, event id, day, window).
 */
export function checkinCode(key: Buffer, eventId: string, day: number, window: number): string {
  const mac = createHmac('sha256', key).update(`${eventId}:${day}:${window}`).digest();
  let code = DAY_ALPHABET[(day - 1) % DAY_ALPHABET.length];
  for (let i = 0; i < 5; i++) code += ALPHABET[mac[i] % ALPHABET.length];
  return code;
}

/** The day a code names (its first character), or null when it is not one of ours. */
export function dayOfCode(code: string): number | null {
  const index = DAY_ALPHABET.indexOf(code[0] ?? '');
  return index < 0 ? null : index + 1;
}

export function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** How a typed code compares: current or previous window, an older window of the same day (stale), or none. */
export function matchCode(key: Buffer, eventId: string, day: number, now: Date, code: string, staleWindows: number): 'valid' | 'stale' | 'wrong' {
  const current = windowOf(now);
  if (sameCode(checkinCode(key, eventId, day, current), code) || sameCode(checkinCode(key, eventId, day, current - 1), code)) return 'valid';
  for (let window = current - 2; window >= current - staleWindows; window--) {
    if (sameCode(checkinCode(key, eventId, day, window), code)) return 'stale';
  }
  return 'wrong';
}
