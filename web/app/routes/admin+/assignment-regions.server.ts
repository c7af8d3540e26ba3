import type { UserDto } from '~/utils/api-types';
import { regionChildren } from '~/utils/regions.server';

export const REGION_CODE = /^\d{2}(?:\.\d{2}){0,2}$/;

export interface RegionChoice {
  code: string;
  label: string;
  /** Whole region (the scope or a step towards the chosen one), not one of the listed children. */
  whole: boolean;
}

const depthOf = (code: string) => (code ? code.split('.').length : 0);
const parentOf = (code: string) => code.split('.').slice(0, -1).join('.');

/**
 * The regions an admin may assign to, without JavaScript: their own region (all of it), the path down to the region
 * chosen so far, and the regions just under it. A kabupaten/kota admin sees their kecamatan at once; a province or the
 * national admin goes down a level with "show the regions under it".
 */
export async function regionChoices(user: UserDto, wanted: string | undefined): Promise<{ choices: RegionChoice[]; selected: string; deeper: boolean }> {
  const root = user.role === 'ADMIN_PUSAT' ? '' : user.regionCode ?? '';
  if (user.role !== 'ADMIN_PUSAT' && !root) return { choices: [], selected: '', deeper: false };
  const inside = (code: string) => !root || code === root || code.startsWith(`${root}.`);
  const selected = wanted && REGION_CODE.test(wanted) && inside(wanted) ? wanted : root;
  const listed = depthOf(selected) >= 3 ? parentOf(selected) : selected;
  const choices: RegionChoice[] = [{ code: root, label: root ? user.regionName ?? root : '', whole: true }];
  for (let depth = depthOf(root) + 1; depth <= depthOf(listed); depth += 1) {
    const code = listed.split('.').slice(0, depth).join('.');
    const siblings = await regionChildren(parentOf(code) || undefined).catch(() => []);
    choices.push({ code, label: siblings.find((region) => region.code === code)?.name ?? code, whole: true });
  }
  const children = depthOf(listed) < 3 ? await regionChildren(listed || undefined).catch(() => []) : [];
  for (const region of children) choices.push({ code: region.code, label: region.name, whole: false });
  return { choices, selected, deeper: depthOf(listed) < 2 };
}
