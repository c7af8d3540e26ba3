import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser, RequestMeta } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import { inScope, RegionScope, scopeOf } from '../auth/region-scope';
import { nikLast4 } from '../common/nik';
import type { AppConfig } from '../config/app-config';
import { JobContext, JobsService } from '../jobs/jobs.service';
import { RegionLevel } from '../regions/region-level';
import { RegionsService } from '../regions/regions.service';
import { NikKeyService } from '../users/nik-key.service';
import { UserStatus } from '../users/user-status';
import { RosterMatch, RosterWorker, UsersService } from '../users/users.service';
import { readRosterFile, ROSTER_COLUMNS, RosterColumn, RosterRow } from './roster-file';
import { CheckedRow, checkRow, RowError } from './roster-rows';
import type { RosterReportDto } from './rosters.dto';
import { importerNotAllowed, jobInputMissing } from './rosters.errors';

export const ROSTER_JOB = 'roster.import';
const CHUNK = 5_000;
/** The answer to a row whose phone or NIK another account holds, wherever that account is (F-L6: no cross-region oracle). */
const ACCOUNT_CONFLICT_MESSAGE = 'Baris ini tidak dapat diimpor: nomor HP atau NIK sudah dipakai akun lain. Hubungi admin pusat untuk menyelesaikannya.';

interface Planned extends CheckedRow {
  nikHash: string | null;
  existing?: RosterMatch;
  refused?: boolean;
}

/** What the import will do with the rows that passed every check. */
interface Plan {
  toCreate: Planned[];
  toUpdate: Planned[];
  unchanged: number;
}

export interface ImportOptions {
  dryRun: boolean;
  filename?: string;
  format: string;
  ip: string | null;
  progress?: (done: number, total: number) => Promise<void>;
}

export type ImportOutcome = { report: RosterReportDto } | { jobId: string };

/** The errors of a roster, by row and column; a refused row takes no further part in the import. */
class RowErrors {
  readonly list: RowError[] = [];

  add(errors: RowError[]): void {
    this.list.push(...errors);
  }

  refuse(row: Planned, column: RosterColumn, message: string): void {
    this.list.push({ row: row.row, column, message });
    row.refused = true;
  }

  /** By row, then in the order of the columns. */
  sorted(): RowError[] {
    return [...this.list].sort((a, b) => a.row - b.row || ROSTER_COLUMNS.indexOf(a.column) - ROSTER_COLUMNS.indexOf(b.column));
  }
}

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
    private readonly users: UsersService,
    private readonly regions: RegionsService,
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
    if (!bytes || !job.ownerId) throw jobInputMissing();
    const caller = await this.importerNow(job.ownerId);
    const file = await readRosterFile(bytes);
    return this.importRows(caller, file.rows, {
      dryRun: job.params.dryRun === true,
      filename: (job.params.filename as string | null) ?? undefined,
      format: file.format,
      ip: (job.params.ip as string | null) ?? null,
      progress: (done, total) => job.progress(done, total),
    });
  }

  /** The caller as they are now: a role or scope taken away since the upload no longer applies. */
  private async importerNow(ownerId: string): Promise<AuthUser> {
    const owner = await this.users.findById(ownerId);
    if (!owner || owner.status !== UserStatus.ACTIVE || ![Role.ADMIN_DINSOS, Role.ADMIN_PUSAT].includes(owner.role)) throw importerNotAllowed();
    return { id: owner.id, name: owner.name, role: owner.role, regionCode: owner.regionCode, pillar: owner.pillar };
  }

  /** Checks every row, then (unless dryRun) writes the valid ones; the report says what was (or would be) done. */
  async importRows(caller: AuthUser, rows: RosterRow[], options: ImportOptions): Promise<RosterReportDto> {
    const scope = scopeOf(caller);
    const errors = new RowErrors();
    const total = rows.length;
    await options.progress?.(0, total);

    const checked = await this.checkEachRow(rows, errors, options);
    await this.checkRegions(checked, caller, scope, errors);
    refuseDuplicatesInFile(checked, errors);
    const plan = await this.matchAccounts(
      checked.filter((row) => !row.refused),
      scope,
      errors,
    );
    await options.progress?.(Math.floor(total * 0.75), total);

    const report = reportOf(total, plan, errors, options.dryRun);
    if (!options.dryRun) report.created = await this.write(caller, plan, report, options);
    await options.progress?.(total, total);
    return report;
  }

  /** 1. Each row on its own (cells, formats); the NIK is hashed at once and never kept in clear. */
  private async checkEachRow(rows: RosterRow[], errors: RowErrors, options: ImportOptions): Promise<Planned[]> {
    const checked: Planned[] = [];
    for (let i = 0; i < rows.length; i++) {
      const { value, errors: rowErrors } = checkRow(rows[i]);
      errors.add(rowErrors);
      if (value) checked.push({ ...value, nikHash: value.nik ? this.nik.hash(value.nik) : null });
      if ((i + 1) % CHUNK === 0) await options.progress?.(Math.floor((i + 1) / 2), rows.length);
    }
    return checked;
  }

  /** 2. Regions: they exist, are a kecamatan or kabupaten/kota, and lie inside the importing admin's scope. */
  private async checkRegions(checked: Planned[], caller: AuthUser, scope: RegionScope, errors: RowErrors): Promise<void> {
    const levels = await this.regions.levelsOf(checked.map((row) => row.regionCode));
    for (const row of checked) {
      const level = levels.get(row.regionCode);
      if (!level) errors.refuse(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} tidak ada dalam daftar wilayah Kemendagri.`);
      else if (level === RegionLevel.PROVINCE) errors.refuse(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} adalah provinsi: isi kode kecamatan atau kabupaten/kota.`);
      else if (!inScope(row.regionCode, scope)) errors.refuse(row, 'kode_wilayah', `Kode wilayah ${row.regionCode} berada di luar wilayah kewenangan Anda (${caller.regionCode}).`);
    }
  }

  /**
   * 4. Against the database (one message for every conflict with another account, so a dry run tells nobody whether a
   * phone or NIK belongs to staff or to a worker elsewhere; admin pusat resolves these): the account of each phone, and NIKs already held by someone else. Splits the rows into
   * new workers, changed ones and unchanged ones; refuses a phone of staff or of a worker outside the scope.
   */
  private async matchAccounts(candidates: Planned[], scope: RegionScope, errors: RowErrors): Promise<Plan> {
    const existing = new Map((await this.users.findByPhones(candidates.map((row) => row.phone))).map((user) => [user.phone, user]));
    const nikOwners = await this.users.phonesOfNikHashes(candidates.map((row) => row.nikHash).filter((hash): hash is string => hash !== null));
    const plan: Plan = { toCreate: [], toUpdate: [], unchanged: 0 };
    for (const row of candidates) {
      const user = existing.get(row.phone);
      if (row.nikHash && nikOwners.has(row.nikHash) && nikOwners.get(row.nikHash) !== row.phone) {
        errors.refuse(row, 'nik', ACCOUNT_CONFLICT_MESSAGE);
      } else if (!user) {
        plan.toCreate.push(row);
      } else if (user.role !== Role.PESERTA) {
        errors.refuse(row, 'no_hp', ACCOUNT_CONFLICT_MESSAGE);
      } else if (!inScope(user.regionCode, scope)) {
        errors.refuse(row, 'no_hp', ACCOUNT_CONFLICT_MESSAGE);
      } else {
        row.existing = user;
        if (sameAsStored(row, user)) plan.unchanged++;
        else plan.toUpdate.push(row);
      }
    }
    return plan;
  }

  /** 5. One transaction: the new workers, the changed ones (two bulk statements), the audit entry. Returns how many were created. */
  private async write(caller: AuthUser, plan: Plan, report: RosterReportDto, options: ImportOptions): Promise<number> {
    return this.db.transaction(async (manager) => {
      const created = plan.toCreate.length > 0 ? await this.users.insertInvitedWorkers(manager, plan.toCreate.map(toWorker)) : 0;
      if (plan.toUpdate.length > 0) await this.users.updateWorkers(manager, plan.toUpdate.map((row) => ({ ...toWorker(row), id: row.existing!.id })));
      await this.audit.recordWithin(manager, {
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
          created,
          updated: report.updated,
          unchanged: report.unchanged,
          errors: report.errors.length,
        },
      });
      return created;
    });
  }
}

/** 3. Duplicates within the file: the first occurrence of a phone or NIK stands, later ones are refused. */
function refuseDuplicatesInFile(checked: Planned[], errors: RowErrors): void {
  const firstPhone = new Map<string, number>();
  const firstNik = new Map<string, number>();
  for (const row of checked) {
    if (row.refused) continue;
    const seen = firstPhone.get(row.phone);
    if (seen !== undefined) {
      errors.refuse(row, 'no_hp', `Nomor HP sama dengan baris ${seen}.`);
      continue;
    }
    firstPhone.set(row.phone, row.row);
    if (row.nikHash) {
      const seenNik = firstNik.get(row.nikHash);
      if (seenNik !== undefined) errors.refuse(row, 'nik', `NIK sama dengan baris ${seenNik}.`);
      else firstNik.set(row.nikHash, row.row);
    }
  }
}

/** A row that would change nothing: an empty email or NIK keeps the stored one. */
function sameAsStored(row: Planned, user: RosterMatch): boolean {
  return (
    user.name === row.name &&
    user.pillar === row.pillar &&
    user.regionCode === row.regionCode &&
    (row.email === null || user.email === row.email) &&
    (row.nikHash === null || user.nikHash === row.nikHash)
  );
}

function reportOf(total: number, plan: Plan, errors: RowErrors, dryRun: boolean): RosterReportDto {
  return {
    total,
    valid: plan.toCreate.length + plan.toUpdate.length + plan.unchanged,
    created: plan.toCreate.length,
    updated: plan.toUpdate.length,
    unchanged: plan.unchanged,
    errors: errors.sorted().map((e) => ({ row: e.row, column: e.column, message: e.message })),
    dryRun,
  };
}

function toWorker(row: Planned): RosterWorker {
  return {
    name: row.name,
    phone: row.phone,
    email: row.email,
    pillar: row.pillar,
    regionCode: row.regionCode,
    nikHash: row.nikHash,
    nikLast4: row.nik ? nikLast4(row.nik) : null,
  };
}
