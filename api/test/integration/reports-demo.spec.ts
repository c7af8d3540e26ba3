/** The demo's report data (issue #19): Kota Sukabumi seeded once, so the demo admin's dashboard shows real figures. */
import { DataSource } from 'typeorm';
import { seedDemoReports } from '../../src/reports/demo-reports';
import { RollupMaintenance } from '../../src/reports/rollup-maintenance';
import { seedDemoAccounts } from '../../src/users/demo-accounts';
import { createTestApp, type TestApp } from '../test-app';

describe('demo report data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds Kota Sukabumi once, in every state, and the demo admin sees it (with the demo workers) on the dashboard', async () => {
    const db = t.app.get(DataSource);
    const maintenance = t.app.get(RollupMaintenance);
    await seedDemoAccounts(db);
    const seeded = await seedDemoReports(db, maintenance);
    expect(seeded).toMatchObject({ workers: 300 });
    expect(seeded!.certificates).toBeGreaterThan(0);
    expect(await seedDemoReports(db, maintenance)).toBeNull();

    const login = await t.http.post('/api/auth/login').send({ phone: '081100000002', password: 'demo-dinsos-2026' }).expect(200);
    const headers = { Authorization: `Bearer ${login.body.token}` };
    const summary = await t.http.get('/api/reports/summary').set(headers).expect(200);
    const [expected] = await db.query(
      `SELECT count(*)::int AS workers FROM users WHERE role = 'PESERTA' AND status IN ('ACTIVE', 'INVITED') AND region_code LIKE '32.72%'`,
    );
    expect(summary.body.workers).toBe(expected.workers);
    expect(summary.body.workers).toBeGreaterThan(300);
    for (const figure of ['enrolled', 'started', 'completed', 'certified', 'expired']) expect([figure, summary.body[figure] > 0]).toEqual([figure, true]);
    const regions = await t.http.get('/api/reports/regions').set(headers).expect(200);
    expect(regions.body.items.filter((item: { workers: number }) => item.workers > 0).length).toBeGreaterThan(3);
  });
});
