import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { SecretsService } from '../secrets/secrets.service';

/*
 * Learning that cannot be skipped (issue #21 M5, decision 022): a lesson counts as finished only after it was opened
 * and a minimum reading time passed. The minimum is generous: a quarter of the time a slow reader (100 words a
 * minute) needs, never under FLOOR_SECONDS nor over CEILING_SECONDS, times LEARNING_MIN_READING_SCALE.
 */
const SLOW_READER_WORDS_PER_MINUTE = 100;
const SHARE_OF_SLOW_READING = 0.25;
const FLOOR_SECONDS = 20;
const CEILING_SECONDS = 10 * 60;
/** A proof older than this is still honoured: a course saved for offline may be read weeks later. */
const PROOF_LIFETIME_MS = 365 * 24 * 3600 * 1000;

export function minimumReadingSeconds(words: number, scale: number): number {
  if (scale <= 0) return 0;
  const slowReading = (words / SLOW_READER_WORDS_PER_MINUTE) * 60 * SHARE_OF_SLOW_READING;
  return Math.round(scale * Math.min(CEILING_SECONDS, Math.max(FLOOR_SECONDS, slowReading)));
}

/** What the finish request brings about when the lesson was read. */
export interface ReadingClaim {
  /** The lesson page's signed token: the server time the page was served. */
  openedToken?: string;
  /** The device's time when it showed the lesson (offline reading). */
  deviceOpenedAt?: Date;
  /** The device's time when it finished (offline reading). */
  deviceFinishedAt?: Date;
}

/** The reading claim of a finish request or offline event. */
export function readingClaim(body: { openedToken?: string; openedAt?: string }): ReadingClaim {
  return { openedToken: body.openedToken, deviceOpenedAt: body.openedAt ? new Date(body.openedAt) : undefined };
}

export interface ReadingFacts {
  /** The earliest server-known opening: the recorded "opened" or the verified token, whichever is earlier. */
  serverOpenedAt: Date | null;
  enrollmentCreatedAt: Date;
  now: Date;
  minimumSeconds: number;
}

export type ReadingVerdict = { ok: true } | { ok: false; reason: 'not_opened' } | { ok: false; reason: 'too_fast'; secondsLeft: number };

/**
 * Judges a finish. Device times are clamped to what the server knows (not before the enrollment or the server-known
 * opening, not after now), so a wrong or forged clock can only shorten the reading it claims, never lengthen it.
 */
export function judgeReading(claim: ReadingClaim, facts: ReadingFacts): ReadingVerdict {
  if (facts.minimumSeconds <= 0) return { ok: true };
  if (!facts.serverOpenedAt) return { ok: false, reason: 'not_opened' };
  const earliest = Math.max(facts.serverOpenedAt.getTime(), facts.enrollmentCreatedAt.getTime());
  const now = facts.now.getTime();
  const clamp = (time: Date | undefined, fallback: number) => (time ? Math.min(now, Math.max(earliest, time.getTime())) : fallback);
  const started = clamp(claim.deviceOpenedAt, earliest);
  const finished = Math.max(started, clamp(claim.deviceFinishedAt, now));
  const secondsRead = (finished - started) / 1000;
  if (secondsRead >= facts.minimumSeconds) return { ok: true };
  return { ok: false, reason: 'too_fast', secondsLeft: facts.minimumSeconds - secondsRead };
}

/**
 * Signed "this lesson page was served to this enrollment at T" tokens, so the page records nothing when it is read
 * (a GET writes nothing) and the finish form still proves the opening, with or without JavaScript, online or from a
 * page saved for offline. HMAC-SHA256 with a key derived from the API's NIK secret (HKDF, its own purpose), so no
 * secret is added and none is in the database.
 */
@Injectable()
export class LessonReading {
  private key?: Promise<Buffer>;

  constructor(
    private readonly secrets: SecretsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  get scale(): number {
    return this.config.get('LEARNING_MIN_READING_SCALE', { infer: true });
  }

  minimumSeconds(words: number): number {
    return minimumReadingSeconds(words, this.scale);
  }

  async sign(enrollmentId: string, lessonId: string, openedAt: Date): Promise<string> {
    const time = openedAt.getTime().toString(36);
    return `${time}.${await this.mac(enrollmentId, lessonId, time)}`;
  }

  /** The time a token vouches for, or null when it is malformed, forged, for another lesson, or implausible. */
  async verify(token: string | undefined, enrollmentId: string, lessonId: string, now: Date): Promise<Date | null> {
    const match = token ? /^([0-9a-z]{1,12})\.([\w-]{43})$/.exec(token) : null;
    if (!match) return null;
    const [, time, signature] = match;
    const expected = Buffer.from(await this.mac(enrollmentId, lessonId, time));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const openedAt = parseInt(time, 36);
    if (openedAt > now.getTime() || now.getTime() - openedAt > PROOF_LIFETIME_MS) return null;
    return new Date(openedAt);
  }

  private async mac(enrollmentId: string, lessonId: string, time: string): Promise<string> {
    return createHmac('sha256', await this.keyOf()).update(`${enrollmentId}.${lessonId}.${time}`).digest('base64url');
  }

  private keyOf(): Promise<Buffer> {
    this.key ??= this.secrets.nikKey().then((secret) => Buffer.from(hkdfSync('sha256', secret, 'bimtek-pilar', 'lesson-opened-token', 32)));
    return this.key;
  }
}
