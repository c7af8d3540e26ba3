import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A session token: 32 random bytes (256 bits), base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Letters and digits that cannot be mistaken for one another when read aloud or from paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const ACTIVATION_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const ACTIVATION_CODE_LENGTH = 8;

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) code += ACTIVATION_ALPHABET[randomInt(ACTIVATION_ALPHABET.length)];
  return code;
}

/** Codes are typed by people: case, spaces and dashes do not matter. */
export function canonicalActivationCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Stored form of an activation code: bound to the account, so equal codes of two accounts hash differently. */
export function activationCodeHash(userId: string, code: string): string {
  return sha256(`${userId}:${canonicalActivationCode(code)}`);
}
