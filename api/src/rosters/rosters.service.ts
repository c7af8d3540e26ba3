import { BadRequestException, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, scopeOf } from '../auth/region-scope';
import { nikLast4 } from '../common/nik';
import type { AppConfig } from '../config/app-config';
import { JobContext, JobsService } from '../jobs/jobs.service';
import { RegionLevel } from '../regions/region.entity';
import { NikKeyService } from '../users/nik-key.service';
import { UserStatus } from '../users/user.entity';
import { readRosterFile, ROSTER_COLUMNS } from './roster-file';
import { CheckedRow, checkRow, RowError } from './roster-rows';
import type { RosterReportDto } from './rosters.dto';

export const ROSTER_JOB = 'roster.import';
const CHUNK = 5_000;

interface Existing {
  id: string;
  phone: string;
  name: string;
  email: string | null;
  role: Role;
  pillar: string | null;
  region_code: string | null;
  nik_hash: string | null;
}

interface Planned extends CheckedRow {
  nikHash: string | null;
  existing?: Existing;
  refused?: boolean;
}

export type ImportOutcome = { report: RosterReportDto } | { jobId: string };

/**
 * Roster import (contract 2): read, check every row (errors by row and column, in Indonesian), then create the new
 * workers and update the changed ones in one transaction of bulk statements. Matched by phone, so importing the same
 * file twice changes nothing. Large files go to a background job.
 */
@Injectable()
export class RostersService implements OnModuleInit {
  private readonly syncLimit: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly nik: NikKeyService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.syncLimit = config.get('ROSTER_SYNC_LIMIT', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    await this.jobs.register(ROSTER_JOB, (job) => this.runJob(job));
  }

  /** Imports (or with dryRun checks) a roster now, or hands a large one to a background job. */
  async submit(caller: AuthUser, bytes: Buffer, options: { dryRun: boolean; filename?: string }, meta: RequestMeta): Promise<ImportOutcome> {
    const file = await readRosterFile(bytes);
    if (file.rows.length > this.syncLimit) {
      const jobId = await this.jobs.enqueue(ROSTER_JOB, {
        owner: caller,
        regionCode: caller.regionCode,
        params: { dryRun: options.dryRun, filename: options.filename ?? null, ip: meta.ip },
        input: bytes,
      });
      return { jobId };
    }
    return { report: await this.importRows(caller, file.rows, { ...options, format: file.format, ip: meta.ip }) };
  }

  private async runJob(job: JobContext): Promise<RosterReportDto> {
    const bytes = await job.input();
    if (!bytes || !job.ownerId) throw new BadRequestException('Berkas impor tidak ditemukan.');
    // The caller as they are now: a role or scope taken away since the upload no longer applies.
    const [owner] = await this.db.query(`SELECT id, name, role, region_code, pillar FROM users WHERE id = $1 AND status = 'ACTIVE'`, [job.ownerId]);
    if (!owner || ![Role.ADMIN_DINSOS, Role.ADMIN_PUSAT].includes(owner.role)) throw new BadRequestException('Akun pengimpor tidak lagi berwenang.');
    const caller: AuthUser = { id: owner.id, name: owner.name, role: owner.role, regionCode: owner.region_code, pillar: owner.pillar };
    const file = await readRosterFile(bytes);
    return this.importRows(caller, file.rows, {
      dryRun: job.params.dryRun === true,
      filename: (job.params.filename as string | null) ?? undefined,
      format: file.format,
      ip: (job.params.ip as string | null) ?? null,
      progress: (done, total) => job.progress(done, total),
    });
  }

  async importRows(
    caller: AuthUser,
    rows: Awaited<ReturnType<typeof readRosterFile>>['rows'],
    options: { dryRun: boolean; filename?: string; format: string; ip: string | null; progress?: (done: number, total: number) => Promise<void> },
  ): Promise<RosterReportDto> {
    const scope = scopeOf(caller);
    const errors: RowError[] = [];
    const checked: Planned[] = [];
    const total = rows.length;
    await options.progress?.(0, total);

    // 1. Each row on its own.
    for (let i = 0; i < rows.length; i++) {
      const { value, errors: rowErrors } = checkRow(rows[i]);
      errors.push(...rowErrors);
      if (value) checked.push({ ...value, nikHash: value.nik ? this.nik.hash(value.nik) : null });
      if ((i + 1) % CHUNK === 0) await options.progress?.(Math.floor((i + 1) / 2), total);
    }

    // 2. Regions: they exist, are a kecamatan or kabupaten/kota, and lie inside the importing admin's scope.
    const codes = [...new Set(checked.map((row) => row.regionCode))];
    const regions = new Map<string, RegionLevel>(
      (await this.db.query(`SELECT code, level FROM regions WHERE code = ANY($1::varchar[])`, [codes])).map((r: { code: string; level: RegionLevel }) => [r.code, r.level]),
    );
    const fail = (row: Planned, column: (typeof ROSTER_COLUMNS)[number], message: string) => {
      errors.push({ row: row.row, column, message });
      row.refused = true;
    };
    for (const row of checked) {
      const level = regions.get(row.regionCode);
      if (!level) fail(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} tidak ada dalam daftar wilayah Kemendagri.`);
      else if (level === RegionLevel.PROVINCE) fail(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} adalah provinsi: isi kode kecamatan atau kabupaten/kota.`);
      else if (!inScope(row.regionCode, scope)) fail(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} berada di luar wilayah kewenangan Anda (${caller.regionCode}).`);
    }

    // 3. Duplicates within the file: the first occurrence stands, later ones are refused.
    const firstPhone = new Map<string, number>();
    const firstNik = new Map<string, number>();
    for (const row of checked) {
      if (row.refused) continue;
      const seen = firstPhone.get(row.phone);
      if (seen !== undefined) {
        fail(row, 'no_hp', `Nomor HP sama dengan baris ${seen}.`);
        continue;
      }
      firstPhone.set(row.phone, row.row);
      if (row.nikHash) {
        const seenNik = firstNik.get(row.nikHash);
        if (seenNik !== undefined) fail(row, 'nik', `NIK sama dengan baris ${seenNik}.`);
        else firstNik.set(row.nikHash, row.row);
      }
    }

    // 4. Against the database: the account of each phone, and NIKs already held by someone else.
    const candidates = checked.filter((row) => !row.refused);
    const existing = new Map<string, Existing>(
      (
        await this.db.query(
          `SELECT id, phone, name, email, role, pillar, region_code, nik_hash FROM users WHERE phone = ANY($1::varchar[])`,
          [candidates.map((row) => row.phone)],
        )
      ).map((user: Existing) => [user.phone, user]),
    );
    const nikOwners = new Map<string, string>(
      (
        await this.db.query(`SELECT nik_hash, phone FROM users WHERE nik_hash = ANY($1::varchar[])`, [
          candidates.map((row) => row.nikHash).filter((hash): hash is string => hash !== null),
        ])
      ).map((user: { nik_hash: string; phone: string }) => [user.nik_hash, user.phone]),
    );
    const toCreate: Planned[] = [];
    const toUpdate: Planned[] = [];
    let unchanged = 0;
    for (const row of candidates) {
      const user = existing.get(row.phone);
      if (row.nikHash && nikOwners.has(row.nikHash) && nikOwners.get(row.nikHash) !== row.phone) {
        fail(row, 'nik', 'NIK ini sudah terdaftar untuk pekerja lain.');
        continue;
      }
      if (!user) {
        toCreate.push(row);
        continue;
      }
      if (user.role !== Role.PESERTA) {
        fail(row, 'no_hp', 'Nomor HP ini dipakai akun pengelola (admin atau pelatih), bukan pekerja.');
        continue;
      }
      if (!inScope(user.region_code, scope)) {
        fail(row, 'no_hp', 'Nomor HP ini sudah terdaftar untuk pekerja di luar wilayah Anda: hubungi Dinsos wilayah tersebut atau admin pusat.');
        continue;
      }
      row.existing = user;
      const same =
        user.name === row.name &&
        user.pillar === row.pillar &&
        user.region_code === row.regionCode &&
        (row.email === null || user.email === row.email) &&
        (row.nikHash === null || user.nik_hash === row.nikHash);
      if (same) unchanged++;
      else toUpdate.push(row);
    }
    await options.progress?.(Math.floor(total * 0.75), total);

    errors.sort((a, b) => a.row - b.row || ROSTER_COLUMNS.indexOf(a.column) - ROSTER_COLUMNS.indexOf(b.column));
    const report: RosterReportDto = {
      total,
      valid: toCreate.length + toUpdate.length + unchanged,
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged,
      errors: errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
      dryRun: options.dryRun,
    };
    if (options.dryRun) {
      await options.progress?.(total, total);
      return report;
    }

    // 5. One transaction, two bulk statements.
    await this.db.transaction(async (manager) => {
      if (toCreate.length > 0) {
        const inserted = await manager.query(
          `INSERT INTO users (name, phone, email, role, pillar, region_code, status, nik_hash, nik_last4)
           SELECT v.name, v.phone, v.email, 'PESERTA', v.pillar, v.region_code, $8, v.nik_hash, v.nik_last4
             FROM unnest($1::text[], $2::varchar[], $3::text[], $4::pillar[], $5::varchar[], $6::varchar[], $7::char(4)[])
                  AS v(name, phone, email, pillar, region_code, nik_hash, nik_last4)
           ON CONFLICT (phone) DO NOTHING RETURNING id`,
          [
            toCreate.map((r) => r.name),
            toCreate.map((r) => r.phone),
            toCreate.map((r) => r.email),
            toCreate.map((r) => r.pillar),
            toCreate.map((r) => r.regionCode),
            toCreate.map((r) => r.nikHash),
            toCreate.map((r) => (r.nik ? nikLast4(r.nik) : null)),
            UserStatus.INVITED,
          ],
        );
        report.created = inserted.length;
      }
      if (toUpdate.length > 0) {
        await manager.query(
          `UPDATE users u SET name = v.name, pillar = v.pillar, region_code = v.region_code,
                  email = coalesce(v.email, u.email), nik_hash = coalesce(v.nik_hash, u.nik_hash),
                  nik_last4 = coalesce(v.nik_last4, u.nik_last4), updated_at = now()
             FROM unnest($1::uuid[], $2::text[], $3::pillar[], $4::varchar[], $5::text[], $6::varchar[], $7::char(4)[])
                  AS v(id, name, pillar, region_code, email, nik_hash, nik_last4)
            WHERE u.id = v.id`,
          [
            toUpdate.map((r) => r.existing!.id),
            toUpdate.map((r) => r.name),
            toUpdate.map((r) => r.pillar),
            toUpdate.map((r) => r.regionCode),
            toUpdate.map((r) => r.email),
            toUpdate.map((r) => r.nikHash),
            toUpdate.map((r) => (r.nik ? nikLast4(r.nik) : null)),
          ],
        );
      }
      await this.audit.record(
        {
          action: AuditAction.ROSTER_IMPORT,
          actor: caller,
          targetType: 'roster',
          targetId: null,
          regionCode: caller.regionCode,
          ip: options.ip,
          details: {
            filename: options.filename?.slice(0, 200) ?? null,
            format: options.format,
            total: report.total,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            errors: report.errors.length,
          },
        },
        manager,
      );
    });
    await options.progress?.(total, total);
    return report;
  }
}
