/** The four Kemendagri levels a region code can have (`32`, `32.72`, `32.72.03`, `32.72.03.1001`). */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  REGENCY = 'REGENCY',
  DISTRICT = 'DISTRICT',
  /** Desa or kelurahan: only workers are registered there (decision 033, "Desa gaps"). */
  VILLAGE = 'VILLAGE',
}
