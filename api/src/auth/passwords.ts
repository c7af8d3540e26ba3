import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { DOMAIN_WORDS, WEAK_PASSWORDS } from './weak-passwords';

export const PASSWORD_MIN_LENGTH = 10;
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
  [...(dictionary['passwords-common'] as string[]), ...INDONESIAN_FAVOURITES, ...WEAK_PASSWORDS]
    .map((p) => p.toLowerCase())
    .filter((p) => p.length >= PASSWORD_MIN_LENGTH),
);

export interface PasswordProblem {
  code: 'AUTH_PASSWORD_TOO_SHORT' | 'AUTH_PASSWORD_TOO_LONG' | 'AUTH_PASSWORD_TOO_COMMON' | 'AUTH_PASSWORD_WEAK';
  message: string;
}

/** What a password is checked against besides itself: the account's phone (`+62…`), when known. */
export interface PasswordOwner {
  phone?: string | null;
}

const DOMAIN_WORD_SET = new Set(DOMAIN_WORDS);

/**
 * Why a password is refused (code, and a message in Indonesian), or null when it is acceptable. No composition rules
 * (NIST 800-63B): length, and nothing guessable (common, one repeated character, a domain word with digits, the phone).
 * Applies to new passwords only (activation, registration, change), never to existing ones at login.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): PasswordProblem | null {
  if (typeof password !== 'string' || [...password].length < PASSWORD_MIN_LENGTH) {
    return { code: 'AUTH_PASSWORD_TOO_SHORT', message: `Kata sandi minimal ${PASSWORD_MIN_LENGTH} karakter.` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) return { code: 'AUTH_PASSWORD_TOO_LONG', message: `Kata sandi paling banyak ${PASSWORD_MAX_LENGTH} karakter.` };
  if (COMMON.has(password.toLowerCase())) {
    return { code: 'AUTH_PASSWORD_TOO_COMMON', message: 'Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain, misalnya gabungan beberapa kata.' };
  }
  if (isOneRepeatedCharacter(password) || isDomainWordWithDigits(password)) {
    return { code: 'AUTH_PASSWORD_WEAK', message: 'Kata sandi ini mudah ditebak. Pilih gabungan beberapa kata yang hanya Anda ketahui.' };
  }
  if (containsPhone(password, owner.phone)) {
    return { code: 'AUTH_PASSWORD_WEAK', message: 'Kata sandi tidak boleh memuat nomor HP Anda.' };
  }
  return null;
}

/** `aaaaaaaaaa`, ten spaces, one emoji ten times. */
function isOneRepeatedCharacter(password: string): boolean {
  const characters = new Set([...password.toLowerCase()]);
  return characters.size === 1 || password.trim() === '';
}

/** `bimtek2026`, `Kemensos 1`, `Sukabumi1!`: one of the programme's words with only digits and punctuation added. */
function isDomainWordWithDigits(password: string): boolean {
  const letters = password.toLowerCase().replace(/[^a-z]/g, '');
  return letters === '' || DOMAIN_WORD_SET.has(letters);
}

/** The phone's national number (`81234567890` of `+6281234567890`) among the password's digits. */
function containsPhone(password: string, phone: string | null | undefined): boolean {
  if (!phone) return false;
  const national = phone.replace(/^\+62/, '');
  return national.length >= 8 && password.replace(/\D/g, '').includes(national);
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
