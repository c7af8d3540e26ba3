/**
 * Secrets outside the database (issue #21, H1 and H2): a dump of every table holds neither the NIK key nor the
 * credential-signing secret; secrets come from the environment or secret files; production never generates one; an
 * older database's secrets are moved out to their files by the migration, so nothing in use is lost.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { migrations } from '../../src/database/migrations';
import { typeormOptions } from '../../src/database/typeorm-options';
import { MissingSecretError, resolveSecret } from '../../src/secrets/secret-files';
import { SecretsService } from '../../src/secrets/secrets.service';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, createTestDatabase, TestApp } from '../test-app';

describe('secrets', () => {
  describe('a dump of every table', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('contains neither the NIK key nor the credential-signing secret, after a roster with NIKs and an issued certificate', async () => {
      const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
      const csv = 'nama,no_hp,pilar,kode_wilayah,nik\nSiti Aminah,081234500001,TKSK,32.72.03,3272034101900001\n';
      const imported = await t.http.post('/api/rosters').set(admin.headers).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
      expect(imported.body).toMatchObject({ created: 1, errors: [] });
      const worker = await createUser(t, { pillar: Pillar.TKSK, regionCode: '32.72.03' });
      const db = t.app.get(DataSource);
      const [version] = (await db.query(`SELECT current_version_id AS id FROM courses WHERE slug = 'tksk-dasar'`)) as Array<{ id: string }>;
      await t.app.get(CertificatesService).issue({ enrollmentId: randomUUID(), userId: worker.id, courseVersionId: version.id, completedAt: new Date() });

      const secrets = t.app.get(SecretsService);
      const needles = [await secrets.nikKey(), await secrets.signingSecret()];
      const dump = await dumpEveryTable(db);
      expect(dump.length).toBeGreaterThan(10_000);
      for (const needle of needles) expect(dump.includes(needle)).toBe(false);
    });
  });

  describe('where a secret comes from', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'bimtek-secrets-spec-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('takes the variable, then the file it names, then its file in the secrets folder', async () => {
      const named = path.join(dir, 'given');
      writeFileSync(named, 'from-a-file\n');
      const generate = () => 'generated';
      expect(await resolveSecret('NIK_HMAC_KEY', { env: { NIK_HMAC_KEY: 'from-env' }, dir, production: true }, generate)).toBe('from-env');
      expect(await resolveSecret('NIK_HMAC_KEY', { env: { NIK_HMAC_KEY_FILE: named }, dir, production: true }, generate)).toBe('from-a-file');
    });

    it('generates one in development, once, readable by its owner only', async () => {
      const first = await resolveSecret('NIK_HMAC_KEY', { env: {}, dir, production: false }, () => 'one');
      const second = await resolveSecret('NIK_HMAC_KEY', { env: {}, dir, production: false }, () => 'two');
      expect([first, second]).toEqual(['one', 'one']);
      expect(statSync(path.join(dir, 'nik-hmac-key')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o077).toBe(0);
    });

    it('refuses to start in production without it, naming what to set', async () => {
      await expect(resolveSecret('CREDENTIAL_SIGNING_KEY', { env: {}, dir, production: true }, () => 'never')).rejects.toThrow(MissingSecretError);
      await expect(resolveSecret('CREDENTIAL_SIGNING_KEY', { env: {}, dir, production: true }, () => 'never')).rejects.toThrow(
        /CREDENTIAL_SIGNING_KEY is required in production: set CREDENTIAL_SIGNING_KEY or CREDENTIAL_SIGNING_KEY_FILE/,
      );
    });
  });

  it('moves the secrets an older database holds out to their files, then drops them', async () => {
    const database = await createTestDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-legacy-secrets-'));
    const saved = process.env.BIMTEK_SECRETS_DIR;
    process.env.BIMTEK_SECRETS_DIR = dir;
    const db = new DataSource({ ...typeormOptions(database.url, 2), migrations, logging: false });
    try {
      await db.initialize();
      // Back to the schema before this migration (undoing any that came after it too).
      while ((await db.query(`SELECT 1 FROM migrations WHERE name = 'SecretsOutOfDatabase1795483000000'`)).length > 0) await db.undoLastMigration({ transaction: 'each' });
      await db.query(`INSERT INTO app_secrets (name, value) VALUES ('nik_hmac_key', 'old-nik-key-0123456789-0123456789')`);
      await db.query(`INSERT INTO credential_signing_keys (public_key_multibase, secret_key_multibase, source) VALUES ('zOldPublic', 'zOldSecret', 'GENERATED')`);
      await db.runMigrations({ transaction: 'each' });
      expect(readFileSync(path.join(dir, 'nik-hmac-key'), 'utf8').trim()).toBe('old-nik-key-0123456789-0123456789');
      expect(readFileSync(path.join(dir, 'credential-signing-key'), 'utf8').trim()).toBe('zOldSecret');
      const columns = await db.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%secret%'`);
      expect(columns).toEqual([]);
      expect(await db.query(`SELECT to_regclass('public.app_secrets') AS t`)).toEqual([{ t: null }]);
    } finally {
      if (saved === undefined) delete process.env.BIMTEK_SECRETS_DIR;
      else process.env.BIMTEK_SECRETS_DIR = saved;
      if (db.isInitialized) await db.destroy();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every row of every table of the public schema, as text (what `pg_dump --data-only` would carry). */
async function dumpEveryTable(db: DataSource): Promise<string> {
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as Array<{ tablename: string }>;
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = (await db.query(`SELECT coalesce(string_agg(t::text, E'\\n'), '') AS text FROM "${tablename}" t`)) as Array<{ text: string }>;
    parts.push(rows[0].text);
  }
  return parts.join('\n');
}
