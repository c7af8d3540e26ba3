import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RegionScope, scopeSql } from '../auth/region-scope';
import { pagedRows, PagedRows } from '../common/sql';
import type { AuditAction } from './audit-action';

/** An entry as written: who (id and role), what, on what, where (region), from where (ip), with which details. */
export interface NewAuditEntry {
  actorId: string | null;
  actorRole: string | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: AuditAction;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: string | number;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  /** Written only through `insert`, so one of the enum's values. */
  action: AuditAction;
  target_type: string | null;
  target_id: string | null;
  region_code: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** Every statement on `audit_log`. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager for a statement that runs on its own, for the methods that otherwise take the caller's transaction. */
  get outsideTransaction(): EntityManager {
    return this.db.manager;
  }

  async insert(manager: EntityManager, entry: NewAuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, region_code, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.actorId, entry.actorRole, entry.action, entry.targetType, entry.targetId, entry.regionCode, entry.ip, JSON.stringify(entry.details)],
    );
  }

  /** The entries in the scope matching the filter, newest first: how many, then one page. */
  findPage(scope: RegionScope, filter: AuditFilter, page: number, pageSize: number): Promise<PagedRows<AuditRow>> {
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
    return pagedRows<AuditRow>(
      this.db,
      {
        columns: 'a.id, a.at, a.actor_id, a.actor_role, a.action, a.target_type, a.target_id, a.region_code, a.ip, a.details',
        from: 'audit_log a',
        where: where.join(' AND '),
        orderBy: 'a.at DESC, a.id DESC',
      },
      params,
      { page, pageSize },
    );
  }
}
