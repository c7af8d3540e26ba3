import { formatCertificateNumber, newVerificationCode, normalizeVerificationCode, regencyOf } from './numbering';

describe('certificate numbering', () => {
  it('makes verification codes of 70 random bits in Crockford base32 groups', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
  });

  it('reads a code typed carelessly back to its canonical form', () => {
    expect(normalizeVerificationCode('k7m2 q9tx 3hpa w4')).toBe('K7M2-Q9TX-3HPA-W4');
    expect(normalizeVerificationCode('K7M2-Q9TX-3HPA-WO')).toBe('K7M2-Q9TX-3HPA-W0');
    expect(normalizeVerificationCode('K7M2-Q9TX-3HPA-W')).toBeNull();
    expect(normalizeVerificationCode('K7M2-Q9TX-3HPA-WU')).toBeNull();
  });

  it('formats the human number per year and kabupaten/kota', () => {
    expect(formatCertificateNumber(123, 'TAGANA', '32.72', 2026)).toBe('00123/BIMTEK-TAGANA/32.72/2026');
    expect(regencyOf('32.72.03')).toBe('32.72');
    expect(regencyOf('32')).toBeNull();
  });
});
