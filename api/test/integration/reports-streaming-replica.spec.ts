/**
 * Issue #19: with DATABASE_REPLICA_URL set, reports and exports read from a real PostgreSQL streaming replica (a second
 * server made from a base backup of the test server, replaying its WAL). The report's connection is in recovery; a
 * write on the primary reaches the dashboard once the replica has replayed it, and not before (replay paused).
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ReportsReader } from '../../src/reports/reports-reader';
import { ReportsService } from '../../src/reports/reports.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { startStreamingReplica, type StreamingReplica } from '../streaming-replica';
import { createTestApp, type TestApp } from '../test-app';

const serverUrl = process.env.TEST_PG_SERVER_URL;
const runDir = process.env.TEST_PG_DATA_DIR;
// The replica is made of the embedded test server's data directory; a server of DATABASE_URL may be elsewhere.
const runnable = !!serverUrl && !!runDir;
if (!runnable) console.warn('[reports-streaming-replica] skipped: it needs the embedded test server (DATABASE_URL is set)');

(runnable ? describe : describe.skip)('reports on a streaming replica (DATABASE_REPLICA_URL)', () => {
  let t: TestApp;
  let replica: StreamingReplica;
  let replicaUrl = '';
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({
      // The app's database exists on the primary now: copy the server, then point the reports at the copy.
      databaseUrl: async (url) => {
        replica = await startStreamingReplica(serverUrl!, runDir!);
        replicaUrl = replica.urlFor(new URL(url).pathname.slice(1));
        process.env.DATABASE_REPLICA_URL = replicaUrl;
        return url;
      },
    });
    admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
  }, 120_000);
  afterAll(async () => {
    delete process.env.DATABASE_REPLICA_URL;
    await t?.close();
    await replica?.stop();
  });

  async function onReplica<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Polls until `check` holds (the replica replays within milliseconds; 20 s is the limit). */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('the replica did not catch up within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function workersOnDashboard(): Promise<number> {
    return (await t.http.get('/api/reports/summary').set(admin.headers).expect(200)).body.workers;
  }

  it('the reports read a server in recovery that replays the primary', async () => {
    console.log(`[reports-streaming-replica] base backup made with ${replica.method}`);
    const reader = t.app.get(ReportsReader);
    expect(reader.usesReplica).toBe(true);
    expect(await reader.source.query(`SELECT pg_is_in_recovery() AS recovery`)).toEqual([{ recovery: true }]);
    expect(await t.app.get(DataSource).query(`SELECT pg_is_in_recovery() AS recovery`)).toEqual([{ recovery: false }]);
    // A marker row written on the primary appears on the replica.
    const marker = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72', name: 'Penanda replika' });
    await eventually(async () => (await onReplica(`SELECT 1 FROM users WHERE id = $1`, [marker.id])).length === 1);
    const [{ state }] = await t.app.get(DataSource).query(`SELECT state FROM pg_stat_replication LIMIT 1`);
    expect(state).toBe('streaming');
  });

  it('a write on the primary reaches the dashboard only through the replica’s replay', async () => {
    const reports = t.app.get(ReportsService);
    const before = await workersOnDashboard();
    await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
    await reports.refreshFromBaseTables('32.72');
    await eventually(async () => (await workersOnDashboard()) === before + 1);
    // Replay paused: the primary counts one more worker, the dashboard (on the replica) does not.
    await onReplica(`SELECT pg_wal_replay_pause()`);
    try {
      await createUser(t, { role: Role.PESERTA, regionCode: '32.72.04', pillar: Pillar.PSM });
      await reports.refreshFromBaseTables('32.72');
      const [primary] = await t.app.get(DataSource).query(`SELECT sum(workers)::int AS n FROM report_region_workers WHERE region_code = '32.72'`);
      expect(primary.n).toBe(before + 2);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await workersOnDashboard()).toBe(before + 1);
    } finally {
      await onReplica(`SELECT pg_wal_replay_resume()`);
    }
    await eventually(async () => (await workersOnDashboard()) === before + 2);
    // The export reads the replica too: its workbook is made while the primary's connection is not needed.
    const csv = await t.http.get('/api/reports/export.csv').set(admin.headers).expect(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
  });
});
