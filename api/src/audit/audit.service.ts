import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import type { RegionScope } from '../auth/region-scope';
import { Page } from '../common/pagination.dto';
import { UsersService } from '../users/users.service';
import { AuditAction } from './audit-action';
import { AuditFilter, AuditRepository } from './audit.repository';

export type { AuditFilter } from './audit.repository';
export { AuditAction } from './audit-action';

export interface AuditRecord {
  action: AuditAction;
  actor?: Pick<AuthUser, 'id' | 'role'> | null;
  targetType?: string | null;
  targetId?: string | null;
  /** The region the act concerns: an admin of that region (or above) can read the entry. */
  regionCode?: string | null;
  ip?: string | null;
  /** Context a reader needs. Never a NIK, password, activation code or token. */
  details?: Record<string, unknown>;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const FORBIDDEN_DETAIL_KEYS = /nik|password|code|token|secret/i;

/**
 * The audit log: every domain records its sensitive acts here; admins read the entries of their region. The module is
 * global, so any service can inject it.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly entries: AuditRepository,
    private readonly users: UsersService,
  ) {}

  /** Records an act on its own (e.g. a failed sign-in, which changes nothing else); in a transaction call `recordWithin`. */
  record(entry: AuditRecord): Promise<void> {
    return this.recordWithin(this.entries.outsideTransaction, entry);
  }

  /** Records an act in the caller's transaction: the trace exists exactly when the act does. */
  async recordWithin(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const details = Object.fromEntries(Object.entries(entry.details ?? {}).filter(([key]) => !FORBIDDEN_DETAIL_KEYS.test(key) || key === 'regionCode'));
    await this.entries.insert(manager, {
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      regionCode: entry.regionCode ?? null,
      ip: entry.ip ?? null,
      details,
    });
  }

  async list(scope: RegionScope, filter: AuditFilter, page: number, pageSize: number): Promise<Page<AuditEntryView>> {
    const { rows, total } = await this.entries.findPage(scope, filter, page, pageSize);
    const actorNames = await this.users.namesOf(rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])));
    return {
      items: rows.map((row) => ({
        id: String(row.id),
        at: row.at,
        actorId: row.actor_id,
        actorName: row.actor_id ? (actorNames.get(row.actor_id) ?? null) : null,
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
