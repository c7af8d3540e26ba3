import 'reflect-metadata';
import cluster from 'node:cluster';
import { createApp } from './app.factory';
import { concurrencyFrom, runPrimary } from './cluster';
import { AppConfig, ConfigError, validateConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare';
import { importContentAtStartup } from './courses/content-startup';

/**
 * The API: migrations and the course import run once, in the first process; then it serves in API_CONCURRENCY
 * processes (one per core by default), which share the port. The API keeps no state of its own between requests
 * (sessions, limits, jobs and idempotency live in PostgreSQL), so any process may answer any request.
 */
async function main(): Promise<void> {
  const config = validateConfig(process.env);
  if (cluster.isWorker) return serve(config);
  await prepareDatabase(config.DATABASE_URL, (message) => console.log(message));
  if (config.CONTENT_DIR) await importContentAtStartup(config.DATABASE_URL, config.CONTENT_DIR, (message) => console.log(message));
  const workers = concurrencyFrom(process.env.API_CONCURRENCY, 'API_CONCURRENCY');
  if (workers === 1) return serve(config);
  // The first worker seeds the demo data (it serves before the others are forked); the rest do not seed again.
  await runPrimary({ name: 'API', workers, envFor: (index): Record<string, string> => (index === 0 ? {} : { DEMO_ACCOUNTS: 'false' }) });
}

async function serve(config: AppConfig): Promise<void> {
  const app = await createApp();
  if (cluster.isWorker) {
    // The primary stops its workers with SIGTERM. A terminal's Ctrl-C also reaches every worker directly, and a
    // second signal would cut the graceful shutdown (pg-boss, the pool) short: the worker leaves it to the primary.
    process.on('SIGINT', () => undefined);
    app.enableShutdownHooks(['SIGTERM']);
  } else {
    app.enableShutdownHooks();
  }
  await app.listen({ port: config.API_PORT, host: config.API_HOST });
  if (!cluster.isWorker || cluster.worker?.id === 1) {
    console.log(`API listening on http://${config.API_HOST}:${config.API_PORT}/api (docs at /api/docs)`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('The API could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
