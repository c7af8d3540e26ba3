import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper has no look-alikes. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 70 random bits (14 characters), shown in groups of four: `K7M2-Q9TX-3HPA-W4`. */
export const VERIFICATION_CODE_LENGTH = 14;

export function newVerificationCode(): string {
  const bytes = randomBytes(9); // 72 bits, of which the first 70 are used
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < VERIFICATION_CODE_LENGTH; i++) {
    code += CROCKFORD[Number((bits >> BigInt(72 - 5 * (i + 1))) & 31n)];
  }
  return groupCode(code);
}

function groupCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * A code as a person typed or a scanner read it, in canonical form: case, spaces and hyphens ignored, and
 * Crockford's look-alikes mapped (O→0, I/L→1). Null when it cannot be a verification code.
 */
export function normalizeVerificationCode(input: string): string | null {
  const plain = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (plain.length !== VERIFICATION_CODE_LENGTH || ![...plain].every((char) => CROCKFORD.includes(char))) return null;
  return groupCode(plain);
}

/** `00123/BIMTEK-TAGANA/32.72/2026`: the sequence of the year in the kabupaten/kota, the pillar, the region, the year. */
export function formatCertificateNumber(sequence: number, pillarCode: string, regencyCode: string, year: number): string {
  return `${String(sequence).padStart(5, '0')}/BIMTEK-${pillarCode}/${regencyCode}/${year}`;
}

/** The kabupaten/kota of a region code: `32.72.03` → `32.72`, `32.72` → `32.72`; a province has none. */
export function regencyOf(regionCode: string): string | null {
  const parts = regionCode.split('.');
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : null;
}
