import { nameOf, parseRegionChoice, pickerQuery, resolveRegionPicker, type RegionOption } from '~/components/auth/region-steps';

const tree: Record<string, RegionOption[]> = {
  '': [
    { code: '32', name: 'Jawa Barat' },
    { code: '33', name: 'Jawa Tengah' },
  ],
  '32': [
    { code: '32.02', name: 'Kabupaten Sukabumi' },
    { code: '32.72', name: 'Kota Sukabumi' },
  ],
  '33': [{ code: '33.74', name: 'Kota Semarang' }],
  '32.72': [
    { code: '32.72.01', name: 'Gunung Puyuh' },
    { code: '32.72.03', name: 'Citamiang' },
  ],
  '32.02': [{ code: '32.02.01', name: 'Palabuhanratu' }],
  '33.74': [{ code: '33.74.01', name: 'Semarang Tengah' }],
};

function loader() {
  const calls: (string | undefined)[] = [];
  const children = async (parent?: string) => {
    calls.push(parent);
    return tree[parent ?? ''] ?? [];
  };
  return { calls, children };
}

const picker = (query: string) => {
  const { calls, children } = loader();
  return resolveRegionPicker(new URLSearchParams(query), children).then((result) => ({ ...result, calls }));
};

describe('the registration region picker', () => {
  it('starts at the provinces and loads nothing else', async () => {
    const result = await picker('');
    expect(result.step).toBe('province');
    expect(result.provinces.map((region) => region.code)).toEqual(['32', '33']);
    expect(result.calls).toEqual([undefined]);
    expect(result.missing).toBeNull();
  });

  it('after a province, offers its kabupaten/kota', async () => {
    const result = await picker('pillar=TKSK&province=32');
    expect(result.step).toBe('regency');
    expect(result.regencies.map((region) => region.code)).toEqual(['32.02', '32.72']);
    expect(result.choice).toEqual({ province: '32' });
  });

  it('after a kabupaten/kota, offers its kecamatan, then asks for the details', async () => {
    expect((await picker('province=32&regency=32.72')).step).toBe('district');
    const done = await picker('province=32&regency=32.72&district=32.72.03');
    expect(done.step).toBe('details');
    expect(done.choice).toEqual({ province: '32', regency: '32.72', district: '32.72.03' });
    expect(nameOf(done.districts, done.choice.district)).toBe('Citamiang');
  });

  it('drops the kabupaten and kecamatan of another province when the province changes', async () => {
    const result = await picker('province=33&regency=32.72&district=32.72.03');
    expect(result.step).toBe('regency');
    expect(result.choice).toEqual({ province: '33' });
    expect(result.regencies.map((region) => region.code)).toEqual(['33.74']);
    expect(result.missing).toBeNull();
  });

  it('refuses codes that have the right shape but do not exist', async () => {
    expect((await picker('province=99')).step).toBe('province');
    const result = await picker('province=32&regency=32.72&district=32.72.99');
    expect(result.step).toBe('district');
    expect(result.choice.district).toBeUndefined();
  });

  it('ignores malformed codes without asking the API about them', async () => {
    const result = await picker('province=32&regency=32.7&district=32.72.03');
    expect(result.step).toBe('regency');
    expect(result.calls).toEqual([undefined, '32']);
    expect(parseRegionChoice(new URLSearchParams('province=3%0A2'))).toEqual({ province: undefined, regency: undefined, district: undefined });
  });

  it('says which list was left on "Pilih…" when "Lanjut" is pressed', async () => {
    expect((await picker('province=')).missing).toBe('province');
    expect((await picker('province=32&regency=')).missing).toBe('regency');
    expect((await picker('province=32&regency=32.72&district=')).missing).toBe('district');
  });

  it('builds "change region" links from codes and the pillar only', () => {
    const choice = { province: '32', regency: '32.72', district: '32.72.03' };
    expect(pickerQuery(choice, 'TKSK', 'regency')).toBe('?pillar=TKSK&province=32&regency=32.72');
    expect(pickerQuery(choice, null)).toBe('?province=32&regency=32.72&district=32.72.03');
    expect(pickerQuery({}, null)).toBe('');
  });
});
