import { Role } from '../auth/policy.decorator';
import { Pillar } from '../common/pillar';
import type { RegionsService } from '../regions/regions.service';
import { UserStatus } from './user-status';
import type { UserRow, UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const row = (id: string, regionCode: string | null): UserRow => ({
  id,
  name: `Akun ${id}`,
  phone: '+6281200000000',
  email: null,
  role: Role.PESERTA,
  pillar: Pillar.TKSK,
  region_code: regionCode,
  status: UserStatus.ACTIVE,
  nik_last4: null,
  created_at: new Date('2026-01-01T00:00:00Z'),
  activated_at: null,
});

describe('UsersService (repositories mocked)', () => {
  const askedFor: string[][] = [];
  const regions = {
    namesOf: async (codes: string[]) => {
      askedFor.push(codes);
      return new Map([['32.72.03', 'Citamiang']]);
    },
  } as unknown as RegionsService;
  const namesQueried: string[][] = [];
  const repository = {
    namesOf: async (ids: string[]) => {
      namesQueried.push(ids);
      return ids.filter((id) => id !== 'unknown').map((id) => ({ id, name: `Akun ${id}` }));
    },
  } as unknown as UsersRepository;
  const users = new UsersService(repository, regions);

  beforeEach(() => {
    askedFor.length = 0;
    namesQueried.length = 0;
  });

  it('names each account’s region in one lookup, and leaves a national account without one', async () => {
    const dtos = await users.toDtos([row('a', '32.72.03'), row('b', '32.72.03'), row('c', null)]);
    expect(dtos.map((dto) => [dto.id, dto.regionCode, dto.regionName])).toEqual([
      ['a', '32.72.03', 'Citamiang'],
      ['b', '32.72.03', 'Citamiang'],
      ['c', null, null],
    ]);
    expect(askedFor).toHaveLength(1);
  });

  it('answers names for the ids that exist, asking once per distinct id and not at all for none', async () => {
    expect(await users.namesOf(['a', 'a', 'unknown'])).toEqual(new Map([['a', 'Akun a']]));
    expect(namesQueried).toEqual([['a', 'unknown']]);
    expect(await users.namesOf([])).toEqual(new Map());
    expect(namesQueried).toHaveLength(1);
  });
});
