import { safeRedirect } from '~/utils/session.server';

/** F-M2 (security report): only same-origin relative paths survive `redirectTo` and `next`. */
describe('safeRedirect', () => {
  const hostile = [
    '/\t/evil.example',
    '/\t/evil.example/phish',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    ' //evil.example',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'https://evil.example',
    'http:/evil.example',
    'evil.example',
    '',
    '/\u00a0/evil.example',
    '/\u2028/evil.example',
  ];

  it.each(hostile)('refuses %j and falls back', (to) => {
    expect(safeRedirect(to, '/belajar')).toBe('/belajar');
  });

  it.each([null, undefined])('falls back for %p', (to) => {
    expect(safeRedirect(to, '/admin')).toBe('/admin');
  });

  it.each(['/belajar', '/kursus/inti-pilar-sosial', '/admin/pekerja?page=2&q=siti', '/kursus/a/pelajaran/b#isi', '/'])(
    'keeps the same-origin path %j',
    (to) => {
      expect(safeRedirect(to, '/x')).toBe(to);
    },
  );

  it('percent-encodes what a Location header cannot carry (a non-Latin-1 path answered 500)', () => {
    expect(safeRedirect('/\u3002evil.example', '/belajar')).toBe('/%E3%80%82evil.example');
    expect(safeRedirect('/kursus/ibu-ayu', '/belajar')).toBe('/kursus/ibu-ayu');
  });

  it('never returns a value a browser would resolve to another origin', () => {
    for (const to of hostile) {
      const resolved = new URL(safeRedirect(to, '/belajar'), 'https://bimtek.example');
      expect(resolved.origin).toBe('https://bimtek.example');
    }
  });
});
