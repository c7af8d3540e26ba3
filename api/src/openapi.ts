import './openapi-env';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp, openApiDocument } from './app.factory';

/** Writes api/openapi.json from the controllers without a database, using Nest's preview mode. */
export async function buildOpenApiJson(): Promise<string> {
  const app = await createApp({ preview: true });
  const json = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  await app.close();
  return json;
}

if (require.main === module) {
  buildOpenApiJson()
    .then((json) => {
      const file = path.resolve(__dirname, '..', 'openapi.json');
      writeFileSync(file, json);
      console.log(`wrote ${file}`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
