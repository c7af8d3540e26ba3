import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded';
import { portInUse } from '../src/database/port';
import { prepareDatabase } from '../src/database/prepare';
import { importContentIntoDatabase } from '../src/courses/course-importer';

declare global {
  var __BIMTEK_PG__: EmbeddedDatabase | undefined;
}

/**
 * One PostgreSQL for the whole run: the embedded one (fast, throw-away settings), or the server of DATABASE_URL when
 * set. A template database is migrated and seeded once; each test file clones it (see test/test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    serverUrl = url.toString().replace(/\/$/, '');
    console.log(`\n[test] using the PostgreSQL server of DATABASE_URL (${url.host})`);
  } else {
    // A directory and a port of this run's own: several runs on one machine (developers, CI) must not meet.
    const runDir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-pg-'));
    await chmod(runDir, 0o755); // the server runs as the `postgres` user when we are root
    const dataDir = path.join(runDir, 'data');
    const port = await freePort(Number(process.env.TEST_PGPORT ?? 54400 + (process.pid % 500)));
    globalThis.__BIMTEK_PG__ = await startEmbeddedPostgres({ dataDir, port, fast: true });
    process.env.TEST_PG_DATA_DIR = runDir;
    serverUrl = globalThis.__BIMTEK_PG__.serverUrl;
  }

  // Secrets of this run only (the development default would be the checkout's .data/secrets).
  const secretsDir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-secrets-'));
  process.env.BIMTEK_SECRETS_DIR = secretsDir;
  process.env.TEST_SECRETS_DIR = secretsDir;

  const template = `bimtek_template_${process.pid}`;
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await prepareDatabase(`${serverUrl}/${template}`);
  // The seven standard courses, so that any test can enrol in a real course (content:check guards their validity).
  const content = await importContentIntoDatabase(`${serverUrl}/${template}`, path.join(__dirname, '..', '..', 'content', 'courses'));
  if (content.problems.length > 0) console.warn(`\n[test] course packages left out:\n${content.problems.join('\n')}`);

  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (!(await portInUse(port))) return port;
  }
  throw new Error(`No free port for the test PostgreSQL between ${from} and ${from + 199}.`);
}
