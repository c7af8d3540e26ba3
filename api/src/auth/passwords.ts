import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Favourites of Indonesian users that international lists miss. */
const INDONESIAN_FAVOURITES = [
  'indonesia', 'indonesia1', 'indonesia123', 'indonesia45', 'merdeka45', 'merdeka17', 'bismillah', 'bismillah1',
  'bismillah123', 'alhamdulillah', 'sayang123', 'sayangku', 'sayangkamu', 'cintaku', 'cinta123', 'rahasia',
  'rahasia123', 'katasandi', 'katasandi123', 'password123', 'jakarta123', 'bandung123', 'surabaya', 'sukabumi',
  'garuda123', 'pancasila', 'bhinneka', 'dinsos123', 'kemensos', 'tagana123', 'tksk1234', 'pilarsosial',
  'bimtek123', 'bimtekpilar', 'qwerty123', 'asdfghjkl', '12345678', '87654321', 'mautauaja', 'anakbaik',
];

/**
 * The ~49,000 most common passwords of `@zxcvbn-ts/language-common` (maintained with zxcvbn-ts) plus Indonesian
 * favourites; only those long enough to pass the length rule matter.
 */
const COMMON = new Set(
  [...(dictionary['passwords-common'] as string[]), ...INDONESIAN_FAVOURITES]
    .map((p) => p.toLowerCase())
    .filter((p) => p.length >= PASSWORD_MIN_LENGTH),
);

export interface PasswordProblem {
  code: 'AUTH_PASSWORD_TOO_SHORT' | 'AUTH_PASSWORD_TOO_LONG' | 'AUTH_PASSWORD_TOO_COMMON';
  message: string;
}

/** Why a password is refused (code, and a message in Indonesian), or null when it is acceptable. No composition rules (NIST 800-63B). */
export function passwordProblem(password: string): PasswordProblem | null {
  if (typeof password !== 'string' || [...password].length < PASSWORD_MIN_LENGTH) {
    return { code: 'AUTH_PASSWORD_TOO_SHORT', message: `Kata sandi minimal ${PASSWORD_MIN_LENGTH} karakter.` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) return { code: 'AUTH_PASSWORD_TOO_LONG', message: `Kata sandi paling banyak ${PASSWORD_MAX_LENGTH} karakter.` };
  if (COMMON.has(password.toLowerCase())) {
    return { code: 'AUTH_PASSWORD_TOO_COMMON', message: 'Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain, misalnya gabungan beberapa kata.' };
  }
  return null;
}

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing, verified when the account does not exist so that the answer takes as long. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('bimtek-pilar-dummy-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
