/**
 * The region picker of self-registration, without JavaScript: each "Lanjut" is a GET of the same page with the codes
 * chosen so far; this decides which list to show next and drops a choice that no longer fits (a kabupaten of another
 * province after the province changed, or a code that does not exist).
 */
export interface RegionOption {
  code: string;
  name: string;
}

export type RegionStep = 'province' | 'regency' | 'district' | 'details';

export interface RegionChoice {
  province?: string;
  regency?: string;
  district?: string;
}

export interface RegionPicker {
  step: RegionStep;
  choice: RegionChoice;
  provinces: RegionOption[];
  regencies: RegionOption[];
  districts: RegionOption[];
  /** The list the person sent without choosing from it (pressed "Lanjut" on "Pilih…"): say so next to it. */
  missing: keyof RegionChoice | null;
}

const PROVINCE = /^\d{2}$/;
const REGENCY = /^\d{2}\.\d{2}$/;
const DISTRICT = /^\d{2}\.\d{2}\.\d{2}$/;

/** Reads the codes from the query string, keeping each only if it has the right shape and lies inside the one above. */
export function parseRegionChoice(params: URLSearchParams): RegionChoice {
  const province = clean(params.get('province'), PROVINCE);
  const regency = province ? clean(params.get('regency'), REGENCY, province) : undefined;
  const district = regency ? clean(params.get('district'), DISTRICT, regency) : undefined;
  return { province, regency, district };
}

function clean(value: string | null, shape: RegExp, parent?: string): string | undefined {
  const code = value?.trim();
  if (!code || !shape.test(code)) return undefined;
  if (parent && !code.startsWith(`${parent}.`)) return undefined;
  return code;
}

/**
 * Resolves the picker: loads the lists the choice needs (`children(undefined)` gives the provinces) and keeps a code
 * only if it is in its list.
 */
export async function resolveRegionPicker(
  params: URLSearchParams,
  children: (parent?: string) => Promise<RegionOption[]>,
): Promise<RegionPicker> {
  const wanted = parseRegionChoice(params);
  const choice: RegionChoice = {};
  const provinces = await children();
  let regencies: RegionOption[] = [];
  let districts: RegionOption[] = [];
  if (wanted.province && provinces.some((region) => region.code === wanted.province)) {
    choice.province = wanted.province;
    regencies = await children(choice.province);
    if (wanted.regency && regencies.some((region) => region.code === wanted.regency)) {
      choice.regency = wanted.regency;
      districts = await children(choice.regency);
      if (wanted.district && districts.some((region) => region.code === wanted.district)) choice.district = wanted.district;
    }
  }
  const step: RegionStep = choice.district ? 'details' : choice.regency ? 'district' : choice.province ? 'regency' : 'province';
  const missing = step !== 'details' && params.get(step)?.trim() === '' ? step : null;
  return { step, choice, provinces, regencies, districts, missing };
}

/** The query string of a picker state (for "Ubah wilayah" links): only codes and the pillar, never personal data. */
export function pickerQuery(choice: RegionChoice, pillar?: string | null, upTo: keyof RegionChoice = 'district'): string {
  const params = new URLSearchParams();
  if (pillar) params.set('pillar', pillar);
  const order: (keyof RegionChoice)[] = ['province', 'regency', 'district'];
  for (const key of order.slice(0, order.indexOf(upTo) + 1)) {
    const code = choice[key];
    if (code) params.set(key, code);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function nameOf(options: RegionOption[], code: string | undefined): string | undefined {
  return code ? options.find((region) => region.code === code)?.name : undefined;
}
