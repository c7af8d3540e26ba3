import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { rowsOf } from '../common/sql';
import { UserStatus } from '../users/user.entity';
import type { AuthContext } from './auth-context';
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
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<AppConfig, true>,
  ) {
    this.days = config.get('SESSION_DAYS', { infer: true });
  }

  async create(userId: string, meta: { ip: string | null; userAgent: string | null }, manager: EntityManager = this.db.manager): Promise<NewSession> {
    const token = newSessionToken();
    const [row] = await manager.query(
      `INSERT INTO auth_sessions (user_id, token_hash, user_agent, ip, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + make_interval(days => $5))
       RETURNING id, expires_at`,
      [userId, sha256(token), meta.userAgent, meta.ip, this.days],
    );
    return { token, sessionId: row.id, expiresAt: row.expires_at };
  }

  /** The caller behind a token, or null when the token is unknown, expired, revoked, or the account is not active. */
  async authenticate(token: string): Promise<(AuthContext & { expiresAt: Date; renewed: boolean }) | null> {
    if (token.length > 100) return null;
    const [row] = await this.db.query(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at,
              u.id, u.name, u.role, u.region_code, u.pillar
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = $2`,
      [sha256(token), UserStatus.ACTIVE],
    );
    if (!row) return null;
    let expiresAt: Date = row.expires_at;
    let renewed = false;
    if (Date.now() - new Date(row.last_seen_at).getTime() > RENEW_AFTER_MS) {
      const [updated] = await rowsOf<{ expires_at: Date }>(
        this.db,
        `UPDATE auth_sessions SET last_seen_at = now(), expires_at = now() + make_interval(days => $2)
          WHERE id = $1 AND revoked_at IS NULL RETURNING expires_at`,
        [row.session_id, this.days],
      );
      if (updated) {
        expiresAt = updated.expires_at;
        renewed = true;
      }
    }
    return {
      sessionId: row.session_id,
      expiresAt,
      renewed,
      user: { id: row.id, name: row.name, role: row.role, regionCode: row.region_code, pillar: row.pillar },
    };
  }

  async list(userId: string, currentId: string): Promise<SessionSummary[]> {
    const rows = await this.db.query(
      `SELECT id, user_agent, ip, created_at, last_seen_at, expires_at FROM auth_sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
        ORDER BY last_seen_at DESC`,
      [userId],
    );
    return rows.map((row: Record<string, never>) => ({
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
  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const rows = await rowsOf(
      this.db,
      `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  async revokeOthers(userId: string, currentId: string): Promise<number> {
    const rows = await rowsOf(
      this.db,
      `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
      [userId, currentId],
    );
    return rows.length;
  }

  async revokeAll(userId: string, manager: EntityManager = this.db.manager): Promise<number> {
    const rows = await rowsOf(
      manager,
      `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }
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
