/** The three Kemendagri levels a region code can have (`32`, `32.72`, `32.72.03`). */
export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  REGENCY = 'REGENCY',
  DISTRICT = 'DISTRICT',
}
