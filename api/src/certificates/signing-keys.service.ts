import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { SecretsService } from '../secrets/secrets.service';
import { didWebOf } from './credentials/did-web';
import { DidDocument, DocumentLoader, strictDocumentLoader } from './credentials/document-loader';
import { didDocument, Ed25519KeyPair, keyPairFromSecret } from './credentials/signing';
import { SigningKeySource } from './entities/signing-key.entity';
import { SigningKeysRepository } from './signing-keys.repository';

/** How long a process trusts its idea of the newest key: a rotation by another process is picked up within it. */
const KEY_CACHE_MS = 30_000;

interface KeyState {
  signing: Ed25519KeyPair;
  secret?: string;
  document: DidDocument;
  loader: DocumentLoader;
  loadedAt: number;
}

/**
 * The issuer's Ed25519 keys. The key SecretsService holds signs (CREDENTIAL_SIGNING_KEY, its file, or in development
 * one generated into the secrets folder); its public half is registered in `credential_signing_keys` the first time it
 * is seen, and every key ever used stays in the DID document, so credentials signed before a rotation still verify.
 * The database holds public keys only; the secret is never logged.
 */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger('CredentialKeys');
  readonly did: string;
  readonly publicUrl: string;
  private state?: Promise<KeyState>;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly secrets: SecretsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
    this.did = didWebOf(this.publicUrl);
  }

  async signingKey(): Promise<Ed25519KeyPair> {
    return (await this.current()).signing;
  }

  /** The signing key's secret, for the worker process that signs (our own child, over its IPC channel; never logged). */
  async signingSecret(): Promise<string> {
    const state = await this.current();
    state.secret ??= (await state.signing.export({ publicKey: true, secretKey: true })).secretKeyMultibase;
    return state.secret;
  }

  async didDocument(): Promise<DidDocument> {
    return (await this.current()).document;
  }

  /** The strict offline loader: bundled contexts and our DID document, nothing else. */
  async documentLoader(): Promise<DocumentLoader> {
    return (await this.current()).loader;
  }

  /** Makes a new key the signing one (kept where the secrets are kept); the old ones stay listed. Returns its public key. */
  async rotate(): Promise<string> {
    const key = await keyPairFromSecret(await this.secrets.rotateSigningSecret(), this.did);
    await this.repository.withKeyLock((manager) => this.repository.add(manager, key.publicKeyMultibase, SigningKeySource.GENERATED));
    this.state = undefined;
    this.logger.log(`credential signing key rotated; new key ${key.publicKeyMultibase}`);
    return key.publicKeyMultibase;
  }

  private current(): Promise<KeyState> {
    const state = this.state;
    if (state) {
      return state.then((loaded) => (Date.now() - loaded.loadedAt < KEY_CACHE_MS ? loaded : this.reload()));
    }
    return this.reload();
  }

  private reload(): Promise<KeyState> {
    const loading = this.load();
    this.state = loading;
    loading.catch(() => {
      if (this.state === loading) this.state = undefined;
    });
    return loading;
  }

  /**
   * The signing key is the secret SecretsService holds (from the environment or a secret file, never the database);
   * its public half is registered once as the newest key, and every key registered before stays in the DID document.
   */
  private async load(): Promise<KeyState> {
    const signing = await keyPairFromSecret(await this.secrets.signingSecret(), this.did);
    await this.repository.withKeyLock(async (manager) => {
      await this.repository.add(manager, signing.publicKeyMultibase, SigningKeySource.CONFIG);
    });
    const rows = await this.repository.all();
    const document = didDocument(
      this.did,
      rows.map((row) => row.public_key_multibase),
    );
    return { signing, document, loader: strictDocumentLoader([document]), loadedAt: Date.now() };
  }
}
