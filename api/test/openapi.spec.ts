import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiJson } from '../src/openapi';

describe('api/openapi.json', () => {
  it('is the document the controllers describe (else run `npm run openapi`)', async () => {
    const committed = readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(await buildOpenApiJson()));
  });
});
