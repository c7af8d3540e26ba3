import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, scopeOf, scopeSql } from '../auth/region-scope';
import { activationCodeHash, newActivationCode } from '../auth/tokens';
import { Page } from '../common/pagination.dto';
import { NAME_MESSAGE, normalizePersonName } from '../common/person-name';
import { normalizePhone, PHONE_MESSAGE } from '../common/phone';
import { Pillar } from '../common/pillar';
import { rowsOf } from '../common/sql';
import { RegionLevel } from '../regions/region.entity';
import { ACTIVATION_DAYS } from '../workers/workers.service';
import { ChangeRoleDto, CreatedStaffDto, CreateStaffDto } from './staff.dto';
import { toUserDto, USER_COLUMNS, UserDto } from './user.dto';
import { UserStatus } from './user.entity';

/**
 * Staff accounts (trainers and admins): created by an admin, activated with a code like workers. Role and scope
 * changes are the national admin's alone, and audited.
 */
@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(caller: AuthUser, filter: { role?: Role; q?: string }, page: number, pageSize: number): Promise<Page<UserDto>> {
    const params: unknown[] = [];
    const where = [`u.role <> 'PESERTA'`, scopeSql('u.region_code', scopeOf(caller), params)];
    if (filter.role) {
      params.push(filter.role);
      where.push(`u.role = $${params.length}`);
    }
    if (filter.q?.trim()) {
      params.push(`%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.name ILIKE $${params.length} OR u.phone LIKE $${params.length})`);
    }
    const condition = where.join(' AND ');
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM users u WHERE ${condition}`, params);
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code WHERE ${condition}
        ORDER BY u.role, u.name LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toUserDto), total, page, pageSize };
  }

  async create(caller: AuthUser, input: CreateStaffDto, meta: RequestMeta): Promise<CreatedStaffDto> {
    const name = normalizePersonName(input.name);
    if (!name) throw new BadRequestException(NAME_MESSAGE);
    const phone = normalizePhone(input.phone);
    if (!phone) throw new BadRequestException(PHONE_MESSAGE);
    const regionCode = input.regionCode ?? null;
    if (caller.role !== Role.ADMIN_PUSAT) {
      if (input.role === Role.ADMIN_PUSAT) throw new ForbiddenException('Hanya admin pusat yang dapat membuat akun admin pusat.');
      if (!inScope(regionCode, scopeOf(caller))) throw new ForbiddenException('Wilayah akun baru harus berada di dalam wilayah kewenangan Anda.');
    }
    await this.assertRoleRegion(input.role, regionCode, null);
    const code = newActivationCode();
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO users (name, phone, email, role, region_code, status) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (phone) DO NOTHING RETURNING id`,
        [name, phone, input.email?.trim() || null, input.role, regionCode, UserStatus.INVITED],
      );
      if (!row) throw new ConflictException('Nomor HP ini sudah terdaftar.');
      const [updated] = await rowsOf<{ activation_expires_at: Date }>(
        manager,
        `UPDATE users SET activation_code_hash = $2, activation_expires_at = now() + make_interval(days => $3) WHERE id = $1 RETURNING activation_expires_at`,
        [row.id, activationCodeHash(row.id, code), ACTIVATION_DAYS],
      );
      await this.audit.record(
        { action: AuditAction.USER_CREATE, actor: caller, targetType: 'user', targetId: row.id, regionCode, ip: meta.ip, details: { role: input.role } },
        manager,
      );
      const [user] = await manager.query(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code WHERE u.id = $1`, [row.id]);
      return { user: toUserDto(user), code, expiresAt: updated.activation_expires_at };
    });
  }

  /** The national admin changes an account's role and scope; the change takes effect on its next request. */
  async changeRole(caller: AuthUser, id: string, input: ChangeRoleDto, meta: RequestMeta): Promise<UserDto> {
    if (id === caller.id) throw new ForbiddenException('Anda tidak dapat mengubah peran akun Anda sendiri.');
    const regionCode = input.regionCode ?? null;
    const pillar = input.role === Role.PESERTA ? (input.pillar ?? null) : null;
    await this.assertRoleRegion(input.role, regionCode, pillar);
    return this.db.transaction(async (manager) => {
      const [before] = await manager.query(`SELECT id, role, region_code, pillar FROM users WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new NotFoundException('Akun tidak ditemukan.');
      await manager.query(`UPDATE users SET role = $2, region_code = $3, pillar = $4, updated_at = now() WHERE id = $1`, [id, input.role, regionCode, pillar]);
      await this.audit.record(
        {
          action: AuditAction.ROLE_CHANGE,
          actor: caller,
          targetType: 'user',
          targetId: id,
          regionCode: regionCode ?? before.region_code,
          ip: meta.ip,
          details: { fromRole: before.role, toRole: input.role, fromRegion: before.region_code, toRegion: regionCode },
        },
        manager,
      );
      // The region the account left can read the change too.
      if (before.region_code && before.region_code !== regionCode) {
        await this.audit.record(
          { action: AuditAction.ROLE_CHANGE, actor: caller, targetType: 'user', targetId: id, regionCode: before.region_code, ip: meta.ip, details: { fromRole: before.role, toRole: input.role, fromRegion: before.region_code, toRegion: regionCode } },
          manager,
        );
      }
      const [user] = await manager.query(`SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code WHERE u.id = $1`, [id]);
      return toUserDto(user);
    });
  }

  /** Which region each role may hold: see the Role docs in DESIGN.md. */
  private async assertRoleRegion(role: Role, regionCode: string | null, pillar: Pillar | null): Promise<void> {
    const level = regionCode
      ? ((await this.db.query(`SELECT level FROM regions WHERE code = $1`, [regionCode]))[0]?.level as RegionLevel | undefined)
      : undefined;
    if (regionCode && !level) throw new BadRequestException(`Wilayah dengan kode ${regionCode} tidak ditemukan.`);
    switch (role) {
      case Role.ADMIN_PUSAT:
        if (regionCode) throw new BadRequestException('Admin pusat berwenang nasional: jangan isi kode wilayah.');
        return;
      case Role.ADMIN_DINSOS:
        if (!level || level === RegionLevel.DISTRICT) throw new BadRequestException('Admin Dinsos memerlukan kode provinsi atau kabupaten/kota.');
        return;
      case Role.PELATIH:
        return;
      case Role.PESERTA:
        if (!level || level === RegionLevel.PROVINCE) throw new BadRequestException('Pekerja memerlukan kode kecamatan atau kabupaten/kota.');
        if (!pillar) throw new BadRequestException('Pekerja memerlukan pilar.');
        return;
    }
  }
}
