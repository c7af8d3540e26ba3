import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SigningKeySource } from './entities/signing-key.entity';

export interface SigningKeyRow {
  public_key_multibase: string;
  source: SigningKeySource;
}

/** Every SQL statement on `credential_signing_keys`: public keys only, never a secret. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` while holding the lock that decides whether a key must be added (one instance at a time). */
  withKeyLock(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('credential_signing_keys'))`);
      await work(manager);
    });
  }

  /** Registers a public key (once). */
  async add(manager: EntityManager, publicKey: string, source: SigningKeySource): Promise<void> {
    await manager.query(
      `INSERT INTO credential_signing_keys (public_key_multibase, source) VALUES ($1, $2) ON CONFLICT (public_key_multibase) DO NOTHING`,
      [publicKey, source],
    );
  }

  /** Every key ever used, oldest first: the last one signs. */
  async all(): Promise<SigningKeyRow[]> {
    return (await this.db.query(`SELECT public_key_multibase, source FROM credential_signing_keys ORDER BY id`)) as SigningKeyRow[];
  }
}
