import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const web = path.join(__dirname, '..');

describe('the generated API client types', () => {
  it('match api/openapi.json (else run `npm run openapi`)', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'schema.d.ts');
    const cli = [web, path.join(web, '..')]
      .map((dir) => path.join(dir, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'))
      .find((file) => existsSync(file));
    if (!cli) throw new Error('openapi-typescript is not installed: run npm install');
    execFileSync(process.execPath, [cli, path.join(web, '..', 'api', 'openapi.json'), '-o', out], { stdio: 'pipe' });
    expect(readFileSync(path.join(web, 'app', 'utils', 'api-schema.d.ts'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});
