import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { RegionScope, scopeSql } from '../auth/region-scope';
import { Page } from '../common/pagination.dto';

/** The acts that leave a trace. Other domains add theirs (e.g. `certificate.revoke`). */
export enum AuditAction {
  LOGIN = 'auth.login',
  LOGIN_FAILED = 'auth.login_failed',
  LOGOUT = 'auth.logout',
  ACTIVATE = 'auth.activate',
  ACTIVATE_FAILED = 'auth.activate_failed',
  REGISTER = 'auth.register',
  SESSION_REVOKE = 'auth.session_revoke',
  PASSWORD_CHANGE = 'auth.password_change',
  WORKER_APPROVE = 'worker.approve',
  WORKER_UPDATE = 'worker.update',
  WORKER_RESET = 'worker.password_reset',
  ACTIVATION_CODES = 'worker.activation_codes',
  WORKER_EXPORT = 'worker.export',
  ROSTER_IMPORT = 'roster.import',
  USER_CREATE = 'user.create',
  ROLE_CHANGE = 'user.role_change',
}

export interface AuditRecord {
  action: AuditAction | string;
  actor?: Pick<AuthUser, 'id' | 'role'> | null;
  targetType?: string | null;
  targetId?: string | null;
  /** The region the act concerns: an admin of that region (or above) can read the entry. */
  regionCode?: string | null;
  ip?: string | null;
  /** Context a reader needs. Never a NIK, password, activation code or token. */
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const FORBIDDEN_DETAIL_KEYS = /nik|password|code|token|secret/i;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entry: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    const details = Object.fromEntries(Object.entries(entry.details ?? {}).filter(([key]) => !FORBIDDEN_DETAIL_KEYS.test(key) || key === 'regionCode'));
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, region_code, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actor?.id ?? null,
        entry.actor?.role ?? null,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.regionCode ?? null,
        entry.ip ?? null,
        JSON.stringify(details),
      ],
    );
  }

  async list(scope: RegionScope, filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEntryView>> {
    const params: unknown[] = [];
    const where = [scopeSql('a.region_code', scope, params)];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add('a.action = ?', filter.action);
    if (filter.actorId) add('a.actor_id = ?', filter.actorId);
    if (filter.targetType) add('a.target_type = ?', filter.targetType);
    if (filter.targetId) add('a.target_id = ?', filter.targetId);
    if (filter.from) add('a.at >= ?', filter.from);
    if (filter.to) add('a.at < ?', filter.to);
    const condition = where.join(' AND ');
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM audit_log a WHERE ${condition}`, params);
    const rows = await this.db.query(
      `SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.actor_role, a.action, a.target_type, a.target_id,
              a.region_code, a.ip, a.details
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ${condition}
        ORDER BY a.at DESC, a.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return {
      items: rows.map((row: Record<string, never>) => ({
        id: String(row.id),
        at: row.at,
        actorId: row.actor_id,
        actorName: row.actor_name,
        actorRole: row.actor_role,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        regionCode: row.region_code,
        ip: row.ip,
        details: row.details,
      })),
      total,
      page,
      pageSize,
    };
  }
}
