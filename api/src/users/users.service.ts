import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../auth/policy.decorator';
import type { RegionScope } from '../auth/region-scope';
import { Pillar } from '../common/pillar';
import { RegionsService } from '../regions/regions.service';
import { toUserDto, UserDto } from './user.dto';
import { userNotFound } from './users.errors';
import { UserStatus } from './user-status';
import { NewAccount, RosterWorker, SignInAttempt, UserRow, UsersRepository, UserSummary } from './users.repository';
import { changesSomething, WorkerChange, WorkerChangeListener } from './worker-changes';

export type { NewAccount, RosterWorker, SignInAttempt, UserSummary } from './users.repository';

/** An account a roster row is matched with (by phone). */
export interface RosterMatch {
  id: string;
  phone: string;
  name: string;
  email: string | null;
  role: Role;
  pillar: Pillar | null;
  regionCode: string | null;
  nikHash: string | null;
}

/**
 * Accounts as the other domains see them: the users domain owns the `users` table, and this is the door to it
 * (auth, rosters, learning, certificates and audit read and write accounts only through here).
 */
@Injectable()
export class UsersService {
  private readonly workerChangeListeners: WorkerChangeListener[] = [];

  constructor(
    private readonly users: UsersRepository,
    private readonly regions: RegionsService,
  ) {}

  /** id, name, role, pillar, regionCode, status of one account; null when there is none. */
  findById(id: string): Promise<UserSummary | null> {
    return this.users.findSummary(id);
  }

  /** id → name for the accounts that exist (unknown ids are absent from the map). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.users.namesOf([...new Set(ids)])).map((row) => [row.id, row.name]));
  }

  /** The account's region (its scope), or null when it has none or does not exist. */
  async regionCodeOf(id: string): Promise<string | null> {
    return (await this.users.findSummary(id))?.regionCode ?? null;
  }

  /**
   * Ids of the workers (PESERTA, status ACTIVE or INVITED) of these pillars inside the region scope: whom an
   * assignment reaches. `{ all: true }` is every region.
   */
  workerIdsIn(criteria: { pillars: Pillar[]; scope: RegionScope }): Promise<string[]> {
    return this.users.workerIdsIn(criteria.pillars, criteria.scope);
  }

  /** A batch of the workers of one pillar in a region ('' = all), in (region, id) order after `after` (the reports' lists). */
  workersAfter(pillar: Pillar, region: string, after: { regionCode: string; id: string } | null, limit: number): Promise<{ id: string; regionCode: string }[]> {
    return this.users.workersAfter(pillar, region, after, limit);
  }

  countWorkers(pillar: Pillar, region: string): Promise<number> {
    return this.users.countWorkers(pillar, region);
  }

  /** The account as the API shows it (GET /api/me). */
  async profile(id: string): Promise<UserDto> {
    const row = await this.users.findRow(this.users.outsideTransaction, id);
    if (!row) throw userNotFound();
    return this.toDto(row);
  }

  /** Rows of `users` as UserDtos, with the names of their regions. */
  async toDtos(rows: UserRow[]): Promise<UserDto[]> {
    const names = await this.regions.namesOf(rows.flatMap((row) => (row.region_code ? [row.region_code] : [])));
    return rows.map((row) => toUserDto(row, row.region_code ? (names.get(row.region_code) ?? null) : null));
  }

  async toDto(row: UserRow): Promise<UserDto> {
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  // Sign-in, activation, registration and passwords (the auth domain's rules, on this domain's table).

  /** The account a sign-in names; null when the phone is unknown (failures are counted by the auth domain). */
  findSignInAttempt(phone: string): Promise<SignInAttempt | null> {
    return this.users.findSignInAttempt(phone);
  }

  /** Spends the activation code and sets the password, in the caller's transaction; false when the code is spent. */
  activateWithCode(manager: EntityManager, id: string, codeHash: string, passwordHash: string): Promise<boolean> {
    return this.users.activateWithCode(manager, id, codeHash, passwordHash);
  }

  /** A self-registered worker, PENDING until approved; null when the phone is taken. */
  registerPending(account: NewAccount, passwordHash: string): Promise<string | null> {
    return this.users.insertPending(account, passwordHash);
  }

  passwordHashOf(id: string): Promise<string | null> {
    return this.users.passwordHashOf(id);
  }

  setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    return this.users.setPasswordHash(manager, id, passwordHash);
  }

  // Roster imports.

  async findByPhones(phones: string[]): Promise<RosterMatch[]> {
    const rows = await this.users.findByPhones(phones);
    return rows.map((row) => ({ id: row.id, phone: row.phone, name: row.name, email: row.email, role: row.role, pillar: row.pillar, regionCode: row.region_code, nikHash: row.nik_hash }));
  }

  /** NIK hash → phone of the account holding it, for the hashes that are taken. */
  async phonesOfNikHashes(nikHashes: string[]): Promise<Map<string, string>> {
    return new Map((await this.users.phonesOfNikHashes(nikHashes)).map((row) => [row.nik_hash, row.phone]));
  }

  /** New INVITED workers, in the caller's transaction; a phone taken meanwhile is skipped. Returns how many. */
  async insertInvitedWorkers(manager: EntityManager, workers: RosterWorker[]): Promise<number> {
    const created = await this.users.insertInvitedWorkers(manager, workers);
    await this.workersChanged(
      manager,
      created.map((row) => ({ userId: row.id, before: null, after: { role: Role.PESERTA, status: UserStatus.INVITED, regionCode: row.region_code, pillar: row.pillar } })),
    );
    return created.length;
  }

  /** Workers updated from a roster, in the caller's transaction. */
  async updateWorkers(manager: EntityManager, workers: (RosterWorker & { id: string })[]): Promise<void> {
    const before = await this.users.lockSnapshots(manager, workers.map((w) => w.id));
    await this.users.updateWorkers(manager, workers);
    await this.workersChanged(
      manager,
      workers.flatMap((w) => {
        const old = before.get(w.id);
        return old ? [{ userId: w.id, before: old, after: { ...old, regionCode: w.regionCode, pillar: w.pillar } }] : [];
      }),
    );
  }

  // Worker changes (the reports' headcounts).

  /** Registers a listener told of worker changes inside their transactions (ReportsModule does, at start). */
  onWorkerChanges(listener: WorkerChangeListener): void {
    this.workerChangeListeners.push(listener);
  }

  /** Tells the listeners of these changes, in the caller's transaction (a failing listener rolls the change back). */
  async workersChanged(manager: EntityManager, changes: WorkerChange[]): Promise<void> {
    const real = changes.filter(changesSomething);
    if (real.length === 0) return;
    for (const listener of this.workerChangeListeners) await listener(manager, real);
  }
}
