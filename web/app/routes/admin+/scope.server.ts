import type { Role, SessionUser } from '~/utils/session.server';
import type { RegionOption } from '../account/region-steps';
import { regionChildren, regionLabel } from '../account/regions.server';

/** Who may use the admin pages; the API applies the same policy and the region scope, this only spares a round trip. */
export const ADMIN_ROLES: Role[] = ['ADMIN_DINSOS', 'ADMIN_PUSAT'];

/**
 * Regions an admin can filter by: the level just below their scope (kecamatan for a kabupaten/kota admin, kabupaten
 * for a province admin, provinces for the national admin), plus the region in the URL if it is deeper.
 */
export async function scopeRegionOptions(user: SessionUser, selected?: string): Promise<RegionOption[]> {
  const scope = user.role === 'ADMIN_PUSAT' ? undefined : user.regionCode ?? undefined;
  const options = scope && scope.split('.').length >= 3 ? [] : [...(await regionChildren(scope).catch(() => []))];
  if (selected && !options.some((region) => region.code === selected)) {
    const label = await regionLabel(selected);
    if (label) options.unshift({ code: selected, name: label });
  }
  return options;
}
