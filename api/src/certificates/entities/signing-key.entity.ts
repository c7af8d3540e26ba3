import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum SigningKeySource {
  /** Made by `npm run keys:rotate`. */
  GENERATED = 'GENERATED',
  /** The key the secrets gave at start-up (CREDENTIAL_SIGNING_KEY, its file, or one generated in development). */
  CONFIG = 'CONFIG',
}

/**
 * Every Ed25519 key that ever signed a credential. The newest one signs; all stay listed in the DID document so
 * credentials signed before a rotation still verify.
 */
@Entity('credential_signing_keys')
@Index('uq_credential_signing_keys_public_key', ['publicKeyMultibase'], { unique: true })
export class SigningKey {
  @PrimaryGeneratedColumn({ type: 'int', primaryKeyConstraintName: 'pk_credential_signing_keys' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  publicKeyMultibase: string;

  @Column({ type: 'varchar', length: 16 })
  source: SigningKeySource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
