import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins and activations counted per phone-and-address and per address (issue #21, F-L4): an attacker's
 * address is slowed down with growing waits while the owner, signing in from elsewhere, is not. Phones are stored
 * only as a hash (they live in `users` alone).
 */
@Entity('auth_sign_in_failures')
@Index('idx_auth_sign_in_failures_last_failed_at', ['lastFailedAt'])
export class SignInFailure {
  /** `pair:<sha256 of the phone>:<address>` or `address:<address>`. */
  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_auth_sign_in_failures' })
  key: string;

  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'timestamptz' })
  lastFailedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
