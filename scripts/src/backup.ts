/**
 * `npm run backup [-- <directory>]`: every row of the application's tables, as one consistent snapshot, into a new
 * directory (default backups/bimtek-<time>): one gzipped COPY file per table and manifest.json (migrations, row
 * counts, checksums, sequences). The secrets (NIK key, signing key) are NOT in it: back them up apart (README).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { columnsOf, connect, fingerprintOf, FORMAT, type Manifest, quoteIdent, root, tablesOf, withDatabase } from './backup-common';

async function backup(url: string, directory: string): Promise<Manifest> {
  const client = await connect(url);
  try {
    // One snapshot for every table: rows written while the backup runs are either all in it or not at all.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if ((await client.query(`SELECT to_regclass('public.migrations') AS found`)).rows[0].found === null) {
      throw new Error('this database holds no Bimtek Pilar data yet (no migrations table): nothing to back up.');
    }
    const manifest: Manifest = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
      migrations: (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name),
      tables: [],
      sequences: await sequencesOf(client),
    };
    for (const table of await tablesOf(client)) {
      const columns = await columnsOf(client, table);
      const file = `${table}.copy.gz`;
      const source = client.query(copyTo(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`));
      await pipeline(source, createGzip(), createWriteStream(path.join(directory, file), { mode: 0o600 }));
      manifest.tables.push({ table, columns, file, ...(await fingerprintOf(client, table)) });
    }
    await client.query('COMMIT');
    await writeFile(path.join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await client.end();
  }
}

async function sequencesOf(client: pg.Client): Promise<Manifest['sequences']> {
  const { rows } = await client.query<{ name: string }>(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
  const sequences: Manifest['sequences'] = [];
  for (const { name } of rows) {
    const { rows: state } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quoteIdent(name)}`);
    sequences.push({ name, lastValue: state[0].last_value, isCalled: state[0].is_called });
  }
  return sequences;
}

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const directory = path.resolve(process.argv[2] ?? path.join(root, 'backups', `bimtek-${stamp}`));
try {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const manifest = await withDatabase((url) => backup(url, directory));
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Backup written: ${directory} (${manifest.tables.length} tables, ${rows} rows, PostgreSQL ${manifest.serverVersion}).`);
  console.log('The secrets are not in it: keep a copy of the secrets directory (or your secret store) apart, see README "Backup and restore".');
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
