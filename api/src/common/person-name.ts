import { hasUnsafeText, trimEnds } from './text-safety';

/**
 * People's names are kept exactly as written: apostrophes (`Ni Luh Putu Sari'ah`), single names (`Sukarno`),
 * Balinese and other scripts, emoji, joiners. Only the ends are trimmed; control characters, bidi controls, lone
 * surrogates and empty names are refused.
 */
export const NAME_MAX_LENGTH = 200;
/** Longer input is refused before any scan: a name of 200 characters with generous padding fits well below it. */
const INPUT_MAX_LENGTH = 1000;
// eslint-disable-next-line no-control-regex -- finding control characters (a tab aside) is the point of this pattern
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function normalizePersonName(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > INPUT_MAX_LENGTH) return null;
  const name = trimEnds(input);
  if (!name || CONTROL.test(name) || hasUnsafeText(name) || [...name].length > NAME_MAX_LENGTH) return null;
  return name;
}

export const NAME_MESSAGE = `Nama wajib diisi, paling banyak ${NAME_MAX_LENGTH} karakter, tanpa karakter kontrol atau pengatur arah tulisan.`;
