import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import { RegionLevel } from './region-level';
import { insertMissingRegions, RegionSeedRow } from './regions.repository';

/**
 * Loads provinces, kabupaten/kota, kecamatan and desa from `idn-area-data` (ODbL) in INSERT … SELECT unnest(…).
 * Idempotent: rows that exist are left alone, missing ones are added (also when a newer package adds regions), so
 * it is safe on every start and from several instances at once.
 */
export async function seedRegions(manager: EntityManager): Promise<number> {
  const [provinces, regencies, districts] = await Promise.all([
    getProvinces(),
    getRegencies({ transform: true }),
    getDistricts({ transform: true }),
  ]);
  const rows: RegionSeedRow[] = [
    ...provinces.map((p): RegionSeedRow => [p.code, p.name, RegionLevel.PROVINCE, null]),
    ...regencies.map((r): RegionSeedRow => [r.code, r.name, RegionLevel.REGENCY, r.provinceCode]),
    ...districts.map((d): RegionSeedRow => [d.code, d.name, RegionLevel.DISTRICT, d.regencyCode]),
  ];
  return (await insertMissingRegions(manager, rows)) + (await seedVillages(manager));
}

/**
 * The ≈ 84,000 desa, once: parsing them takes about a second, so they are read only when the database holds fewer
 * than the package lists (its CSV's lines, counted without parsing).
 */
async function seedVillages(manager: EntityManager): Promise<number> {
  const [row] = await rowsOf<{ n: string }>(manager, `SELECT count(*) AS n FROM regions WHERE level = 'VILLAGE'`);
  if (Number(row?.n ?? 0) >= villagesInPackage()) return 0;
  const villages = await getVillages({ transform: true });
  return insertMissingRegions(manager, villages.map((v): RegionSeedRow => [v.code, v.name, RegionLevel.VILLAGE, v.districtCode]));
}

function villagesInPackage(): number {
  const csv = readFileSync(join(dirname(require.resolve('idn-area-data')), '..', 'data', 'villages.csv'), 'latin1');
  let lines = 0;
  for (let i = csv.indexOf('\n'); i !== -1; i = csv.indexOf('\n', i + 1)) lines++;
  return lines - 1;
}
