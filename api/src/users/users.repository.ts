import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../auth/policy.decorator';
import { RegionScope, scopeSql } from '../auth/region-scope';
import { Pillar } from '../common/pillar';
import { likePattern, pagedRows, PagedRows, rowsOf } from '../common/sql';
import { USER_COLUMNS, type UserRow } from './user-row';
import { UserStatus } from './user-status';
import { snapshotOf, type WorkerSnapshot } from './worker-changes';

/** Kept where the users domain's files have always found them. */
export { USER_COLUMNS, type UserRow };

/** The few facts other domains need about an account. */
export interface UserSummary {
  id: string;
  name: string;
  role: Role;
  pillar: Pillar | null;
  regionCode: string | null;
  status: UserStatus;
}

/** What a sign-in or activation attempt is checked against. */
export interface SignInAttempt {
  id: string;
  password_hash: string | null;
  activation_code_hash: string | null;
  activation_expires_at: Date | null;
  status: UserStatus;
  role: Role;
  region_code: string | null;
}

/** A new account, before it has a password or an activation code. */
export interface NewAccount {
  name: string;
  phone: string;
  email: string | null;
  role: Role;
  pillar: Pillar | null;
  regionCode: string | null;
}

/** The workers' filters of the admins' lists, exports and activation codes. */
export interface WorkerFilter {
  pillar?: Pillar;
  /** This region and everything under it. */
  region?: string;
  status?: UserStatus;
  /** Part of the name, or of the phone number when it has at least four digits. */
  q?: string;
}

/** The columns an admin may change on a worker. */
export interface WorkerChanges {
  name?: string;
  email?: string | null;
  pillar?: Pillar;
  region_code?: string;
}

/** An account a roster row is matched with (by phone). */
export interface RosterMatchRow {
  id: string;
  phone: string;
  name: string;
  email: string | null;
  role: Role;
  pillar: Pillar | null;
  region_code: string | null;
  nik_hash: string | null;
}

/** A worker a roster creates or updates. */
export interface RosterWorker {
  name: string;
  phone: string;
  email: string | null;
  pillar: Pillar;
  regionCode: string;
  nikHash: string | null;
  nikLast4: string | null;
}

/** Every statement on `users`: the users domain owns the table, other domains go through UsersService. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager for a statement that runs on its own, for the methods that otherwise take the caller's transaction. */
  get outsideTransaction(): EntityManager {
    return this.db.manager;
  }

  // Other domains' lookups.

  async findSummary(id: string): Promise<UserSummary | null> {
    const [row] = await rowsOf<Omit<UserSummary, 'regionCode'> & { region_code: string | null }>(
      this.db,
      `SELECT id, name, role, pillar, region_code, status FROM users WHERE id = $1`,
      [id],
    );
    return row ? { id: row.id, name: row.name, role: row.role, pillar: row.pillar, regionCode: row.region_code, status: row.status } : null;
  }

  namesOf(ids: string[]): Promise<{ id: string; name: string }[]> {
    return rowsOf<{ id: string; name: string }>(this.db, `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Workers (PESERTA) an assignment reaches: active or invited (not yet activated), of these pillars, in the scope. */
  /** Workers (PESERTA, ACTIVE or INVITED) of one pillar in `region` and under it, after `after` in (region, id) order. */
  workersAfter(pillar: Pillar, region: string, after: { regionCode: string; id: string } | null, limit: number): Promise<{ id: string; regionCode: string }[]> {
    const params: unknown[] = [pillar, region, `${region}.%`, after?.regionCode ?? '', after?.id ?? '00000000-0000-0000-0000-000000000000', limit];
    return rowsOf(
      this.db,
      `SELECT u.id, u.region_code AS "regionCode" FROM users u
        WHERE u.role = '${Role.PESERTA}' AND u.status IN ('${UserStatus.ACTIVE}', '${UserStatus.INVITED}') AND u.pillar = $1::pillar
          AND ($2 = '' OR u.region_code = $2 OR u.region_code LIKE $3) AND (u.region_code, u.id) > ($4, $5::uuid)
        ORDER BY u.region_code, u.id LIMIT $6`,
      params,
    );
  }

  /** How many workers (as in workersAfter) of one pillar are in `region` and under it. */
  async countWorkers(pillar: Pillar, region: string): Promise<number> {
    const [row] = await rowsOf<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM users u
        WHERE u.role = '${Role.PESERTA}' AND u.status IN ('${UserStatus.ACTIVE}', '${UserStatus.INVITED}') AND u.pillar = $1::pillar
          AND ($2 = '' OR u.region_code = $2 OR u.region_code LIKE $3)`,
      [pillar, region, `${region}.%`],
    );
    return row?.n ?? 0;
  }

  async workerIdsIn(pillars: Pillar[], scope: RegionScope): Promise<string[]> {
    const params: unknown[] = [pillars];
    const rows = await rowsOf<{ id: string }>(
      this.db,
      `SELECT u.id FROM users u
        WHERE u.role = '${Role.PESERTA}' AND u.status IN ('${UserStatus.ACTIVE}', '${UserStatus.INVITED}')
          AND u.pillar = ANY($1::pillar[]) AND ${scopeSql('u.region_code', scope, params)}`,
      params,
    );
    return rows.map((row) => row.id);
  }

  // Accounts as UserDto rows.

  async findRow(manager: EntityManager, id: string): Promise<UserRow | null> {
    const [row] = await rowsOf<UserRow>(manager, `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return row ?? null;
  }

  /** A worker inside the scope; null for a missing one and for one outside the scope alike. */
  async findWorkerInScope(manager: EntityManager, id: string, scope: RegionScope): Promise<UserRow | null> {
    const params: unknown[] = [id];
    const [row] = await rowsOf<UserRow>(
      manager,
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.role = '${Role.PESERTA}' AND ${scopeSql('u.region_code', scope, params)}`,
      params,
    );
    return row ?? null;
  }

  pageOfWorkers(scope: RegionScope, filter: WorkerFilter, page: number, pageSize: number): Promise<PagedRows<UserRow>> {
    const params: unknown[] = [];
    const where = workerCondition(scope, filter, params);
    return pagedRows<UserRow>(this.db, { columns: USER_COLUMNS, from: 'users u', where, orderBy: 'u.name, u.id' }, params, { page, pageSize });
  }

  /** The workers matching the filters, by region then name, at most `limit`. */
  workersForExport(scope: RegionScope, filter: WorkerFilter, limit: number): Promise<UserRow[]> {
    const params: unknown[] = [];
    const condition = workerCondition(scope, filter, params);
    return rowsOf<UserRow>(this.db, `SELECT ${USER_COLUMNS} FROM users u WHERE ${condition} ORDER BY u.region_code, u.name LIMIT ${limit}`, params);
  }

  /** Trainers and admins in the scope, by role then name; `q` matches part of the name or of the phone. */
  pageOfStaff(scope: RegionScope, filter: { role?: Role; q?: string }, page: number, pageSize: number): Promise<PagedRows<UserRow>> {
    const params: unknown[] = [];
    const where = [`u.role <> '${Role.PESERTA}'`, scopeSql('u.region_code', scope, params)];
    if (filter.role) {
      params.push(filter.role);
      where.push(`u.role = $${params.length}`);
    }
    if (filter.q?.trim()) {
      params.push(likePattern(filter.q.trim()));
      where.push(`(u.name ILIKE $${params.length} OR u.phone LIKE $${params.length})`);
    }
    return pagedRows<UserRow>(this.db, { columns: USER_COLUMNS, from: 'users u', where: where.join(' AND '), orderBy: 'u.role, u.name' }, params, { page, pageSize });
  }

  // Staff accounts and roles.

  /** A new INVITED account; null when the phone is taken. */
  async insertInvited(manager: EntityManager, account: NewAccount): Promise<string | null> {
    const [row] = await rowsOf<{ id: string }>(
      manager,
      `INSERT INTO users (name, phone, email, role, pillar, region_code, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [account.name, account.phone, account.email, account.role, account.pillar, account.regionCode, UserStatus.INVITED],
    );
    return row?.id ?? null;
  }

  /** Sets an activation code (its hash) valid for `days`; returns when it expires. */
  async setActivationCode(manager: EntityManager, id: string, codeHash: string, days: number): Promise<Date> {
    const [row] = await rowsOf<{ activation_expires_at: Date }>(
      manager,
      `UPDATE users SET activation_code_hash = $2, activation_expires_at = now() + make_interval(days => $3) WHERE id = $1 RETURNING activation_expires_at`,
      [id, codeHash, days],
    );
    return row.activation_expires_at;
  }

  /** The role and scope of an account, locked until the transaction ends. */
  async lockRoleAndScope(manager: EntityManager, id: string): Promise<{ id: string; role: Role; status: UserStatus; region_code: string | null; pillar: Pillar | null } | null> {
    const [row] = await rowsOf<{ id: string; role: Role; status: UserStatus; region_code: string | null; pillar: Pillar | null }>(
      manager,
      `SELECT id, role, status, region_code, pillar FROM users WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async setRoleAndScope(manager: EntityManager, id: string, role: Role, regionCode: string | null, pillar: Pillar | null): Promise<void> {
    await manager.query(`UPDATE users SET role = $2, region_code = $3, pillar = $4, updated_at = now() WHERE id = $1`, [id, role, regionCode, pillar]);
  }

  // Workers.

  /** Changes the given columns of a worker inside the scope. */
  async updateWorker(manager: EntityManager, id: string, scope: RegionScope, changes: WorkerChanges): Promise<void> {
    const columns = WORKER_COLUMNS.filter((column) => changes[column] !== undefined);
    if (columns.length === 0) return;
    const params: unknown[] = [id, ...columns.map((column) => changes[column])];
    await manager.query(
      `UPDATE users SET ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')}, updated_at = now()
        WHERE id = $1 AND role = '${Role.PESERTA}' AND ${scopeSql('region_code', scope, params)}`,
      params,
    );
  }

  /** A PENDING account becomes ACTIVE; false when it was not pending. */
  async approvePending(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(
      manager,
      `UPDATE users SET status = $2, approved_at = now(), activated_at = coalesce(activated_at, now()), updated_at = now()
        WHERE id = $1 AND status = $3 RETURNING id`,
      [id, UserStatus.ACTIVE, UserStatus.PENDING],
    );
    return rows.length > 0;
  }

  /** Back to INVITED with a new activation code and no password. Returns when the code expires. */
  async resetToInvited(manager: EntityManager, id: string, codeHash: string, days: number): Promise<Date> {
    const [row] = await rowsOf<{ activation_expires_at: Date }>(
      manager,
      `UPDATE users SET status = $2, password_hash = NULL, activation_code_hash = $3,
              activation_expires_at = now() + make_interval(days => $4), updated_at = now()
        WHERE id = $1 RETURNING activation_expires_at`,
      [id, UserStatus.INVITED, codeHash, days],
    );
    return row.activation_expires_at;
  }

  /** Invited workers matching the filters whose code is missing or expired, locked, by region then name. */
  lockInvitedWithoutCode(manager: EntityManager, scope: RegionScope, filter: WorkerFilter, limit: number): Promise<{ id: string; name: string; phone: string; region_code: string | null }[]> {
    const params: unknown[] = [];
    const condition = workerCondition(scope, { ...filter, status: UserStatus.INVITED }, params);
    return rowsOf<{ id: string; name: string; phone: string; region_code: string | null }>(
      manager,
      `SELECT u.id, u.name, u.phone, u.region_code FROM users u
        WHERE ${condition} AND (u.activation_code_hash IS NULL OR u.activation_expires_at <= now())
        ORDER BY u.region_code, u.name LIMIT ${limit} FOR UPDATE`,
      params,
    );
  }

  /** Sets many activation codes in one statement; returns when each expires. */
  setActivationCodes(manager: EntityManager, codes: { id: string; hash: string }[], days: number): Promise<{ id: string; activation_expires_at: Date }[]> {
    return rowsOf<{ id: string; activation_expires_at: Date }>(
      manager,
      `UPDATE users u SET activation_code_hash = v.hash, activation_expires_at = now() + make_interval(days => $3), updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS v(id, hash) WHERE u.id = v.id
       RETURNING u.id, u.activation_expires_at`,
      [codes.map((code) => code.id), codes.map((code) => code.hash), days],
    );
  }

  // Sign-in, activation, registration, password.

  /** The account a sign-in or activation names, with what checking it needs; null when the phone is unknown. */
  async findSignInAttempt(phone: string): Promise<SignInAttempt | null> {
    const [row] = await rowsOf<SignInAttempt>(
      this.db,
      `SELECT id, password_hash, activation_code_hash, activation_expires_at, status, role, region_code FROM users WHERE phone = $1`,
      [phone],
    );
    return row ?? null;
  }

  /**
   * Spends the activation code in the same statement that checks it (two concurrent activations cannot both win):
   * the account becomes ACTIVE with this password. False when the code no longer matches or has expired.
   */
  async activateWithCode(manager: EntityManager, id: string, codeHash: string, passwordHash: string): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(
      manager,
      `UPDATE users SET password_hash = $3, status = $4, activation_code_hash = NULL, activation_expires_at = NULL,
              activated_at = now(), updated_at = now()
        WHERE id = $1 AND activation_code_hash = $2 AND activation_expires_at > now()
        RETURNING id`,
      [id, codeHash, passwordHash, UserStatus.ACTIVE],
    );
    return rows.length > 0;
  }

  /** A self-registered account waiting for approval; null when the phone is taken. */
  async insertPending(account: NewAccount, passwordHash: string): Promise<string | null> {
    const [row] = await rowsOf<{ id: string }>(
      this.db,
      `INSERT INTO users (name, phone, email, role, pillar, region_code, status, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [account.name, account.phone, account.email, account.role, account.pillar, account.regionCode, UserStatus.PENDING, passwordHash],
    );
    return row?.id ?? null;
  }

  /** An ACTIVE account with a password, activated now (demo accounts); false when the phone is taken. */
  async insertActive(account: NewAccount, passwordHash: string): Promise<boolean> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      `INSERT INTO users (name, phone, email, role, pillar, region_code, status, password_hash, activated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [account.name, account.phone, account.email, account.role, account.pillar, account.regionCode, UserStatus.ACTIVE, passwordHash],
    );
    return rows.length > 0;
  }

  async existsByPhone(phone: string): Promise<boolean> {
    return (await rowsOf<{ found: number }>(this.db, `SELECT 1 AS found FROM users WHERE phone = $1`, [phone])).length > 0;
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const [row] = await rowsOf<{ password_hash: string | null }>(this.db, `SELECT password_hash FROM users WHERE id = $1`, [id]);
    return row?.password_hash ?? null;
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  // Rosters.

  findByPhones(phones: string[]): Promise<RosterMatchRow[]> {
    return rowsOf<RosterMatchRow>(
      this.db,
      `SELECT id, phone, name, email, role, pillar, region_code, nik_hash FROM users WHERE phone = ANY($1::varchar[])`,
      [phones],
    );
  }

  phonesOfNikHashes(nikHashes: string[]): Promise<{ nik_hash: string; phone: string }[]> {
    return rowsOf<{ nik_hash: string; phone: string }>(this.db, `SELECT nik_hash, phone FROM users WHERE nik_hash = ANY($1::varchar[])`, [nikHashes]);
  }

  /** New INVITED workers in one statement; a phone taken meanwhile is skipped. Returns the ones created. */
  async insertInvitedWorkers(manager: EntityManager, workers: RosterWorker[]): Promise<{ id: string; region_code: string; pillar: Pillar }[]> {
    return rowsOf<{ id: string; region_code: string; pillar: Pillar }>(
      manager,
      `INSERT INTO users (name, phone, email, role, pillar, region_code, status, nik_hash, nik_last4)
       SELECT v.name, v.phone, v.email, '${Role.PESERTA}', v.pillar, v.region_code, $8, v.nik_hash, v.nik_last4
         FROM unnest($1::text[], $2::varchar[], $3::text[], $4::pillar[], $5::varchar[], $6::varchar[], $7::char(4)[])
              AS v(name, phone, email, pillar, region_code, nik_hash, nik_last4)
       ON CONFLICT (phone) DO NOTHING RETURNING id, region_code, pillar`,
      [
        workers.map((w) => w.name),
        workers.map((w) => w.phone),
        workers.map((w) => w.email),
        workers.map((w) => w.pillar),
        workers.map((w) => w.regionCode),
        workers.map((w) => w.nikHash),
        workers.map((w) => w.nikLast4),
        UserStatus.INVITED,
      ],
    );
  }

  /** Role, status, region and pillar of these accounts, locked until the transaction ends. */
  async lockSnapshots(manager: EntityManager, ids: string[]): Promise<Map<string, WorkerSnapshot>> {
    const rows = await rowsOf<{ id: string; role: Role; status: UserStatus; region_code: string | null; pillar: Pillar | null }>(
      manager,
      `SELECT id, role, status, region_code, pillar FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, snapshotOf(row)]));
  }

  /** Updates workers in one statement; an email or NIK the roster leaves empty keeps the stored one. */
  async updateWorkers(manager: EntityManager, workers: (RosterWorker & { id: string })[]): Promise<void> {
    await manager.query(
      `UPDATE users u SET name = v.name, pillar = v.pillar, region_code = v.region_code,
              email = coalesce(v.email, u.email), nik_hash = coalesce(v.nik_hash, u.nik_hash),
              nik_last4 = coalesce(v.nik_last4, u.nik_last4), updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::pillar[], $4::varchar[], $5::text[], $6::varchar[], $7::char(4)[])
              AS v(id, name, pillar, region_code, email, nik_hash, nik_last4)
        WHERE u.id = v.id`,
      [
        workers.map((w) => w.id),
        workers.map((w) => w.name),
        workers.map((w) => w.pillar),
        workers.map((w) => w.regionCode),
        workers.map((w) => w.email),
        workers.map((w) => w.nikHash),
        workers.map((w) => w.nikLast4),
      ],
    );
  }
}

/** The worker columns an admin may change, in the order they are written. */
const WORKER_COLUMNS = ['name', 'email', 'pillar', 'region_code'] as const;

/** The WHERE condition of the workers' lists: PESERTA inside the caller's scope, then the filters. */
function workerCondition(scope: RegionScope, filter: WorkerFilter, params: unknown[]): string {
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
      params.push(likePattern(q));
      where.push(`u.name ILIKE $${params.length}`);
    }
  }
  return where.join(' AND ');
}
