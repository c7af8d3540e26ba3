import type { RegionOption } from '~/components/auth/region-steps';
import type { Role, UserDto } from '~/utils/api-types';
import { regionChildren, regionLabel } from '~/utils/regions.server';

/** Who may use the admin pages; the API applies the same policy and the region scope, this only spares a round trip. */
export const ADMIN_ROLES = ['ADMIN_DINSOS', 'ADMIN_PUSAT'] as const satisfies readonly Role[];

/** The admin's region as the pages name it; null for the national admin. */
export function scopeName(user: UserDto): string | null {
  return user.role === 'ADMIN_PUSAT' ? null : user.regionName ?? user.regionCode ?? null;
}

/**
 * Regions an admin can filter by: the level just below their scope (kecamatan for a kabupaten/kota admin, kabupaten
 * for a province admin, provinces for the national admin), plus the region in the URL if it is deeper.
 */
export async function scopeRegionOptions(user: UserDto, selected?: string): Promise<RegionOption[]> {
  const scope = user.role === 'ADMIN_PUSAT' ? undefined : user.regionCode ?? undefined;
  const options = scope && scope.split('.').length >= 3 ? [] : [...(await regionChildren(scope).catch(() => []))];
  if (selected && !options.some((region) => region.code === selected)) {
    const label = await regionLabel(selected);
    if (label) options.unshift({ code: selected, name: label });
  }
  return options;
}
