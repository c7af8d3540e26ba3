/**
 * With REPORTS_DATABASE_URL (the older name of DATABASE_REPLICA_URL, kept as an alias), the report views read the replica and the hooks, the fold and the reconciliation write the
 * primary. Here the "replica" is a second database with different rollups, which shows where each request reads
 * (reports-streaming-replica.spec.ts runs a real streaming replica).
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ReportsReader } from '../../src/reports/reports-reader';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Role } from '../factories';
import { createTestApp, createTestDatabase, type TestApp } from '../test-app';

describe('reports on a read replica', () => {
  let t: TestApp;
  let replica: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    replica = await createTestDatabase();
    process.env.REPORTS_DATABASE_URL = replica.url;
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    delete process.env.REPORTS_DATABASE_URL;
    await t?.close();
    await replica?.drop();
  });

  async function onReplica(sql: string, params: unknown[] = []): Promise<void> {
    const client = new Client({ connectionString: replica.url });
    await client.connect();
    try {
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  it('reads the views from the replica and keeps writing the primary', async () => {
    expect(t.app.get(ReportsReader).usesReplica).toBe(true);
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    // The primary: two workers, its rollups rebuilt (as the hooks and the fold keep them).
    await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03' });
    await createUser(t, { role: Role.PESERTA, regionCode: '32.72.04' });
    await t.app.get(ReportsService).refreshFromBaseTables('32.72');
    const [primary] = await t.app.get(DataSource).query(`SELECT sum(workers)::int AS n FROM report_region_workers WHERE region_code = '32.72'`);
    expect(primary.n).toBe(2);
    // The replica says otherwise: the dashboard shows the replica's figure.
    await onReplica(`INSERT INTO report_region_workers (region_code, pillar, depth, workers) VALUES ('32.72', 'TKSK', 2, 7)`);
    const summary = await t.http.get('/api/reports/summary').set(admin.headers).expect(200);
    expect(summary.body.workers).toBe(7);
  });
});
