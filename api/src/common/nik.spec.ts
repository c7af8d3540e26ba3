import fc from 'fast-check';
import { nikHash, nikLast4, normalizeNik } from './nik';

const digit = fc.constantFrom(...'0123456789');
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const pad = (n: number) => String(n).padStart(2, '0');

/** A NIK that follows the rules: province 11–99, birth day 01–31 (41–71 for women), month 01–12, serial not 0000. */
const validNik = fc
  .record({
    province: fc.integer({ min: 11, max: 99 }),
    rest: digits(4),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 41, max: 71 })),
    month: fc.integer({ min: 1, max: 12 }),
    year: digits(2),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map((p) => `${pad(p.province)}${p.rest}${pad(p.day)}${pad(p.month)}${p.year}${String(p.serial).padStart(4, '0')}`);

describe('normalizeNik', () => {
  it('accepts a valid NIK however it is spaced, and returns its 16 digits', () => {
    fc.assert(
      fc.property(validNik, fc.constantFrom('', ' ', '.', '-'), fc.constantFrom('', "'", ' '), (nik, separator, prefix) => {
        const written = prefix + nik.replace(/(\d{6})(\d{6})(\d{4})/, `$1${separator}$2${separator}$3`);
        expect(normalizeNik(written)).toBe(nik);
      }),
    );
  });

  it('refuses anything that is not 16 digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (input) => {
        const nik = normalizeNik(input);
        if (nik !== null) expect(nik).toMatch(/^\d{16}$/);
      }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 15 }).chain(digits), (short) => expect(normalizeNik(short)).toBeNull()));
    fc.assert(fc.property(fc.integer({ min: 17, max: 20 }).chain(digits), (long) => expect(normalizeNik(long)).toBeNull()));
  });

  it('refuses impossible dates, provinces and serials', () => {
    expect(normalizeNik('3272033505900001')).toBeNull(); // day 35
    expect(normalizeNik('3272037505900001')).toBeNull(); // day 75
    expect(normalizeNik('3272031513900001')).toBeNull(); // month 13
    expect(normalizeNik('0972031505900001')).toBeNull(); // province 09
    expect(normalizeNik('3272031505900000')).toBeNull(); // serial 0000
    expect(normalizeNik('3.27203E+15')).toBeNull();
    expect(normalizeNik('3272031505900001')).toBe('3272031505900001');
    expect(normalizeNik('3272035505900001')).toBe('3272035505900001'); // a woman born on the 15th
  });

  it('hashes with a key: equal NIKs match, another key or NIK does not, and the hash never contains the NIK', () => {
    fc.assert(
      fc.property(validNik, validNik, (a, b) => {
        const key = 'k'.repeat(32);
        expect(nikHash(a, key)).toBe(nikHash(a, key));
        expect(nikHash(a, key)).not.toBe(nikHash(a, 'x'.repeat(32)));
        if (a !== b) expect(nikHash(a, key)).not.toBe(nikHash(b, key));
        expect(nikHash(a, key)).not.toContain(a);
        expect(nikLast4(a)).toBe(a.slice(12));
      }),
    );
  });
});
