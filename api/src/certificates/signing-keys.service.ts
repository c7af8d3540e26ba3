import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { didWebOf } from './credentials/did-web';
import { DidDocument, DocumentLoader, strictDocumentLoader } from './credentials/document-loader';
import { didDocument, Ed25519KeyPair, generateKeyPair, keyPairFromSecret } from './credentials/signing';
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
 * The issuer's Ed25519 keys. The newest key in `credential_signing_keys` signs; every key ever used stays in the DID
 * document. CREDENTIAL_SIGNING_KEY, when set, is registered (public half only) the first time it is seen; without
 * it a key is generated into the database on first use. Secrets never leave this class and are never logged.
 */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger('CredentialKeys');
  readonly did: string;
  readonly publicUrl: string;
  private state?: Promise<KeyState>;

  constructor(
    private readonly repository: SigningKeysRepository,
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

  /** Adds a new generated key, which signs from now on; the old ones stay listed. Returns its public key. */
  async rotate(): Promise<string> {
    const key = await generateKeyPair(this.did);
    const { secretKeyMultibase } = await key.export({ publicKey: true, secretKey: true });
    await this.repository.withKeyLock((manager) => this.repository.add(manager, key.publicKeyMultibase, secretKeyMultibase, SigningKeySource.GENERATED));
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

  private async load(): Promise<KeyState> {
    const configured = this.config.get('CREDENTIAL_SIGNING_KEY', { infer: true });
    const configKey = configured ? await keyPairFromSecret(configured, this.did) : undefined;
    await this.repository.withKeyLock(async (manager) => {
      if (configKey) {
        await this.repository.add(manager, configKey.publicKeyMultibase, null, SigningKeySource.CONFIG);
        return;
      }
      if (await this.repository.any(manager)) return;
      const key = await generateKeyPair(this.did);
      const { secretKeyMultibase } = await key.export({ publicKey: true, secretKey: true });
      await this.repository.add(manager, key.publicKeyMultibase, secretKeyMultibase, SigningKeySource.GENERATED);
      this.logger.log(`generated the first credential signing key ${key.publicKeyMultibase}`);
    });
    const rows = await this.repository.all();
    const newest = rows[rows.length - 1];
    let signing: Ed25519KeyPair;
    if (newest.secret_key_multibase) {
      signing = await keyPairFromSecret(newest.secret_key_multibase, this.did);
    } else if (configKey && configKey.publicKeyMultibase === newest.public_key_multibase) {
      signing = configKey;
    } else {
      throw new Error('The newest credential signing key came from CREDENTIAL_SIGNING_KEY, which is no longer set to it.');
    }
    const document = didDocument(
      this.did,
      rows.map((row) => row.public_key_multibase),
    );
    return { signing, document, loader: strictDocumentLoader([document]), loadedAt: Date.now() };
  }
}
