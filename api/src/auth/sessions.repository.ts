import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { preparedRowsOf, rowsOf } from '../common/sql';
import { USER_COLUMNS, type UserRow } from '../users/user-row';
import { UserStatus } from '../users/user-status';

/** A live session with the account behind it (every column GET /api/me shows), as the guard needs them. */
export interface LiveSessionRow extends UserRow {
  session_id: string;
  last_seen_at: Date;
  expires_at: Date;
}

export interface SessionRow {
  id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/** Every statement on `auth_sessions`. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager for a statement that runs on its own, for the methods that otherwise take the caller's transaction. */
  get outsideTransaction(): EntityManager {
    return this.db.manager;
  }

  async insert(
    manager: EntityManager,
    session: { userId: string; tokenHash: string; userAgent: string | null; ip: string | null },
    days: number,
  ): Promise<{ id: string; expires_at: Date }> {
    const [row] = await rowsOf<{ id: string; expires_at: Date }>(
      manager,
      `INSERT INTO auth_sessions (user_id, token_hash, user_agent, ip, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + make_interval(days => $5))
       RETURNING id, expires_at`,
      [session.userId, session.tokenHash, session.userAgent, session.ip, days],
    );
    return row;
  }

  /**
   * The live session of a token with its ACTIVE account, in one indexed statement. It joins `users` (the users
   * domain's table) on purpose: this runs on every authenticated request, and one round trip decides both and answers
   * the account as GET /api/me shows it; prepared, so it is planned once per connection. Its answers are cached per
   * process (decision 035): a change to any column it reads must notify (migration SessionChangeNotify).
   */
  async findLiveWithActiveUser(tokenHash: string): Promise<LiveSessionRow | null> {
    const [row] = await preparedRowsOf<LiveSessionRow>(
      this.db,
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, ${USER_COLUMNS}
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = $2`,
      [tokenHash, UserStatus.ACTIVE],
    );
    return row ?? null;
  }

  /** Slides the expiry of a session not revoked meanwhile; null when it was. */
  async renew(id: string, days: number): Promise<Date | null> {
    const [row] = await rowsOf<{ expires_at: Date }>(
      this.db,
      `UPDATE auth_sessions SET last_seen_at = now(), expires_at = now() + make_interval(days => $2)
        WHERE id = $1 AND revoked_at IS NULL RETURNING expires_at`,
      [id, days],
    );
    return row?.expires_at ?? null;
  }

  /** The user's sessions neither revoked nor expired, the most recently used first. */
  listLive(userId: string): Promise<SessionRow[]> {
    return rowsOf<SessionRow>(
      this.db,
      `SELECT id, user_agent, ip, created_at, last_seen_at, expires_at FROM auth_sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
        ORDER BY last_seen_at DESC`,
      [userId],
    );
  }

  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  /** Revokes the user's live sessions except `keepId` (null: all of them); returns how many. */
  async revokeAllBut(manager: EntityManager, userId: string, keepId: string | null): Promise<number> {
    const rows = await rowsOf<{ id: string }>(
      manager,
      `UPDATE auth_sessions SET revoked_at = now() WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND revoked_at IS NULL RETURNING id`,
      [userId, keepId],
    );
    return rows.length;
  }
}
