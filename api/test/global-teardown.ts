import { rm } from 'node:fs/promises';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  if (serverUrl && !globalThis.__BIMTEK_PG__) {
    const admin = new Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${process.env.TEST_PG_TEMPLATE} WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__BIMTEK_PG__?.stop();
  if (process.env.TEST_SECRETS_DIR) await rm(process.env.TEST_SECRETS_DIR, { recursive: true, force: true });
  if (process.env.TEST_PG_DATA_DIR) await rm(process.env.TEST_PG_DATA_DIR, { recursive: true, force: true });
}
