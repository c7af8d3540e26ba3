/**
 * What `npm run backup` and `npm run restore` share: the server to talk to, the session settings that make row text
 * comparable, and the per-table fingerprint (row count and an order-independent checksum).
 *
 * Why not pg_dump: the embedded server is PostgreSQL 18, the npm package ships no pg_dump, and Debian 12's pg_dump 15
 * refuses a newer server. COPY through the server's own protocol has no such version match to get wrong
 * (decision 025).
 */
import path from 'node:path';
import pg from 'pg';
import { DatabaseAlreadyRunningError, ensureDatabase, startEmbeddedPostgres } from '../../api/src/database/embedded';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const FORMAT = 'bimtek-backup-1';

export interface TableEntry {
  table: string;
  columns: string[];
  rows: number;
  checksum: string;
  file: string;
}

export interface Manifest {
  format: typeof FORMAT;
  createdAt: string;
  serverVersion: string;
  /** TypeORM's applied migrations, in order: restore builds the same schema before it loads the rows. */
  migrations: string[];
  tables: TableEntry[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

/** The same text for the same row in every session (row text goes into the checksum). */
export async function useComparableSettings(client: pg.Client): Promise<void> {
  await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; SET bytea_output = 'hex'`);
}

/** The application's tables (schema public), by name. pg-boss's queue (schema pgboss) is left out: see the README. */
export async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((row) => row.tablename);
}

export async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ attname: string }>(
    `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [quoteIdent(table)],
  );
  return rows.map((row) => row.attname);
}

/** Row count and a checksum that does not depend on row order: the sum of each row's md5 (first 60 bits). */
export async function fingerprintOf(client: pg.Client, table: string): Promise<{ rows: number; checksum: string }> {
  const { rows } = await client.query<{ n: string; checksum: string }>(
    `SELECT count(*)::text AS n, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS checksum FROM ${quoteIdent(table)} t`,
  );
  return { rows: Number(rows[0].n), checksum: rows[0].checksum };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Runs `work` with a database URL: DATABASE_URL when set; otherwise the embedded server of `npm start` (.data/postgres,
 * PGPORT or 54329), started for the occasion or, when `npm start` is running, the running one.
 */
export async function withDatabase<T>(work: (url: string, serverUrl: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    return work(process.env.DATABASE_URL, url.toString().replace(/\/$/, ''));
  }
  const dataDir = path.resolve(root, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
  const port = Number(process.env.PGPORT ?? 54329);
  const database = process.env.PGDATABASE ?? 'bimtek';
  try {
    const server = await startEmbeddedPostgres({ dataDir, port });
    try {
      await ensureDatabase(server.serverUrl, database);
      return await work(server.urlFor(database), server.serverUrl);
    } finally {
      await server.stop();
    }
  } catch (error) {
    if (!(error instanceof DatabaseAlreadyRunningError)) throw error;
    const serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}`;
    return work(`${serverUrl}/${database}`, serverUrl);
  }
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'bimtek-backup' });
  await client.connect();
  await useComparableSettings(client);
  return client;
}
