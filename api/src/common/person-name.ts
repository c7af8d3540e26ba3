/**
 * People's names are kept exactly as written: apostrophes (`Ni Luh Putu Sari'ah`), single names (`Sukarno`),
 * Balinese and other scripts, emoji, joiners. Only the ends are trimmed; control characters and empty names are refused.
 */
export const NAME_MAX_LENGTH = 200;
// eslint-disable-next-line no-control-regex -- finding control characters (a tab aside) is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function normalizePersonName(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const name = input.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (!name || CONTROL.test(name) || [...name].length > NAME_MAX_LENGTH) return null;
  return name;
}

export const NAME_MESSAGE = `Nama wajib diisi, paling banyak ${NAME_MAX_LENGTH} karakter, tanpa karakter kontrol.`;
