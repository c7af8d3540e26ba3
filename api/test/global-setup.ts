import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded';
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
    const dataDir = path.join(tmpdir(), `bimtek-test-pg-${process.env.JEST_WORKER_ID ?? 'main'}`);
    await rm(dataDir, { recursive: true, force: true });
    const port = Number(process.env.TEST_PGPORT ?? 54400 + (process.pid % 500));
    globalThis.__BIMTEK_PG__ = await startEmbeddedPostgres({ dataDir, port, fast: true });
    serverUrl = globalThis.__BIMTEK_PG__.serverUrl;
  }

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
