/**
 * `npm run keys:rotate`: adds a new Ed25519 key that signs every credential from then on. Older keys stay in
 * /.well-known/did.json, so credentials signed before keep verifying. Prints only the new public key.
 * Database: DATABASE_URL, or the embedded one of `npm start` (the running one, else started for this and stopped).
 * A running API picks the new key up within 30 seconds.
 */
import path from 'node:path';
import { DataSource } from 'typeorm';
import { validateConfig } from '../config/app-config';
import { ensureDatabase, portInUse, startEmbeddedPostgres } from '../database/embedded';
import { prepareDatabase } from '../database/prepare';
import { typeormOptions } from '../database/typeorm-options';
import { SecretsService } from '../secrets/secrets.service';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

async function databaseUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const port = Number(process.env.PGPORT ?? 54329);
  if (await portInUse(port)) {
    const serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}`;
    await ensureDatabase(serverUrl, 'bimtek');
    return { url: `${serverUrl}/bimtek` };
  }
  const dataDir = path.resolve(repoRoot, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
  const database = await startEmbeddedPostgres({ dataDir, port });
  await ensureDatabase(database.serverUrl, 'bimtek');
  return { url: database.urlFor('bimtek'), stop: () => database.stop() };
}

async function main(): Promise<number> {
  if (process.argv[2] !== 'rotate') {
    console.error('Pemakaian: keys-cli rotate');
    return 2;
  }
  const { url, stop } = await databaseUrl();
  const dataSource = new DataSource(typeormOptions(url, 2));
  try {
    await prepareDatabase(url);
    await dataSource.initialize();
    const config = validateConfig({ ...process.env, DATABASE_URL: url });
    const settings = { get: (name: keyof typeof config) => config[name] } as never;
    const keys = new SigningKeysService(new SigningKeysRepository(dataSource), new SecretsService(settings), settings);
    const before = (await keys.didDocument()).verificationMethod.length;
    const publicKey = await keys.rotate();
    console.log(`Kunci penandatangan baru: ${keys.did}#${publicKey}`);
    console.log(`DID document kini memuat ${before + 1} kunci; kredensial lama tetap dapat diverifikasi.`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
