import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveSecret, secretFilePath } from './secret-files';

describe('a generated secret', () => {
  it('is the one another process wrote first when two start at once, never a second value or an empty file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-secret-race-'));
    const file = secretFilePath('NIK_HMAC_KEY', dir);
    // While this process generates its value, another one finishes writing the file.
    const value = await resolveSecret('NIK_HMAC_KEY', { env: {}, dir, production: false }, () => {
      writeFileSync(file, 'written-by-the-other-process\n', { mode: 0o600 });
      return 'generated-here';
    });
    expect(value).toBe('written-by-the-other-process');
    expect(readFileSync(file, 'utf8').trim()).toBe('written-by-the-other-process');
    expect(readdirSync(dir)).toEqual(['nik-hmac-key']);
  });

  it('is written once and read back the same by the next start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bimtek-secret-once-'));
    const source = { env: {}, dir, production: false };
    const first = await resolveSecret('CREDENTIAL_SIGNING_KEY', source, () => 'first-value');
    const again = await resolveSecret('CREDENTIAL_SIGNING_KEY', source, () => 'second-value');
    expect([first, again]).toEqual(['first-value', 'first-value']);
  });
});
