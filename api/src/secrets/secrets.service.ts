import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { generateKeyPair } from '../certificates/credentials/signing';
import { resolveSecret, secretFilePath, SecretSource, writeSecretFile } from './secret-files';

/**
 * The API's secrets (the NIK HMAC key, the credential-signing key), read once at start-up from the environment or
 * secret files and never from or into the database. A missing one stops the start in production.
 */
@Injectable()
export class SecretsService implements OnModuleInit {
  private loaded?: Promise<{ nik: string; signing: string }>;

  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** Reads (or, in development, generates) every secret at start-up, so a missing one stops the start. */
  async onModuleInit(): Promise<void> {
    await this.load();
  }

  async nikKey(): Promise<string> {
    return (await this.load()).nik;
  }

  /** The multibase Ed25519 secret key that signs credentials now. */
  async signingSecret(): Promise<string> {
    return (await this.load()).signing;
  }

  private load(): Promise<{ nik: string; signing: string }> {
    this.loaded ??= (async () => {
      const source = secretSourceOf(this.config);
      const nik = await resolveSecret('NIK_HMAC_KEY', source, () => randomBytes(32).toString('base64url'));
      const signing = await resolveSecret('CREDENTIAL_SIGNING_KEY', source, newSigningSecret);
      return { nik, signing };
    })();
    return this.loaded;
  }

  /**
   * Replaces the signing key by a new one, kept where the current one is kept (its file); refused when the current one
   * comes from the CREDENTIAL_SIGNING_KEY variable, which only whoever sets it can change.
   */
  async rotateSigningSecret(): Promise<string> {
    if (this.config.get('CREDENTIAL_SIGNING_KEY', { infer: true })) {
      throw new Error('CREDENTIAL_SIGNING_KEY is set in the environment: put the new key there (or use CREDENTIAL_SIGNING_KEY_FILE).');
    }
    const file = this.config.get('CREDENTIAL_SIGNING_KEY_FILE', { infer: true }) ?? secretFilePath('CREDENTIAL_SIGNING_KEY', this.config.get('BIMTEK_SECRETS_DIR', { infer: true }));
    const secret = await newSigningSecret();
    writeSecretFile(file, secret);
    const current = await this.load();
    this.loaded = Promise.resolve({ ...current, signing: secret });
    return secret;
  }
}

export function secretSourceOf(config: ConfigService<AppConfig, true>): SecretSource {
  return {
    env: {
      NIK_HMAC_KEY: config.get('NIK_HMAC_KEY', { infer: true }),
      NIK_HMAC_KEY_FILE: config.get('NIK_HMAC_KEY_FILE', { infer: true }),
      CREDENTIAL_SIGNING_KEY: config.get('CREDENTIAL_SIGNING_KEY', { infer: true }),
      CREDENTIAL_SIGNING_KEY_FILE: config.get('CREDENTIAL_SIGNING_KEY_FILE', { infer: true }),
    },
    dir: config.get('BIMTEK_SECRETS_DIR', { infer: true }),
    production: config.get('NODE_ENV', { infer: true }) === 'production',
  };
}

async function newSigningSecret(): Promise<string> {
  const key = await generateKeyPair('did:web:localhost');
  return (await key.export({ publicKey: true, secretKey: true })).secretKeyMultibase;
}
