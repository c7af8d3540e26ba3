import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export interface S3Settings {
  bucket: string;
  /** Unset: AWS S3 itself; else the S3-compatible server (MinIO, Ceph, Garage, a cloud's object storage). */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Put before every area's name in the bucket, e.g. `bimtek/` to share a bucket. */
  prefix: string;
  /** Unset: the AWS SDK's default chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, web identity, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type StorageSettings = { kind: 'local' } | { kind: 's3'; s3: S3Settings };

/** The files in the secrets folder that may hold the S3 keys (as NIK_HMAC_KEY's file does), when no variable gives them. */
const CREDENTIAL_FILES = { S3_ACCESS_KEY_ID: 's3-access-key-id', S3_SECRET_ACCESS_KEY: 's3-secret-access-key' } as const;

/**
 * OBJECT_STORAGE (`local`, the default, or `s3`) and the S3_* variables. A wrong value stops the start with a message
 * naming the variable; messages never contain a credential.
 */
export function storageSettings(env: Env, secretsDir: string): StorageSettings {
  const kind = env.OBJECT_STORAGE?.trim().toLowerCase() || 'local';
  if (kind === 'local') return { kind };
  if (kind !== 's3') throw new Error(`OBJECT_STORAGE must be "local" or "s3", not "${kind}"`);
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) throw new Error('OBJECT_STORAGE=s3 needs S3_BUCKET (the bucket must exist)');
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new Error('S3_ENDPOINT must be an http(s) URL, e.g. http://minio:9000');
  const prefix = env.S3_PREFIX?.trim() ?? '';
  if (prefix && !/^([A-Za-z0-9_-][A-Za-z0-9._-]*\/)+$/.test(prefix)) throw new Error('S3_PREFIX must be folder names ending in "/", e.g. bimtek/');
  return {
    kind,
    s3: {
      bucket,
      endpoint,
      region: env.S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1',
      forcePathStyle: flag(env.S3_FORCE_PATH_STYLE, 'S3_FORCE_PATH_STYLE'),
      prefix,
      credentials: credentialsOf(env, secretsDir),
    },
  };
}

function flag(raw: string | undefined, name: string): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} must be true or false`);
}

/** Both keys, or neither (then the AWS SDK's own chain finds them); never half a pair. */
function credentialsOf(env: Env, secretsDir: string): S3Settings['credentials'] {
  const accessKeyId = secretOf('S3_ACCESS_KEY_ID', env, secretsDir);
  const secretAccessKey = secretOf('S3_SECRET_ACCESS_KEY', env, secretsDir);
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: give both or neither');
  return { accessKeyId, secretAccessKey };
}

/** The variable itself, a file named by `<NAME>_FILE` (container secrets), or its file in the secrets folder. */
function secretOf(name: keyof typeof CREDENTIAL_FILES, env: Env, secretsDir: string): string | undefined {
  const given = env[name]?.trim();
  if (given) return given;
  const namedFile = env[`${name}_FILE`]?.trim();
  if (namedFile) return readSecret(namedFile, `${name}_FILE`);
  const file = path.join(secretsDir, CREDENTIAL_FILES[name]);
  return existsSync(file) ? readSecret(file, file) : undefined;
}

function readSecret(file: string, what: string): string {
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!value) throw new Error(`${what}: ${file} is empty`);
  return value;
}
