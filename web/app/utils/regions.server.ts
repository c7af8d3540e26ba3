import type { RegionOption } from '~/components/auth/region-steps';
import { api } from '~/utils/api.server';
import { orThrow } from './api-error';

/**
 * Region lists for the pickers. Kemendagri codes change rarely (the API lets them be cached a day): keep each list in
 * memory for an hour so a registration step does not cost an API call per list.
 */
const TTL_MS = 60 * 60 * 1000;
const cache = new Map<string, { at: number; options: RegionOption[] }>();

export async function regionChildren(parent?: string): Promise<RegionOption[]> {
  const key = parent ?? '';
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.options;
  const data = orThrow(await api().GET('/api/regions', { params: { query: { parent, pageSize: 1000 } } }));
  const options = data.items.map((region) => ({ code: region.code, name: region.name }));
  cache.set(key, { at: Date.now(), options });
  if (cache.size > 2000) cache.delete(cache.keys().next().value as string);
  return options;
}

/** One region's name with its ancestry, e.g. "Citamiang, Kota Sukabumi, Jawa Barat"; null if it does not exist. */
export async function regionLabel(code: string): Promise<string | null> {
  const { data, response } = await api().GET('/api/regions/{code}', { params: { path: { code } } });
  if (!response.ok || !data) return null;
  return [data.name, ...data.ancestry.map((region) => region.name).reverse()].join(', ');
}
