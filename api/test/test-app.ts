import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { TcpProxy } from './tcp-proxy';

/**
 * A database of its own for one test file, cloned from the migrated template in 30–100 ms; with `empty`, a database
 * with no table at all (to migrate from scratch).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!serverUrl || !template) throw new Error('Run the tests through jest: the global setup provides the database.');
  const name = `bimtek_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`);
  return {
    url: `${serverUrl}/${name}`,
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The whole application on a fresh database. `databaseUrl` overrides where the app connects (e.g. through a proxy)
 * while the cloned database is still the one dropped at the end.
 */
export async function createTestApp(options: { databaseUrl?: (url: string) => string | Promise<string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = options.databaseUrl ? await options.databaseUrl(database.url) : database.url;
  process.env.LOG_LEVEL = 'silent';
  process.env.NODE_ENV = 'test';
  // Tests click through lessons at once: no minimum reading time unless a spec sets one (decision 022).
  process.env.LEARNING_MIN_READING_SCALE ??= '0';
  // Loaded here, not at the top: the configuration is read when the module graph is first loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load it too early
  const { createApp } = require('../src/app.factory') as typeof import('../src/app.factory.js');
  const app = await createApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: supertest(app.getHttpServer()),
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The whole application reaching its database through a TcpProxy the test can cut and restore. */
export async function createTestAppBehindProxy(): Promise<{ t: TestApp; proxy: TcpProxy }> {
  let proxy: TcpProxy | undefined;
  const t = await createTestApp({
    databaseUrl: async (url) => {
      const parsed = new URL(url);
      proxy = new TcpProxy(parsed.hostname, Number(parsed.port));
      await proxy.open();
      parsed.port = String(proxy.port);
      return parsed.toString();
    },
  });
  return { t, proxy: proxy! };
}
