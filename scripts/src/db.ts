/**
 * `npm run db`: only the embedded PostgreSQL of `npm start` (same data, same port), for psql, migration generation
 * or a second tool. Prints the URL; Ctrl-C stops it.
 */
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '../../api/src/database/embedded';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = path.resolve(root, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
const port = Number(process.env.PGPORT ?? 54329);
const database = process.env.PGDATABASE ?? 'bimtek';

try {
  const server = await startEmbeddedPostgres({ dataDir, port });
  await ensureDatabase(server.serverUrl, database);
  console.log(`PostgreSQL ready: ${server.urlFor(database)}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
