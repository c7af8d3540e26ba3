import fc from 'fast-check';
import { NAME_MAX_LENGTH, normalizePersonName } from './person-name';

describe('normalizePersonName', () => {
  it.each([
    ["Ni Luh Putu Sari'ah"],
    ['I Gusti Ngurah Rai'],
    ['ᬳᬶᬦ᭄ᬤᬸ ᬩᬮᬶ'], // Balinese script
    ['Sukarno'],
    ['Siti 🌸 Aminah'],
    ['Zero\u200bWidth\u200dJoiner'],
    ['A'.repeat(NAME_MAX_LENGTH)],
    ['Muhammad Al-Fatih bin Abdul-Rahman'],
  ])('keeps %p exactly as written', (name) => {
    expect(normalizePersonName(name)).toBe(name);
  });

  it('trims the ends only', () => {
    expect(normalizePersonName('  Dewi  Sartika \u00a0')).toBe('Dewi  Sartika');
  });

  it('refuses empty, too long and control-character names', () => {
    expect(normalizePersonName('   ')).toBeNull();
    expect(normalizePersonName('A'.repeat(NAME_MAX_LENGTH + 1))).toBeNull();
    expect(normalizePersonName('Budi\nSantoso')).toBeNull();
    expect(normalizePersonName(42)).toBeNull();
  });

  it('round-trips any printable name unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), (raw) => {
        const name = normalizePersonName(raw);
        if (name !== null) expect(normalizePersonName(name)).toBe(name);
      }),
    );
  });
});
