import { Injectable } from '@nestjs/common';
import type { RegionScope } from '../auth/region-scope';
import { Pillar } from '../common/pillar';
import { UserSummary, UsersRepository } from './users.repository';

export type { UserSummary } from './users.repository';

/**
 * Accounts as the other domains see them: the users domain owns the `users` table, and this is the door to it
 * (auth, workers, rosters, learning, certificates and audit read and write accounts only through here).
 */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

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
}
