/**
 * Indonesia's three time zones by province code (the first two digits of a Kemendagri code).
 * Source: Keputusan Presiden No. 41 Tahun 1987 tentang Pembagian Wilayah Republik Indonesia menjadi 3 (tiga) Wilayah
 * Waktu — WIB (UTC+7): Sumatera, Jawa, Kalimantan Barat and Tengah; WITA (UTC+8): Kalimantan Selatan and Timur (and
 * Utara, split from Timur in 2012), Bali, NTB, NTT, Sulawesi; WIT (UTC+9): Maluku, Maluku Utara, Papua (and the
 * provinces split from it: Papua Barat 2003, Papua Selatan/Tengah/Pegunungan 2022, Papua Barat Daya 2022).
 * Indonesia keeps no daylight saving time, so each zone is a fixed offset.
 */
export interface EventZone {
  /** IANA name. */
  timeZone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  /** What people read: WIB, WITA or WIT. */
  label: 'WIB' | 'WITA' | 'WIT';
  offsetMinutes: number;
}

const WIB: EventZone = { timeZone: 'Asia/Jakarta', label: 'WIB', offsetMinutes: 7 * 60 };
const WITA: EventZone = { timeZone: 'Asia/Makassar', label: 'WITA', offsetMinutes: 8 * 60 };
const WIT: EventZone = { timeZone: 'Asia/Jayapura', label: 'WIT', offsetMinutes: 9 * 60 };

const PROVINCE_ZONES: Record<string, EventZone> = {
  // Sumatera and islands
  '11': WIB, '12': WIB, '13': WIB, '14': WIB, '15': WIB, '16': WIB, '17': WIB, '18': WIB, '19': WIB, '21': WIB,
  // Jawa
  '31': WIB, '32': WIB, '33': WIB, '34': WIB, '35': WIB, '36': WIB,
  // Bali and Nusa Tenggara
  '51': WITA, '52': WITA, '53': WITA,
  // Kalimantan: Barat and Tengah WIB; Selatan, Timur, Utara WITA
  '61': WIB, '62': WIB, '63': WITA, '64': WITA, '65': WITA,
  // Sulawesi
  '71': WITA, '72': WITA, '73': WITA, '74': WITA, '75': WITA, '76': WITA,
  // Maluku and Papua
  '81': WIT, '82': WIT, '91': WIT, '92': WIT, '93': WIT, '94': WIT, '95': WIT, '96': WIT,
};

const ZONES_BY_NAME = new Map([WIB, WITA, WIT].map((zone) => [zone.timeZone, zone]));

/** The zone of a region (any level) by its province; undefined for an unknown province. */
export function zoneOfRegion(regionCode: string): EventZone | undefined {
  return PROVINCE_ZONES[regionCode.slice(0, 2)];
}

export function zoneNamed(timeZone: string): EventZone {
  return ZONES_BY_NAME.get(timeZone as EventZone['timeZone']) ?? WIB;
}

/** The UTC instant of a local date (YYYY-MM-DD) and time (HH:MM) in the zone. */
export function localToInstant(date: string, time: string, zone: EventZone): Date {
  const utc = Date.parse(`${date}T${time}:00Z`);
  return new Date(utc - zone.offsetMinutes * 60_000);
}

/** The local HH:MM of an instant in the zone. */
export function localTime(instant: Date, zone: EventZone): string {
  return new Date(instant.getTime() + zone.offsetMinutes * 60_000).toISOString().slice(11, 16);
}

/** The local date and time of an instant, for people: "2026-12-03 08:00 WIT". */
export function localStamp(instant: Date, zone: EventZone): string {
  const shifted = new Date(instant.getTime() + zone.offsetMinutes * 60_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} ${zone.label}`;
}
