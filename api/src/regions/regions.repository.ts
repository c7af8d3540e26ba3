import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Like, Repository } from 'typeorm';
import { rowsOf } from '../common/sql';
import { RegionLevel } from './region-level';
import { Region } from './region.entity';

/** A row to seed: code, name, level, parent code. */
export type RegionSeedRow = [string, string, RegionLevel, string | null];

/** Every statement on `regions`. */
@Injectable()
export class RegionsRepository {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  findByCode(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }

  /** The regions of these codes, in code order (unknown codes are left out). */
  findByCodes(codes: string[]): Promise<Region[]> {
    return this.regions.find({ where: { code: In(codes) }, order: { code: 'ASC' } });
  }

  /** The kecamatan under a region (all of them for null), in code order. */
  findKecamatanUnder(code: string | null): Promise<Region[]> {
    const level = RegionLevel.DISTRICT;
    if (code === null) return this.regions.find({ where: { level }, order: { code: 'ASC' } });
    return this.regions.find({ where: [{ level, code }, { level, code: Like(`${code}.%`) }], order: { code: 'ASC' } });
  }

  /** The desa of these kecamatan, in code order (one query by the parent index; plain rows: up to 84,000 of them). */
  findVillagesOf(kecamatan: string[]): Promise<{ code: string; name: string; parent_code: string }[]> {
    return rowsOf(
      this.regions.manager,
      `SELECT code, name, parent_code FROM regions WHERE level = 'VILLAGE' AND parent_code = ANY($1::varchar[]) ORDER BY code`,
      [kecamatan],
    );
  }

  /** Children of `parent` (provinces without one), a page in code order, with how many there are. */
  pageOfChildren(parent: string | undefined, page: number, pageSize: number): Promise<[Region[], number]> {
    return this.regions.findAndCount({
      where: { parentCode: parent ?? IsNull() },
      order: { code: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}

/**
 * Adds the regions that are missing, in one INSERT … SELECT unnest(…); existing rows are left alone. Runs at start-up
 * before Nest exists, hence a function on the manager rather than a method. Returns how many were added.
 */
export async function insertMissingRegions(manager: EntityManager, rows: RegionSeedRow[]): Promise<number> {
  const column = (i: number) => rows.map((row) => row[i]);
  const inserted = await rowsOf<{ code: string }>(
    manager,
    `INSERT INTO regions (code, name, level, parent_code)
     SELECT * FROM unnest($1::varchar[], $2::text[], $3::region_level[], $4::varchar[])
     ON CONFLICT (code) DO NOTHING
     RETURNING code`,
    [column(0), column(1), column(2), column(3)],
  );
  return inserted.length;
}
