import { DataSource } from 'typeorm';
import { RegionLevel } from '../../src/regions/region-level';
import { seedRegions } from '../../src/regions/regions.seed';
import { RegionsService } from '../../src/regions/regions.service';
import { createTestApp, type TestApp } from '../test-app';

describe('regions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the 38 provinces without a parent', async () => {
    const res = await t.http.get('/api/regions').expect(200);
    expect(res.body.total).toBe(38);
    expect(res.body.items.map((r: { code: string }) => r.code)).toContain('32');
    expect(res.body.items.every((r: { level: string }) => r.level === 'PROVINCE')).toBe(true);
  });

  it("lists Citamiang among Kota Sukabumi's kecamatan", async () => {
    const res = await t.http.get('/api/regions?parent=32.72').expect(200);
    expect(res.body.items).toContainEqual({ code: '32.72.03', name: 'Citamiang', level: 'DISTRICT', parentCode: '32.72' });
    expect(res.body.items.every((r: { parentCode: string }) => r.parentCode === '32.72')).toBe(true);
    expect(res.headers['cache-control']).toContain('max-age');
  });

  it('pages through children', async () => {
    const res = await t.http.get('/api/regions?parent=32&page=2&pageSize=5').expect(200);
    expect(res.body).toMatchObject({ page: 2, pageSize: 5 });
    expect(res.body.items).toHaveLength(5);
    expect(res.body.total).toBe(27);
  });

  it('holds all 514 kabupaten/kota, 7,285 kecamatan and 83,762 desa', async () => {
    const rows = await t.app.get(DataSource).query('SELECT level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level');
    expect(rows).toEqual([
      { level: 'PROVINCE', n: 38 },
      { level: 'REGENCY', n: 514 },
      { level: 'DISTRICT', n: 7285 },
      { level: 'VILLAGE', n: 83762 },
    ]);
  });

  it('gives one region with its ancestry', async () => {
    const res = await t.http.get('/api/regions/32.72.03').expect(200);
    expect(res.body).toMatchObject({ code: '32.72.03', name: 'Citamiang', level: 'DISTRICT' });
    expect(res.body.ancestry.map((r: { name: string }) => r.name)).toEqual(['Jawa Barat', 'Kota Sukabumi']);
  });

  it.each(['32.7x', '3272', '32.72.03.1001', "32'; DROP TABLE regions;--"])('refuses the malformed code %p with 400', async (code) => {
    const res = await t.http.get(`/api/regions/${encodeURIComponent(code)}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'REGION_CODE_INVALID', fields: [expect.objectContaining({ field: 'code', code: 'REGION_CODE_INVALID' })], message: expect.stringContaining('Kode wilayah tidak valid') });
  });

  it('refuses a malformed parent with 400', async () => {
    const res = await t.http.get('/api/regions?parent=jawa').expect(400);
    expect(res.body.message).toContain('Kode wilayah tidak valid');
  });

  it('refuses unknown query parameters with 400 naming them', async () => {
    const res = await t.http.get('/api/regions?parent=32&sort=name').expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Unknown field "sort": remove it.',
      fields: [{ field: 'sort', code: 'UNKNOWN_FIELD', message: 'Unknown field "sort": remove it.' }],
    });
  });

  it('refuses a page size out of range', async () => {
    const res = await t.http.get('/api/regions?pageSize=5000').expect(400);
    expect(res.body.message).toContain('pageSize');
  });

  it('answers 404 for a well-formed code that does not exist', async () => {
    const res = await t.http.get('/api/regions/32.99').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'REGION_NOT_FOUND', message: 'Wilayah dengan kode 32.99 tidak ditemukan.' });
    await t.http.get('/api/regions?parent=99').expect(404);
  });

  it('loading the regions again changes nothing', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await seedRegions(dataSource.manager)).toBe(0);
    await dataSource.query("DELETE FROM regions WHERE code = '32.72.03.1001'"); // a desa: a kecamatan has desa under it now
    expect(await seedRegions(dataSource.manager)).toBe(1);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM regions');
    expect(n).toBe(38 + 514 + 7285 + 83762);
  });

  it('answers the lookups other domains make: exists, level, levels and names', async () => {
    const regions = t.app.get(RegionsService);
    expect(await regions.exists('32.72.03')).toBe(true);
    expect(await regions.exists('32.99')).toBe(false);
    expect(await regions.levelOf('32')).toBe(RegionLevel.PROVINCE);
    expect(await regions.levelOf('32.72')).toBe(RegionLevel.REGENCY);
    expect(await regions.levelOf('32.99')).toBeNull();
    expect(await regions.levelsOf(['32.72.03', '32.72.03', '32.99'])).toEqual(new Map([['32.72.03', RegionLevel.DISTRICT]]));
    expect(await regions.namesOf(['32.72', '32.72.03', '32.99'])).toEqual(new Map([['32.72', 'Kota Sukabumi'], ['32.72.03', 'Citamiang']]));
    expect(await regions.namesOf([])).toEqual(new Map());
  });
});
