/**
 * Dates and numbers as Indonesians read them. A date or time always names its time zone: the API stores UTC, a page
 * shows it in one of Indonesia's three zones (WIB by default: most Dinsos offices and the ministry run on it).
 */
export type ZoneName = 'WIB' | 'WITA' | 'WIT';

const ZONES: Record<ZoneName, string> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

/** Province codes (Kemendagri) east of WIB: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi; Maluku, Papua. */
const WITA_PROVINCES = ['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'];

/** The zone of a region code (`32.72.03`), WIB when unknown. */
export function zoneOfRegion(code: string | null | undefined): ZoneName {
  const province = code?.slice(0, 2) ?? '';
  if (province.startsWith('8') || province.startsWith('9')) return 'WIT';
  return WITA_PROVINCES.includes(province) ? 'WITA' : 'WIB';
}

function dateLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'id-ID';
}

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * `3 Des 2026 14.05 WIB`, or with `dateOnly` `3 Desember 2026 (WIB)` (the day itself depends on the zone). `—` for
 * no date.
 */
export function formatDateTime(
  value: string | Date | null | undefined,
  locale = 'id',
  { zone = 'WIB', dateOnly = false }: { zone?: ZoneName; dateOnly?: boolean } = {},
): string {
  const date = toDate(value);
  if (!date) return '—';
  const parts: Intl.DateTimeFormatOptions = dateOnly
    ? { day: 'numeric', month: 'long', year: 'numeric' }
    : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  const text = new Intl.DateTimeFormat(dateLocale(locale), { ...parts, timeZone: ZONES[zone] }).format(date);
  return dateOnly ? `${text} (${zone})` : `${text} ${zone}`;
}

/** A calendar day: `formatDateTime` with `dateOnly`. */
export function formatDate(value: string | Date | null | undefined, locale = 'id', zone: ZoneName = 'WIB'): string {
  return formatDateTime(value, locale, { zone, dateOnly: true });
}

/** `+6281234567890` → `0812-3456-7890`, the form people write and read aloud. Anything else is shown as is. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^\+62(\d{3})(\d{3,4})(\d{3,5})$/.exec(value);
  if (!match) return value;
  return `0${match[1]}-${match[2]}-${match[3]}`;
}

/** An activation code in two halves, `K7M2-Q9TX`, easier to read out and copy. */
export function formatActivationCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function formatNumber(value: number, locale = 'id'): string {
  return new Intl.NumberFormat(dateLocale(locale)).format(value);
}
