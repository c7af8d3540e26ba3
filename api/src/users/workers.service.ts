import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { inScope, RegionScope, scopeOf } from '../auth/region-scope';
import { SessionsService } from '../auth/sessions.service';
import { activationCodeHash, newActivationCode } from '../auth/tokens';
import { Page } from '../common/pagination.dto';
import { normalizePersonName } from '../common/person-name';
import { RegionLevel } from '../regions/region-level';
import { regionNotFound } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import { UserDto } from './user.dto';
import { UserStatus } from './user-status';
import { activationCodesWorkbook, workersWorkbook } from './worker-workbooks';
import { ActivationCodeDto, ActivationCodeListDto, UpdateWorkerDto, WorkerFilterQuery } from './workers.dto';
import { exportTooLarge, workerNameInvalid, workerNotFound, workerNotPending, workerRegionIsProvince, workerRegionOutOfScope, workerStillPending } from './users.errors';
import { UserRow, UsersRepository, WorkerChanges } from './users.repository';
import { UsersService } from './users.service';
import { snapshotOf } from './worker-changes';

export const ACTIVATION_DAYS = 14;
/** The most rows one export or one batch of activation codes may hold. */
export const EXPORT_LIMIT = 100_000;

/**
 * Workers (PESERTA accounts) as their admins see them. Every query carries the caller's region scope in its WHERE
 * clause: a worker outside it is answered exactly like a missing one (404).
 */
@Injectable()
export class WorkersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async list(caller: AuthUser, filter: WorkerFilterQuery, page: number, pageSize: number): Promise<Page<UserDto>> {
    const { rows, total } = await this.users.pageOfWorkers(scopeOf(caller), filter, page, pageSize);
    return { items: await this.accounts.toDtos(rows), total, page, pageSize };
  }

  async get(caller: AuthUser, id: string): Promise<UserDto> {
    return this.accounts.toDto(await this.workerInScope(this.users.outsideTransaction, caller, id));
  }

  async update(caller: AuthUser, id: string, input: UpdateWorkerDto, meta: RequestMeta): Promise<UserDto> {
    const scope = scopeOf(caller);
    const name = input.name === undefined ? undefined : normalizePersonName(input.name);
    if (name === null) throw workerNameInvalid();
    if (input.regionCode !== undefined) await this.assertWorkerRegion(input.regionCode, scope);
    const updated = await this.db.transaction(async (manager) => {
      const before = await this.workerInScope(manager, caller, id);
      const changes = changesOf(before, { ...input, name });
      const columns = Object.keys(changes);
      if (columns.length === 0) return before;
      await this.users.updateWorker(manager, id, scope, changes);
      const after = await this.workerInScope(manager, caller, id);
      await this.accounts.workersChanged(manager, [{ userId: id, before: snapshotOf(before), after: snapshotOf(after) }]);
      await this.audit.recordWithin(manager, {
          action: AuditAction.WORKER_UPDATE,
          actor: caller,
          targetType: 'user',
          targetId: id,
          regionCode: before.region_code,
          ip: meta.ip,
          details: {
            fields: columns,
            ...(changes.region_code ? { fromRegion: before.region_code, toRegion: changes.region_code } : {}),
            ...(changes.pillar ? { fromPillar: before.pillar, toPillar: changes.pillar } : {}),
          },
        });
      return after;
    });
    return this.accounts.toDto(updated);
  }

  async approve(caller: AuthUser, id: string, meta: RequestMeta): Promise<UserDto> {
    const approved = await this.db.transaction(async (manager) => {
      const worker = await this.workerInScope(manager, caller, id);
      if (!(await this.users.approvePending(manager, id))) throw workerNotPending(worker.status);
      await this.audit.recordWithin(manager, { action: AuditAction.WORKER_APPROVE, actor: caller, targetType: 'user', targetId: id, regionCode: worker.region_code, ip: meta.ip });
      const after = await this.workerInScope(manager, caller, id);
      await this.accounts.workersChanged(manager, [{ userId: id, before: snapshotOf(worker), after: snapshotOf(after) }]);
      return after;
    });
    return this.accounts.toDto(approved);
  }

  /** A new activation code: the old password and every session stop working; the worker activates again. */
  async reset(caller: AuthUser, id: string, meta: RequestMeta): Promise<ActivationCodeDto> {
    // Answered once the API's processes have heard of the revocation (decision 035).
    return this.sessions.changing(id, () => this.db.transaction(async (manager) => {
      const worker = await this.workerInScope(manager, caller, id);
      if (worker.status === UserStatus.PENDING) throw workerStillPending();
      const code = newActivationCode();
      const expiresAt = await this.users.resetToInvited(manager, id, activationCodeHash(id, code), ACTIVATION_DAYS);
      await this.sessions.revokeAllWithin(manager, id);
      await this.accounts.workersChanged(manager, [{ userId: id, before: snapshotOf(worker), after: { ...snapshotOf(worker), status: UserStatus.INVITED } }]);
      await this.audit.recordWithin(manager, { action: AuditAction.WORKER_RESET, actor: caller, targetType: 'user', targetId: id, regionCode: worker.region_code, ip: meta.ip });
      return { id, name: worker.name, phone: worker.phone, regionCode: worker.region_code, code, expiresAt };
    }));
  }

  /**
   * Codes for the invited workers (e.g. from a roster import) that have no valid one yet, to print and hand out.
   * Codes are kept only as hashes, so each is shown this once.
   */
  async issueActivationCodes(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<ActivationCodeDto[]> {
    return this.db.transaction(async (manager) => {
      const workers = await this.users.lockInvitedWithoutCode(manager, scopeOf(caller), filter, EXPORT_LIMIT);
      if (workers.length === 0) return [];
      const codes = workers.map(() => newActivationCode());
      const updated = await this.users.setActivationCodes(
        manager,
        workers.map((w, i) => ({ id: w.id, hash: activationCodeHash(w.id, codes[i]) })),
        ACTIVATION_DAYS,
      );
      const expiry = new Map(updated.map((row) => [row.id, row.activation_expires_at]));
      await this.audit.recordWithin(manager, {
          action: AuditAction.ACTIVATION_CODES,
          actor: caller,
          targetType: 'region',
          targetId: filter.region ?? caller.regionCode,
          // Filed under the actor's own scope: another region's log never learns of a foreign admin's call (F-L5).
          regionCode: caller.regionCode,
          ip: meta.ip,
          details: { count: workers.length, pillar: filter.pillar ?? null, region: filter.region ?? null },
        });
      return workers.map((w, i) => ({ id: w.id, name: w.name, phone: w.phone, regionCode: w.region_code, code: codes[i], expiresAt: expiry.get(w.id)! }));
    });
  }

  /** The same codes as a list with its length. */
  async issueActivationCodeList(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<ActivationCodeListDto> {
    const items = await this.issueActivationCodes(caller, filter, meta);
    return { items, total: items.length };
  }

  /** The same codes as an XLSX workbook. */
  async issueActivationCodesWorkbook(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<Buffer> {
    return activationCodesWorkbook(await this.issueActivationCodes(caller, filter, meta));
  }

  /** The workers matching the filters as an XLSX workbook (what a Dinsos reports with). Audited. */
  async export(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<Buffer> {
    const rows = await this.users.workersForExport(scopeOf(caller), filter, EXPORT_LIMIT + 1);
    if (rows.length > EXPORT_LIMIT) throw exportTooLarge(EXPORT_LIMIT);
    const workbook = await workersWorkbook(await this.accounts.toDtos(rows));
    await this.audit.record({
      action: AuditAction.WORKER_EXPORT,
      actor: caller,
      targetType: 'region',
      targetId: filter.region ?? caller.regionCode,
      // Filed under the actor's own scope, the filter as a detail (F-L5).
      regionCode: caller.regionCode,
      ip: meta.ip,
      details: { rows: rows.length, pillar: filter.pillar ?? null, status: filter.status ?? null, region: filter.region ?? null },
    });
    return workbook;
  }

  private async workerInScope(manager: EntityManager, caller: AuthUser, id: string): Promise<UserRow> {
    const row = await this.users.findWorkerInScope(manager, id, scopeOf(caller));
    if (!row) throw workerNotFound();
    return row;
  }

  /** A region a worker may be placed in by this admin: an existing kecamatan or kabupaten/kota inside the scope. */
  private async assertWorkerRegion(code: string, scope: RegionScope): Promise<void> {
    const level = await this.regions.levelOf(code);
    if (!level) throw regionNotFound(code, HttpStatus.BAD_REQUEST, 'regionCode');
    if (level === RegionLevel.PROVINCE) throw workerRegionIsProvince();
    if (!inScope(code, scope)) throw workerRegionOutOfScope(code);
  }
}

/** The columns the input changes (the ones it gives with a value different from now), in the order they are written. */
function changesOf(before: UserRow, input: { name?: string; email?: string | null; pillar?: UpdateWorkerDto['pillar']; regionCode?: string }): WorkerChanges {
  const changes: WorkerChanges = {};
  if (input.name !== undefined && input.name !== before.name) changes.name = input.name;
  const email = input.email?.trim() || null;
  if (input.email !== undefined && email !== before.email) changes.email = email;
  if (input.pillar !== undefined && input.pillar !== before.pillar) changes.pillar = input.pillar;
  if (input.regionCode !== undefined && input.regionCode !== before.region_code) changes.region_code = input.regionCode;
  return changes;
}
