import { getDistricts, getProvinces, getRegencies } from 'idn-area-data';
import { EntityManager } from 'typeorm';
import { RegionLevel } from './region.entity';

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
  const rows = [
    ...provinces.map((p) => [p.code, p.name, RegionLevel.PROVINCE, null]),
    ...regencies.map((r) => [r.code, r.name, RegionLevel.REGENCY, r.provinceCode]),
    ...districts.map((d) => [d.code, d.name, RegionLevel.DISTRICT, d.regencyCode]),
  ];
  const column = (i: number) => rows.map((row) => row[i]);
  const result: unknown[] = await manager.query(
    `INSERT INTO regions (code, name, level, parent_code)
     SELECT * FROM unnest($1::varchar[], $2::text[], $3::region_level[], $4::varchar[])
     ON CONFLICT (code) DO NOTHING
     RETURNING code`,
    [column(0), column(1), column(2), column(3)],
  );
  return result.length;
}
