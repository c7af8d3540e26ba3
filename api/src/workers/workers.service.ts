import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, RegionScope, scopeOf, scopeSql } from '../auth/region-scope';
import { SessionsService } from '../auth/sessions.service';
import { activationCodeHash, newActivationCode } from '../auth/tokens';
import { Page } from '../common/pagination.dto';
import { NAME_MESSAGE, normalizePersonName } from '../common/person-name';
import { formatPhoneLocal } from '../common/phone';
import { PILLAR_LABELS } from '../common/pillar';
import { rowsOf } from '../common/sql';
import { RegionLevel } from '../regions/region.entity';
import { toUserDto, USER_COLUMNS, UserDto } from '../users/user.dto';
import { UserStatus } from '../users/user.entity';
import { ActivationCodeDto, UpdateWorkerDto, WorkerFilterQuery } from './workers.dto';

export const ACTIVATION_DAYS = 14;
export const WORKER_NOT_FOUND = 'Pekerja tidak ditemukan.';
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
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async list(caller: AuthUser, filter: WorkerFilterQuery, page: number, pageSize: number): Promise<Page<UserDto>> {
    const params: unknown[] = [];
    const where = this.where(scopeOf(caller), filter, params);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM users u WHERE ${where}`, params);
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code
        WHERE ${where} ORDER BY u.name, u.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toUserDto), total, page, pageSize };
  }

  async get(caller: AuthUser, id: string, manager: EntityManager = this.db.manager): Promise<UserDto> {
    const params: unknown[] = [id];
    const [row] = await manager.query(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code
        WHERE u.id = $1 AND u.role = 'PESERTA' AND ${scopeSql('u.region_code', scopeOf(caller), params)}`,
      params,
    );
    if (!row) throw new NotFoundException(WORKER_NOT_FOUND);
    return toUserDto(row);
  }

  async update(caller: AuthUser, id: string, input: UpdateWorkerDto, meta: RequestMeta): Promise<UserDto> {
    const scope = scopeOf(caller);
    const name = input.name === undefined ? undefined : normalizePersonName(input.name);
    if (name === null) throw new BadRequestException(NAME_MESSAGE);
    if (input.regionCode !== undefined) await this.assertWorkerRegion(input.regionCode, scope);
    return this.db.transaction(async (manager) => {
      const before = await this.get(caller, id, manager);
      const changes: Record<string, unknown> = {};
      if (name !== undefined && name !== before.name) changes.name = name;
      if (input.email !== undefined && (input.email?.trim() || null) !== before.email) changes.email = input.email?.trim() || null;
      if (input.pillar !== undefined && input.pillar !== before.pillar) changes.pillar = input.pillar;
      if (input.regionCode !== undefined && input.regionCode !== before.regionCode) changes.region_code = input.regionCode;
      if (Object.keys(changes).length === 0) return before;
      const columns = Object.keys(changes);
      const params: unknown[] = [id, ...Object.values(changes)];
      await manager.query(
        `UPDATE users SET ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')}, updated_at = now()
          WHERE id = $1 AND role = 'PESERTA' AND ${scopeSql('region_code', scope, params)}`,
        params,
      );
      await this.audit.record(
        {
          action: AuditAction.WORKER_UPDATE,
          actor: caller,
          targetType: 'user',
          targetId: id,
          regionCode: before.regionCode,
          ip: meta.ip,
          details: {
            fields: columns,
            ...(changes.region_code ? { fromRegion: before.regionCode, toRegion: changes.region_code } : {}),
            ...(changes.pillar ? { fromPillar: before.pillar, toPillar: changes.pillar } : {}),
          },
        },
        manager,
      );
      return this.get(caller, id, manager);
    });
  }

  async approve(caller: AuthUser, id: string, meta: RequestMeta): Promise<UserDto> {
    return this.db.transaction(async (manager) => {
      const worker = await this.get(caller, id, manager);
      const rows = await rowsOf(
        manager,
        `UPDATE users SET status = $2, approved_at = now(), activated_at = coalesce(activated_at, now()), updated_at = now()
          WHERE id = $1 AND status = $3 RETURNING id`,
        [id, UserStatus.ACTIVE, UserStatus.PENDING],
      );
      if (rows.length === 0) throw new ConflictException(`Pekerja ini tidak menunggu persetujuan (status: ${worker.status}).`);
      await this.audit.record(
        { action: AuditAction.WORKER_APPROVE, actor: caller, targetType: 'user', targetId: id, regionCode: worker.regionCode, ip: meta.ip },
        manager,
      );
      return this.get(caller, id, manager);
    });
  }

  /** A new activation code: the old password and every session stop working; the worker activates again. */
  async reset(caller: AuthUser, id: string, meta: RequestMeta): Promise<ActivationCodeDto> {
    return this.db.transaction(async (manager) => {
      const worker = await this.get(caller, id, manager);
      if (worker.status === UserStatus.PENDING) {
        throw new ConflictException('Pekerja ini masih menunggu persetujuan: setujui dulu pendaftarannya.');
      }
      const code = newActivationCode();
      const [row] = await rowsOf<{ activation_expires_at: Date }>(
        manager,
        `UPDATE users SET status = $2, password_hash = NULL, activation_code_hash = $3,
                activation_expires_at = now() + make_interval(days => $4), failed_logins = 0, locked_until = NULL, updated_at = now()
          WHERE id = $1 RETURNING activation_expires_at`,
        [id, UserStatus.INVITED, activationCodeHash(id, code), ACTIVATION_DAYS],
      );
      await this.sessions.revokeAll(id, manager);
      await this.audit.record(
        { action: AuditAction.WORKER_RESET, actor: caller, targetType: 'user', targetId: id, regionCode: worker.regionCode, ip: meta.ip },
        manager,
      );
      return { id, name: worker.name, phone: worker.phone, regionCode: worker.regionCode, code, expiresAt: row.activation_expires_at };
    });
  }

  /**
   * Codes for the invited workers (e.g. from a roster import) that have no valid one yet, to print and hand out.
   * Codes are kept only as hashes, so each is shown this once.
   */
  async issueActivationCodes(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<ActivationCodeDto[]> {
    return this.db.transaction(async (manager) => {
      const params: unknown[] = [];
      const where = this.where(scopeOf(caller), { ...filter, status: UserStatus.INVITED }, params);
      const workers: { id: string; name: string; phone: string; region_code: string | null }[] = await manager.query(
        `SELECT u.id, u.name, u.phone, u.region_code FROM users u
          WHERE ${where} AND (u.activation_code_hash IS NULL OR u.activation_expires_at <= now())
          ORDER BY u.region_code, u.name LIMIT ${EXPORT_LIMIT} FOR UPDATE`,
        params,
      );
      if (workers.length === 0) return [];
      const codes = workers.map(() => newActivationCode());
      const updated = await rowsOf<{ id: string; activation_expires_at: Date }>(
        manager,
        `UPDATE users u SET activation_code_hash = v.hash, activation_expires_at = now() + make_interval(days => $3), updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS v(id, hash) WHERE u.id = v.id
         RETURNING u.id, u.activation_expires_at`,
        [workers.map((w) => w.id), workers.map((w, i) => activationCodeHash(w.id, codes[i])), ACTIVATION_DAYS],
      );
      const expiry = new Map(updated.map((row) => [row.id, row.activation_expires_at]));
      await this.audit.record(
        {
          action: AuditAction.ACTIVATION_CODES,
          actor: caller,
          targetType: 'region',
          targetId: filter.region ?? caller.regionCode,
          regionCode: filter.region ?? caller.regionCode,
          ip: meta.ip,
          details: { count: workers.length, pillar: filter.pillar ?? null },
        },
        manager,
      );
      return workers.map((w, i) => ({ id: w.id, name: w.name, phone: w.phone, regionCode: w.region_code, code: codes[i], expiresAt: expiry.get(w.id)! }));
    });
  }

  /** The workers matching the filters as an XLSX workbook (what a Dinsos reports with). Audited. */
  async export(caller: AuthUser, filter: WorkerFilterQuery, meta: RequestMeta): Promise<Buffer> {
    const params: unknown[] = [];
    const where = this.where(scopeOf(caller), filter, params);
    const rows = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN regions r ON r.code = u.region_code
        WHERE ${where} ORDER BY u.region_code, u.name LIMIT ${EXPORT_LIMIT + 1}`,
      params,
    );
    if (rows.length > EXPORT_LIMIT) {
      throw new BadRequestException(`Terlalu banyak baris (lebih dari ${EXPORT_LIMIT.toLocaleString('id-ID')}): persempit dengan filter wilayah atau pilar.`);
    }
    const workers: UserDto[] = rows.map(toUserDto);
    const book = new ExcelJS.Workbook();
    book.creator = 'Bimtek Pilar';
    const sheet = book.addWorksheet('Pekerja');
    sheet.columns = [
      { header: 'nama', key: 'name', width: 32 },
      { header: 'no_hp', key: 'phone', width: 16 },
      { header: 'pilar', key: 'pillar', width: 18 },
      { header: 'kode_wilayah', key: 'regionCode', width: 12 },
      { header: 'wilayah', key: 'regionName', width: 24 },
      { header: 'status', key: 'status', width: 12 },
      { header: 'nik_4_digit_akhir', key: 'nikLast4', width: 10 },
      { header: 'email', key: 'email', width: 28 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const worker of workers) {
      sheet.addRow({
        ...worker,
        phone: formatPhoneLocal(worker.phone),
        pillar: worker.pillar ? PILLAR_LABELS[worker.pillar] : '',
        // Text that a spreadsheet could read as a formula is written as plain text.
        name: defuseFormula(worker.name),
        email: worker.email ? defuseFormula(worker.email) : '',
      });
    }
    await this.audit.record({
      action: AuditAction.WORKER_EXPORT,
      actor: caller,
      targetType: 'region',
      targetId: filter.region ?? caller.regionCode,
      regionCode: filter.region ?? caller.regionCode,
      ip: meta.ip,
      details: { rows: workers.length, pillar: filter.pillar ?? null, status: filter.status ?? null },
    });
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** A region a worker may be placed in by this admin: an existing kecamatan or kabupaten/kota inside the scope. */
  private async assertWorkerRegion(code: string, scope: RegionScope): Promise<void> {
    const [region] = await this.db.query(`SELECT level FROM regions WHERE code = $1`, [code]);
    if (!region) throw new BadRequestException(`Wilayah dengan kode ${code} tidak ditemukan.`);
    if (region.level === RegionLevel.PROVINCE) throw new BadRequestException('Pekerja ditempatkan di kecamatan atau kabupaten/kota, bukan provinsi.');
    if (!inScope(code, scope)) throw new BadRequestException(`Wilayah ${code} berada di luar wilayah kewenangan Anda.`);
  }

  private where(scope: RegionScope, filter: WorkerFilterQuery, params: unknown[]): string {
    const where = [`u.role = '${Role.PESERTA}'`, scopeSql('u.region_code', scope, params)];
    if (filter.region) where.push(scopeSql('u.region_code', { all: false, code: filter.region }, params));
    if (filter.pillar) {
      params.push(filter.pillar);
      where.push(`u.pillar = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`u.status = $${params.length}`);
    }
    const q = filter.q?.trim();
    if (q) {
      const digits = q.replace(/[\s\-.+]/g, '');
      if (/^\d{4,}$/.test(digits)) {
        params.push(`%${digits.replace(/^(62|0)/, '')}%`);
        where.push(`u.phone LIKE $${params.length}`);
      } else {
        params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`u.name ILIKE $${params.length}`);
      }
    }
    return where.join(' AND ');
  }
}

/** `=HYPERLINK(…)` → `'=HYPERLINK(…)`: a spreadsheet shows it as text instead of running it. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
