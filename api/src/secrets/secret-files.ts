import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The secrets the API needs; none of them is ever stored in the database. */
export const SECRET_NAMES = ['NIK_HMAC_KEY', 'CREDENTIAL_SIGNING_KEY'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** The file a secret is kept in, inside the secrets folder, when no variable names one. */
export const SECRET_FILE_NAMES: Readonly<Record<SecretName, string>> = {
  NIK_HMAC_KEY: 'nik-hmac-key',
  CREDENTIAL_SIGNING_KEY: 'credential-signing-key',
};

export interface SecretSource {
  env: Readonly<Record<string, string | undefined>>;
  /** Where generated (development) and exported (upgrade) secrets live: mode 0700, files 0600. */
  dir: string;
  /** Production never generates a secret: it must be given. */
  production: boolean;
}

export class MissingSecretError extends Error {}

/** `.data/secrets` of the checkout (beside the embedded database's `.data/postgres`), unless BIMTEK_SECRETS_DIR says. */
export function defaultSecretsDir(): string {
  return path.resolve(__dirname, '..', '..', '..', '.data', 'secrets');
}

/**
 * Moves a secret an older version kept in the database out to its file, unless the environment already gives one
 * or the file exists: the value the database held is the one in use, so it must survive the column's removal.
 * Returns the file written, or null.
 */
export function exportLegacySecret(name: SecretName, value: string, env: Readonly<Record<string, string | undefined>>): string | null {
  if (env[name]?.trim() || env[`${name}_FILE`]?.trim()) return null;
  const file = secretFilePath(name, env.BIMTEK_SECRETS_DIR?.trim() || defaultSecretsDir());
  if (existsSync(file)) return null;
  writeSecretFile(file, value);
  return file;
}

/**
 * A secret from, in order: the variable itself (`NIK_HMAC_KEY`), a file named by `NIK_HMAC_KEY_FILE` (as container
 * secrets are given), or its file in the secrets folder. Outside production a missing one is generated into that
 * file once; in production a missing one stops the start with a message saying what to set.
 */
export async function resolveSecret(name: SecretName, source: SecretSource, generate: () => Promise<string> | string): Promise<string> {
  const given = source.env[name]?.trim();
  if (given) return given;
  const namedFile = source.env[`${name}_FILE`]?.trim();
  if (namedFile) return readSecretFile(namedFile, `${name}_FILE`);
  const file = secretFilePath(name, source.dir);
  if (existsSync(file)) return readSecretFile(file, file);
  if (source.production) {
    throw new MissingSecretError(`${name} is required in production: set ${name} or ${name}_FILE (a file holding it), or put it in ${file}.`);
  }
  return createSecretFileOnce(file, await generate());
}

/**
 * Writes a generated secret unless another process got there first, and returns the one in the file. Several
 * processes may start at once (test workers, the API's cluster): the value is written in full to a file of this
 * process and then hard-linked into place, which fails when the file exists, so no one ever reads a half-written
 * secret and every process ends up with the same one.
 */
function createSecretFileOnce(file: string, value: string): string {
  const own = `${file}.${process.pid}.tmp`;
  writeSecretFile(own, value);
  try {
    linkSync(own, file);
    return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecretFile(file, file);
  } finally {
    unlinkSync(own);
  }
}

export function secretFilePath(name: SecretName, dir: string): string {
  return path.join(dir, SECRET_FILE_NAMES[name]);
}

/** Writes a secret readable by its owner only (the folder too), replacing what was there. */
export function writeSecretFile(file: string, value: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function readSecretFile(file: string, what: string): string {
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new MissingSecretError(`${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (!value) throw new MissingSecretError(`${what}: ${file} is empty.`);
  return value;
}
