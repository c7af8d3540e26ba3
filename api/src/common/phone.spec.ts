import fc from 'fast-check';
import { formatPhoneLocal, normalizePhone } from './phone';

/** A national mobile number: 8 followed by 8 to 11 digits. */
const national = fc.tuple(fc.integer({ min: 8, max: 11 }), fc.nat()).chain(([length]) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((digits) => `8${digits.join('')}`),
);
const separator = fc.constantFrom('', ' ', '-', '.', '  ', ' - ');

/** Writes the digits of `number` with random separators between them. */
function scatter(number: string, separators: string[]): string {
  return [...number].map((digit, i) => digit + (i < number.length - 1 ? separators[i % separators.length] : '')).join('');
}

describe('normalizePhone', () => {
  it('stores every common way of writing the same number as the same +62 number', () => {
    fc.assert(
      fc.property(national, fc.array(separator, { minLength: 1, maxLength: 5 }), fc.constantFrom('0', '62', '+62', '+62 ', '62 0', '+62 (0)', ''), (number, separators, prefix) => {
        const written = `${prefix}${scatter(number, separators)}`;
        expect(normalizePhone(written)).toBe(`+62${number}`);
      }),
    );
  });

  it('is idempotent and only ever returns +628… with 9 to 12 national digits, or null', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (input) => {
        const phone = normalizePhone(input);
        if (phone === null) return;
        expect(phone).toMatch(/^\+628\d{8,11}$/);
        expect(normalizePhone(phone)).toBe(phone);
      }),
    );
  });

  it('refuses numbers that are not Indonesian mobiles', () => {
    for (const input of ['', '021-5551234', '+1 202 555 0143', '0812', '0812345678901234', '08123abc567', '++6281234567890', '6.28123E+11', '+620812']) {
      expect(normalizePhone(input)).toBeNull();
    }
  });

  it('writes a stored number back the way people read it', () => {
    expect(formatPhoneLocal('+6281234567890')).toBe('0812-3456-7890');
    fc.assert(fc.property(national, (number) => expect(normalizePhone(formatPhoneLocal(`+62${number}`))).toBe(`+62${number}`)));
  });
});
