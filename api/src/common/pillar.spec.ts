import { parsePillar, Pillar } from './pillar';

describe('parsePillar', () => {
  it.each([
    ['TKSK', Pillar.TKSK],
    ['tksk ', Pillar.TKSK],
    ['Tenaga Kesejahteraan Sosial Kecamatan (TKSK)', Pillar.TKSK],
    ['Tagana', Pillar.TAGANA],
    ['PSM', Pillar.PSM],
    ['Pekerja Sosial Masyarakat', Pillar.PSM],
    ['karang taruna', Pillar.KARANG_TARUNA],
    ['KARANG_TARUNA', Pillar.KARANG_TARUNA],
    ['Pendamping PKH', Pillar.PENDAMPING_PKH],
    ['pendamping-pkh', Pillar.PENDAMPING_PKH],
    ['SLRT/Puskesos', Pillar.SLRT],
    ['Puskesos', Pillar.SLRT],
  ])('reads %p as %s', (input, pillar) => {
    expect(parsePillar(input)).toBe(pillar);
  });

  it.each(['', 'Polisi', 'Guru', 'TKS'])('does not guess %p', (input) => {
    expect(parsePillar(input)).toBeNull();
  });
});
