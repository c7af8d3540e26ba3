/**
 * `npm run backup` and `npm run restore` (issue #21): the commands themselves, run as a person runs them, against the
 * test server. A restore into a new database finds every row of every table (count and checksum), the sequences
 * where they were, and the backup holds neither the NIK key nor the signing secret (they are backed up apart).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { SecretsService } from '../../src/secrets/secrets.service';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function npmRun(script: 'backup' | 'restore', args: string[], databaseUrl: string) {
  return run(process.execPath, [tsx, `scripts/src/${script}.ts`, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 90_000 });
}

/** Every table's row count and an order-independent checksum, and every sequence's state. */
async function stateOf(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const state: Record<string, string> = {};
    const { rows: tables } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    for (const { tablename } of tables) {
      const { rows } = await client.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${tablename}" t`);
      state[tablename] = `${rows[0].n}:${rows[0].h}`;
    }
    const { rows: sequences } = await client.query<{ sequencename: string; last_value: string | null }>(`SELECT sequencename, last_value::text FROM pg_sequences WHERE schemaname = 'public'`);
    for (const sequence of sequences) state[`sequence ${sequence.sequencename}`] = String(sequence.last_value);
    return state;
  } finally {
    await client.end();
  }
}

describe('npm run backup / npm run restore', () => {
  let t: TestApp;
  let directory: string;
  const restoredName = `bimtek_restored_${randomUUID().slice(0, 8)}`;
  let restoredUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    directory = mkdtempSync(path.join(tmpdir(), 'bimtek-backup-spec-'));
    restoredUrl = `${process.env.TEST_PG_SERVER_URL}/${restoredName}`;
  });
  afterAll(async () => {
    const admin = new Client({ connectionString: `${process.env.TEST_PG_SERVER_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await admin.end();
    rmSync(directory, { recursive: true, force: true });
    await t.close();
  });

  it('restores into a new database with every row of every table, and the backup holds no secret', async () => {
    // Rows in most domains: a roster with a NIK, an issued certificate (signed), sessions, audit entries, courses.
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    const csv = 'nama,no_hp,pilar,kode_wilayah,nik\nSiti Aminah,081234500001,TKSK,32.72.03,3272034101900001\n';
    await t.http.post('/api/rosters').set(admin.headers).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
    const worker = await createUser(t, { pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const db = t.app.get(DataSource);
    const [version] = (await db.query(`SELECT current_version_id AS id FROM courses WHERE slug = 'tksk-dasar'`)) as Array<{ id: string }>;
    await t.app.get(CertificatesService).issue({ enrollmentId: randomUUID(), userId: worker.id, courseVersionId: version.id, completedAt: new Date() });
    await t.http.post('/api/auth/login').send({ phone: worker.phone, password: 'salah sekali ya' }).expect(401);

    const backedUp = await npmRun('backup', [directory], t.databaseUrl);
    expect(backedUp.stdout).toContain('Backup written');
    const source = await stateOf(t.databaseUrl);

    const restored = await npmRun('restore', [directory, '--database', restoredName], t.databaseUrl);
    expect(restored.stdout).toContain("every table's row count and checksum match the backup");
    const target = await stateOf(restoredUrl);
    expect(target).toEqual(source);
    expect(Object.keys(source).length).toBeGreaterThan(40);
    expect(Number(source.users.split(':')[0])).toBeGreaterThan(2);

    // The secrets are backed up apart: neither is in any file of the backup.
    const secrets = t.app.get(SecretsService);
    const needles = [await secrets.nikKey(), await secrets.signingSecret()];
    const files = readdirSync(directory);
    const content = files.map((file) => (file.endsWith('.gz') ? gunzipSync(readFileSync(path.join(directory, file))) : readFileSync(path.join(directory, file))).toString('utf8')).join('\n');
    expect(content).toContain('Siti Aminah');
    for (const needle of needles) expect(content.includes(needle)).toBe(false);
  }, 180_000);

  it('refuses to restore over a database that has tables, unless told to replace it', async () => {
    await expect(npmRun('restore', [directory, '--database', restoredName], t.databaseUrl)).rejects.toMatchObject({ stderr: expect.stringContaining('already has tables') });
    const replaced = await npmRun('restore', [directory, '--database', restoredName, '--replace'], t.databaseUrl);
    expect(replaced.stdout).toContain('match the backup');
  }, 180_000);
});
