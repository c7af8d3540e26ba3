import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, scopeOf } from '../auth/region-scope';
import { SessionsService } from '../auth/sessions.service';
import { activationCodeHash, newActivationCode } from '../auth/tokens';
import { Page } from '../common/pagination.dto';
import { normalizePersonName } from '../common/person-name';
import { normalizePhone } from '../common/phone';
import { Pillar } from '../common/pillar';
import { RegionLevel } from '../regions/region-level';
import { regionNotFound } from '../regions/regions.errors';
import { RegionsService } from '../regions/regions.service';
import { ChangeRoleDto, CreatedStaffDto, CreateStaffDto } from './staff.dto';
import { UserDto } from './user.dto';
import {
  dinsosAdminRegionLevel,
  nationalAdminHasNoRegion,
  nationalAdminOnly,
  ownRoleUnchangeable,
  userNameInvalid,
  userNotFound,
  userPhoneInvalid,
  userPhoneTaken,
  userRegionOutOfScope,
  workerRoleRegionLevel,
  workerRolePillarRequired,
} from './users.errors';
import { UserRow, UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { snapshotOf } from './worker-changes';
import { ACTIVATION_DAYS } from './workers.service';

/**
 * Staff accounts (trainers and admins): created by an admin, activated with a code like workers. Role and scope
 * changes are the national admin's alone, and audited.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async list(caller: AuthUser, filter: { role?: Role; q?: string }, page: number, pageSize: number): Promise<Page<UserDto>> {
    const { rows, total } = await this.users.pageOfStaff(scopeOf(caller), filter, page, pageSize);
    return { items: await this.accounts.toDtos(rows), total, page, pageSize };
  }

  async create(caller: AuthUser, input: CreateStaffDto, meta: RequestMeta): Promise<CreatedStaffDto> {
    const name = normalizePersonName(input.name);
    if (!name) throw userNameInvalid();
    const phone = normalizePhone(input.phone);
    if (!phone) throw userPhoneInvalid();
    const regionCode = input.regionCode ?? null;
    if (caller.role !== Role.ADMIN_PUSAT) {
      if (input.role === Role.ADMIN_PUSAT) throw nationalAdminOnly();
      if (!inScope(regionCode, scopeOf(caller))) throw userRegionOutOfScope();
    }
    await this.assertRoleRegion(input.role, regionCode, null);
    const code = newActivationCode();
    const created = await this.db.transaction(async (manager) => {
      const id = await this.users.insertInvited(manager, { name, phone, email: input.email?.trim() || null, role: input.role, pillar: null, regionCode });
      if (!id) throw userPhoneTaken();
      const expiresAt = await this.users.setActivationCode(manager, id, activationCodeHash(id, code), ACTIVATION_DAYS);
      await this.audit.recordWithin(manager, { action: AuditAction.USER_CREATE, actor: caller, targetType: 'user', targetId: id, regionCode, ip: meta.ip, details: { role: input.role } });
      return { row: await this.rowOf(manager, id), expiresAt };
    });
    return { user: await this.accounts.toDto(created.row), code, expiresAt: created.expiresAt };
  }

  /** The national admin changes an account's role and scope; the change takes effect on its next request. */
  async changeRole(caller: AuthUser, id: string, input: ChangeRoleDto, meta: RequestMeta): Promise<UserDto> {
    if (id === caller.id) throw ownRoleUnchangeable();
    const regionCode = input.regionCode ?? null;
    const pillar = input.role === Role.PESERTA ? (input.pillar ?? null) : null;
    await this.assertRoleRegion(input.role, regionCode, pillar);
    // Answered once the API's processes have heard of the change (decision 035): the account's next request has it.
    const changed = await this.sessions.changing(id, () => this.db.transaction(async (manager) => {
      const before = await this.users.lockRoleAndScope(manager, id);
      if (!before) throw userNotFound();
      await this.users.setRoleAndScope(manager, id, input.role, regionCode, pillar);
      await this.accounts.workersChanged(manager, [{ userId: id, before: snapshotOf(before), after: { ...snapshotOf(before), role: input.role, regionCode, pillar } }]);
      const details = { fromRole: before.role, toRole: input.role, fromRegion: before.region_code, toRegion: regionCode };
      const entry = { action: AuditAction.ROLE_CHANGE, actor: caller, targetType: 'user', targetId: id, ip: meta.ip, details };
      await this.audit.recordWithin(manager, { ...entry, regionCode: regionCode ?? before.region_code });
      // The region the account left can read the change too.
      if (before.region_code && before.region_code !== regionCode) await this.audit.recordWithin(manager, { ...entry, regionCode: before.region_code });
      return this.rowOf(manager, id);
    }));
    return this.accounts.toDto(changed);
  }

  private async rowOf(manager: EntityManager, id: string): Promise<UserRow> {
    const row = await this.users.findRow(manager, id);
    if (!row) throw userNotFound();
    return row;
  }

  /** Which region each role may hold: see the Role docs in DESIGN.md. */
  private async assertRoleRegion(role: Role, regionCode: string | null, pillar: Pillar | null): Promise<void> {
    const level = regionCode ? await this.regions.levelOf(regionCode) : null;
    if (regionCode && !level) throw regionNotFound(regionCode, HttpStatus.BAD_REQUEST, 'regionCode');
    switch (role) {
      case Role.ADMIN_PUSAT:
        if (regionCode) throw nationalAdminHasNoRegion();
        return;
      case Role.ADMIN_DINSOS:
        if (!level || level === RegionLevel.DISTRICT) throw dinsosAdminRegionLevel();
        return;
      case Role.PELATIH:
        return;
      case Role.PESERTA:
        if (!level || level === RegionLevel.PROVINCE) throw workerRoleRegionLevel();
        if (!pillar) throw workerRolePillarRequired();
        return;
    }
  }
}
