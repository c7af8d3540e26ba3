import { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../src/users/demo-accounts';
import { createTestApp, type TestApp } from '../test-app';

describe('demo accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are not seeded in tests unless asked', async () => {
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM users`);
    expect(n).toBe(0);
  });

  it('seed idempotently, and each demo login of DESIGN.md contract 6 works with its scope', async () => {
    const db = t.app.get(DataSource);
    expect(await seedDemoAccounts(db)).toBe(DEMO_ACCOUNTS.length);
    expect(await seedDemoAccounts(db)).toBe(0);
    const expected = [
      ['081100000001', 'demo-pusat-2026', 'ADMIN_PUSAT', null],
      ['081100000002', 'demo-dinsos-2026', 'ADMIN_DINSOS', '32.72'],
      ['081100000003', 'demo-pelatih-2026', 'PELATIH', '32.72'],
      ['081100000004', 'demo-peserta-2026', 'PESERTA', '32.72.03'],
    ];
    for (const [phone, password, role, regionCode] of expected) {
      const res = await t.http.post('/api/auth/login').send({ phone, password }).expect(200);
      expect(res.body.user).toMatchObject({ role, regionCode });
    }
    const pillars = await db.query(`SELECT DISTINCT pillar FROM users WHERE role = 'PESERTA'`);
    expect(pillars.length).toBe(6);
  });
});
