/**
 * Indonesian mobile numbers, the login of Bimtek Pilar. Stored as `+62` followed by the national number, which for a
 * mobile starts with 8 and has 9 to 12 digits (`+6281234567890`).
 *
 * Read generously: `0812-3456-7890`, `62 812 3456 7890`, `+62 (0) 812.3456.7890`, and `81234567890` (what Excel
 * leaves of a number typed without quotes: the leading zero is gone).
 */
const SEPARATORS = /[\s\-.()/\u00a0]/g;
const NATIONAL_MOBILE = /^8\d{8,11}$/;

export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  let digits = input.trim().replace(SEPARATORS, '');
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
    if (!digits.startsWith('62')) return null;
  }
  if (!/^\d+$/.test(digits)) return null;
  let national: string;
  if (digits.startsWith('62')) national = digits.slice(2).replace(/^0/, '');
  else if (digits.startsWith('0')) national = digits.slice(1);
  else national = digits;
  return NATIONAL_MOBILE.test(national) ? `+62${national}` : null;
}

export const PHONE_MESSAGE = 'Nomor HP tidak valid: gunakan nomor seluler Indonesia, misalnya 0812-3456-7890 atau +62 812 3456 7890.';

/** `+6281234567890` → `0812-3456-7890`, the way people in Indonesia write it. */
export function formatPhoneLocal(phone: string): string {
  const national = `0${phone.replace(/^\+62/, '')}`;
  return national.replace(/^(\d{4})(\d{4})(\d+)$/, '$1-$2-$3');
}
