import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A Bitstring Status List (revocation) of `size` entries. Certificates take a random free position at issuance
 * (`credential_status_entries`); `allocated` counts them, and a list takes no more once it is nearly full. The
 * bits come from the certificates' `revoked_at`. `signed` caches the signed status-list credential of `version`;
 * each revocation bumps `version`, so a stale cache is never served.
 */
@Entity('credential_status_lists')
export class StatusList {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_credential_status_lists' })
  id: number;

  @Column({ type: 'int' })
  size: number;

  /** Positions taken so far (`credential_status_entries` of this list). */
  @Column({ type: 'int', default: 0 })
  allocated: number;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'jsonb', nullable: true })
  signed: Record<string, unknown> | null;

  @Column({ type: 'int', nullable: true })
  signedVersion: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
