/**
 * `npm run secrets:generate -- [folder]`: writes the API's secrets (the NIK HMAC key and the credential-signing key)
 * into `folder` (default `secrets/`), one file each with mode 0600, for a deployment that reads them through
 * NIK_HMAC_KEY_FILE and CREDENTIAL_SIGNING_KEY_FILE (docker-compose.yml does). A file that exists is left as it is:
 * replacing a key would make stored NIK hashes unmatchable. Back the folder up apart from the database (decision 018).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { generateKeyPair } from '../../api/src/certificates/credentials/signing';
import { resolveSecret, secretFilePath } from '../../api/src/secrets/secret-files';

const dir = path.resolve(process.argv[2] ?? 'secrets');
const source = { env: {}, dir, production: false };

await resolveSecret('NIK_HMAC_KEY', source, () => randomBytes(32).toString('base64url'));
await resolveSecret('CREDENTIAL_SIGNING_KEY', source, async () => {
  const key = await generateKeyPair('did:web:localhost');
  return (await key.export({ publicKey: true, secretKey: true })).secretKeyMultibase;
});
console.log(`Secrets in ${dir}: ${secretFilePath('NIK_HMAC_KEY', dir)}, ${secretFilePath('CREDENTIAL_SIGNING_KEY', dir)} (kept if they existed).`);
