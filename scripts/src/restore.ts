/**
 * `npm run restore -- <backup directory> [--database <name>] [--replace]`: builds the schema of the backup (the same
 * migrations) in a database of the same server, loads every row, sets the sequences, and checks each table's row
 * count and checksum against the manifest. The database (default: DATABASE_URL's, or `bimtek` of the embedded
 * server) must be empty or new; --replace drops it first (stop the app before). The secrets come back apart (README).
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { migrations } from '../../api/src/database/migrations';
import { connect, fingerprintOf, FORMAT, type Manifest, quoteIdent, tablesOf, withDatabase } from './backup-common';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { database: { type: 'string' }, replace: { type: 'boolean', default: false } } });

async function restore(directory: string, serverUrl: string, database: string, replace: boolean): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(path.join(directory, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) throw new Error(`${directory} is not a Bimtek Pilar backup (format ${String(manifest.format)}).`);
  const schema = migrationsOf(manifest);
  await prepareTarget(serverUrl, database, replace);
  const url = `${serverUrl}/${database}`;

  // The schema exactly as it was when the backup was made; later migrations run at the next start, data moves included.
  const dataSource = new DataSource({ type: 'postgres', url, migrations: schema, migrationsTransactionMode: 'each', logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }

  const client = await connect(url);
  try {
    await client.query('BEGIN');
    const present = await tablesOf(client);
    const missing = manifest.tables.filter((entry) => !present.includes(entry.table)).map((entry) => entry.table);
    if (missing.length > 0) throw new Error(`The migrations of the backup do not create these tables: ${missing.join(', ')}`);
    // Rows the migrations seeded (regions, the migration list) make way for the backup's own.
    await client.query(`TRUNCATE ${present.map(quoteIdent).join(', ')} RESTART IDENTITY CASCADE`);
    await withoutForeignKeys(client, async () => {
      for (const entry of manifest.tables) {
        const target = client.query(copyFrom(`COPY ${quoteIdent(entry.table)} (${entry.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        await pipeline(createReadStream(path.join(directory, entry.file)), createGunzip(), target);
      }
    });
    for (const sequence of manifest.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoteIdent(sequence.name), sequence.lastValue, sequence.isCalled]);
    }
    await client.query('COMMIT');
    const wrong: string[] = [];
    for (const entry of manifest.tables) {
      const found = await fingerprintOf(client, entry.table);
      if (found.rows !== entry.rows || found.checksum !== entry.checksum) wrong.push(`${entry.table}: ${found.rows} rows (backup: ${entry.rows})`);
    }
    if (wrong.length > 0) throw new Error(`Restored rows differ from the backup:\n${wrong.join('\n')}`);
    return manifest;
  } finally {
    await client.end();
  }
}

/** The code's migrations up to the backup's last one; refused when the backup was made by code this one does not know. */
function migrationsOf(manifest: Manifest): (typeof migrations)[number][] {
  const known = migrations.map((migration) => migration.name);
  const unknown = manifest.migrations.filter((name, i) => known[i] !== name);
  if (unknown.length > 0) {
    throw new Error(`The backup was made by another version of Bimtek Pilar (migrations ${unknown.join(', ')} unknown here): restore it with that version.`);
  }
  return migrations.slice(0, manifest.migrations.length);
}

async function prepareTarget(serverUrl: string, database: string, replace: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    const name = quoteIdent(database);
    if (replace) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount;
    if (!exists) {
      await admin.query(`CREATE DATABASE ${name}`);
      return;
    }
  } finally {
    await admin.end();
  }
  const target = new pg.Client({ connectionString: `${serverUrl}/${database}` });
  await target.connect();
  try {
    if ((await tablesOf(target)).length > 0) {
      throw new Error(`Database ${database} already has tables. Restore into a new one (--database <name>), or stop the app and add --replace.`);
    }
  } finally {
    await target.end();
  }
}

/**
 * Drops the foreign keys of the schema while `load` runs and adds them back after (which checks every row against
 * them): tables reference each other both ways (courses ↔ course_versions), so no load order would do.
 */
async function withoutForeignKeys(client: pg.Client, load: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const key of rows) await client.query(`ALTER TABLE ${key.table_name} DROP CONSTRAINT ${quoteIdent(key.name)}`);
  await load();
  for (const key of rows) await client.query(`ALTER TABLE ${key.table_name} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`);
}

const directory = positionals[0];
if (!directory) {
  console.error('Usage: npm run restore -- <backup directory> [--database <name>] [--replace]');
  process.exit(2);
}
try {
  const manifest = await withDatabase((url, serverUrl) => {
    const database = values.database ?? new URL(url).pathname.replace(/^\//, '');
    return restore(path.resolve(directory), serverUrl, database, values.replace ?? false).then((restored) => {
      console.log(`Restored into database ${database}:`);
      return restored;
    });
  });
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`${manifest.tables.length} tables, ${rows} rows; every table's row count and checksum match the backup.`);
  console.log('Put the secrets back apart (the secrets directory or your secret store) before starting the app: README "Backup and restore".');
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
