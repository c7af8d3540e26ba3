import { createHmac } from 'node:crypto';

/**
 * NIK (Nomor Induk Kependudukan): 16 digits. Digits 1–6 are the kecamatan of registration (province 11–99),
 * 7–12 the birth date (day + 40 for women), 13–16 a serial that is never 0000.
 * A NIK is never stored or logged in clear: only `nikHash` (keyed HMAC, so duplicates can be found) and the last four
 * digits for display.
 */
export function normalizeNik(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const digits = input.trim().replace(/^'/, '').replace(/[\s.\-\u00a0]/g, '');
  if (!/^\d{16}$/.test(digits)) return null;
  const province = Number(digits.slice(0, 2));
  const day = Number(digits.slice(6, 8));
  const month = Number(digits.slice(8, 10));
  const validDay = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  if (province < 11 || !validDay || month < 1 || month > 12 || digits.slice(12) === '0000') return null;
  return digits;
}

export const NIK_MESSAGE = 'NIK tidak valid: harus 16 angka sesuai KTP (kode wilayah, tanggal lahir, nomor urut).';

export function nikHash(nik: string, key: string): string {
  return createHmac('sha256', key).update(nik).digest('hex');
}

export function nikLast4(nik: string): string {
  return nik.slice(-4);
}
