import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, validateConfig } from './config/app-config';
import { prepareDatabase } from './database/prepare';
import { importContentAtStartup } from './courses/content-startup';

async function main(): Promise<void> {
  const config = validateConfig(process.env);
  await prepareDatabase(config.DATABASE_URL, (message) => console.log(message));
  if (config.CONTENT_DIR) await importContentAtStartup(config.DATABASE_URL, config.CONTENT_DIR, (message) => console.log(message));
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen({ port: config.API_PORT, host: config.API_HOST });
  console.log(`API listening on http://${config.API_HOST}:${config.API_PORT}/api (docs at /api/docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('The API could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
