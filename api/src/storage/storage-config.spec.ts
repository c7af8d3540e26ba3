import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storageSettings } from './storage-config';

describe('storageSettings (OBJECT_STORAGE and S3_*)', () => {
  let secretsDir: string;
  beforeEach(async () => {
    secretsDir = await mkdtemp(path.join(tmpdir(), 'bimtek-test-storage-secrets-'));
  });
  afterEach(() => rm(secretsDir, { recursive: true, force: true }));

  const s3 = (env: Record<string, string>) => {
    const settings = storageSettings({ OBJECT_STORAGE: 's3', S3_BUCKET: 'b', ...env }, secretsDir);
    if (settings.kind !== 's3') throw new Error('expected s3');
    return settings.s3;
  };

  it('is the local folder unless told otherwise', () => {
    expect(storageSettings({}, secretsDir)).toEqual({ kind: 'local' });
    expect(storageSettings({ OBJECT_STORAGE: ' Local ' }, secretsDir)).toEqual({ kind: 'local' });
  });

  it('refuses what it does not understand, naming the variable', () => {
    expect(() => storageSettings({ OBJECT_STORAGE: 'gcs' }, secretsDir)).toThrow(/OBJECT_STORAGE/);
    expect(() => storageSettings({ OBJECT_STORAGE: 's3' }, secretsDir)).toThrow(/S3_BUCKET/);
    expect(() => s3({ S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(() => s3({ S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => s3({ S3_PREFIX: '../' })).toThrow(/S3_PREFIX/);
  });

  it('reads the S3 settings, with AWS S3 and its default credential chain when only the bucket is given', () => {
    expect(s3({})).toEqual({ bucket: 'b', endpoint: undefined, region: 'us-east-1', forcePathStyle: false, prefix: '', credentials: undefined });
    expect(s3({ S3_ENDPOINT: 'http://minio:9000', S3_REGION: 'ap-southeast-3', S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'bimtek/' })).toMatchObject({
      endpoint: 'http://minio:9000',
      region: 'ap-southeast-3',
      forcePathStyle: true,
      prefix: 'bimtek/',
    });
  });

  it('takes the keys from the variables, from <NAME>_FILE, or from the secrets folder; never half a pair', async () => {
    expect(s3({ S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' }).credentials).toEqual({ accessKeyId: 'id', secretAccessKey: 'secret' });
    await writeFile(path.join(secretsDir, 'given-secret'), 'from-file\n');
    expect(s3({ S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY_FILE: path.join(secretsDir, 'given-secret') }).credentials).toEqual({ accessKeyId: 'id', secretAccessKey: 'from-file' });
    await writeFile(path.join(secretsDir, 's3-access-key-id'), 'folder-id\n');
    await writeFile(path.join(secretsDir, 's3-secret-access-key'), 'folder-secret\n');
    expect(s3({}).credentials).toEqual({ accessKeyId: 'folder-id', secretAccessKey: 'folder-secret' });
    await rm(path.join(secretsDir, 's3-secret-access-key'));
    expect(() => s3({})).toThrow(/go together/);
  });

  it('never puts a key in an error message', () => {
    let message = '';
    try {
      s3({ S3_SECRET_ACCESS_KEY: 'very-secret-value' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/go together/);
    expect(message).not.toContain('very-secret-value');
  });
});
