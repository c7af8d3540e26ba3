import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../auth/policy.decorator';
import { RegionScope, scopeSql } from '../auth/region-scope';
import { Pillar } from '../common/pillar';
import { rowsOf } from '../common/sql';
import { UserStatus } from './user-status';

/** The few facts other domains need about an account. */
export interface UserSummary {
  id: string;
  name: string;
  role: Role;
  pillar: Pillar | null;
  regionCode: string | null;
  status: UserStatus;
}

interface SummaryRow {
  id: string;
  name: string;
  role: Role;
  pillar: Pillar | null;
  region_code: string | null;
  status: UserStatus;
}

/** Every statement on `users`: the users domain owns the table, other domains go through UsersService. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findSummary(id: string): Promise<UserSummary | null> {
    const [row] = await rowsOf<SummaryRow>(this.db, `SELECT id, name, role, pillar, region_code, status FROM users WHERE id = $1`, [id]);
    return row ? { id: row.id, name: row.name, role: row.role, pillar: row.pillar, regionCode: row.region_code, status: row.status } : null;
  }

  async namesOf(ids: string[]): Promise<{ id: string; name: string }[]> {
    return rowsOf<{ id: string; name: string }>(this.db, `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Workers (PESERTA) an assignment reaches: active or invited (not yet activated), of these pillars, in the scope. */
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
}
