import { getDistricts, getProvinces, getRegencies } from 'idn-area-data';
import { EntityManager } from 'typeorm';
import { RegionLevel } from './region-level';
import { insertMissingRegions, RegionSeedRow } from './regions.repository';

/**
 * Loads provinces, kabupaten/kota and kecamatan from `idn-area-data` (ODbL) in one INSERT … SELECT unnest(…).
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
  return insertMissingRegions(manager, rows);
}
