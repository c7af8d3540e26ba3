import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { SessionCache, type SignedInSession } from './session-cache';
import { LiveSessionRow, SessionsRepository } from './sessions.repository';
import { newSessionToken, sha256 } from './tokens';

/** Renew a session's expiry at most this often, so that a busy user does not write on every request. */
const RENEW_AFTER_MS = 60_000;

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export interface SessionSummary {
  id: string;
  device: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  current: boolean;
}

/** Opaque tokens, stored only as SHA-256, with a sliding expiry; revocable one by one or all but the current. */
@Injectable()
export class SessionsService {
  private readonly days: number;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly cache: SessionCache,
    config: ConfigService<AppConfig, true>,
  ) {
    this.days = config.get('SESSION_DAYS', { infer: true });
  }

  /**
   * Runs a write that changes `userId`'s sessions or account (a sign-out, a revocation, a role change…) and, when
   * `changed(result)` says it did, answers only once this process has heard PostgreSQL's notification of it (decision
   * 035), so that the caller learns of the change no sooner than the other processes' caches do.
   */
  async changing<T>(userId: string, write: () => Promise<T>, changed: (result: T) => boolean = () => true): Promise<T> {
    const notification = this.cache.heard(userId);
    let result: T;
    try {
      result = await write();
    } catch (error) {
      notification.cancel();
      throw error;
    }
    if (changed(result)) await notification.wait();
    else notification.cancel();
    return result;
  }

  /** A new session (a sign-in). */
  create(userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<NewSession> {
    return this.createWithin(this.sessions.outsideTransaction, userId, meta);
  }

  /** A new session, in the caller's transaction (e.g. the activation that creates it). */
  async createWithin(manager: EntityManager, userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<NewSession> {
    const token = newSessionToken();
    const row = await this.sessions.insert(manager, { userId, tokenHash: sha256(token), userAgent: meta.userAgent, ip: meta.ip }, this.days);
    return { token, sessionId: row.id, expiresAt: row.expires_at };
  }

  /**
   * The caller behind a token, or null when the token is unknown, expired, revoked, or the account is not active.
   * From this process's cache when it holds the session (decision 035), else from the database. `renewed`: the
   * session's expiry slid forward on this request (its cookie is sent again).
   */
  async authenticate(token: string, options: { forWrite: boolean }): Promise<{ session: SignedInSession; renewed: boolean } | null> {
    if (token.length > 100) return null;
    const tokenHash = sha256(token);
    // A write always asks the database: a revoked session can never write, even in the instant before this process
    // hears of the revocation. The answer still refreshes the cache for the reads.
    let session = options.forWrite ? undefined : this.cache.get(tokenHash);
    if (!session) {
      const mark = this.cache.mark;
      const row = await this.sessions.findLiveWithActiveUser(tokenHash);
      if (!row) return null;
      session = signedInSession(row);
      this.cache.set(tokenHash, session, mark);
    }
    if (Date.now() - session.lastSeenAt <= RENEW_AFTER_MS) return { session, renewed: false };
    const renewedUntil = await this.sessions.renew(session.sessionId, this.days);
    if (!renewedUntil) {
      // Revoked meanwhile: this request was already let in (as before the cache); the next one asks the database.
      this.cache.delete(tokenHash);
      return { session, renewed: false };
    }
    // The cached copy is this process's; others renew from their own copies at most once a minute, as before.
    session.lastSeenAt = Date.now();
    session.expiresAt = renewedUntil;
    return { session, renewed: true };
  }

  async list(userId: string, currentId: string): Promise<SessionSummary[]> {
    const rows = await this.sessions.listLive(userId);
    return rows.map((row) => ({
      id: row.id,
      device: describeDevice(row.user_agent),
      userAgent: row.user_agent,
      ip: row.ip,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      current: row.id === currentId,
    }));
  }

  /** Revokes one of the user's own sessions; false when it is not theirs or already gone. */
  revoke(userId: string, sessionId: string): Promise<boolean> {
    return this.changing(userId, () => this.sessions.revoke(userId, sessionId), (revoked) => revoked);
  }

  /** Every other session of the user ends ("log out every other device"); returns how many. */
  revokeOthers(userId: string, currentId: string): Promise<number> {
    return this.changing(userId, () => this.revokeOthersWithin(this.sessions.outsideTransaction, userId, currentId), (revoked) => revoked > 0);
  }

  /** The same in the caller's transaction (e.g. a password change). */
  revokeOthersWithin(manager: EntityManager, userId: string, currentId: string): Promise<number> {
    return this.sessions.revokeAllBut(manager, userId, currentId);
  }

  /** Every session of the user ends, in the caller's transaction (e.g. a password reset); returns how many. */
  revokeAllWithin(manager: EntityManager, userId: string): Promise<number> {
    return this.sessions.revokeAllBut(manager, userId, null);
  }
}

function signedInSession(row: LiveSessionRow): SignedInSession {
  const { session_id: sessionId, last_seen_at: lastSeenAt, expires_at: expiresAt, ...account } = row;
  // Shared by every request of the session while it is cached: frozen so that no request changes another's caller.
  const user = Object.freeze({ id: account.id, name: account.name, role: account.role, regionCode: account.region_code, pillar: account.pillar });
  return { sessionId, user, lastSeenAt: new Date(lastSeenAt).getTime(), expiresAt: new Date(expiresAt), account: Object.freeze(account) };
}

/** "Chrome di Android" from a user-agent string: enough for a person to recognise their device. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Perangkat tidak dikenal';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /SamsungBrowser/.test(userAgent)
        ? 'Samsung Internet'
        : /Firefox\//.test(userAgent)
          ? 'Firefox'
          : /Chrome\//.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && system) return `${browser} di ${system}`;
  return browser ?? system ?? 'Aplikasi lain';
}
