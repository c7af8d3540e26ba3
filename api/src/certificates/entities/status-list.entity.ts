import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A Bitstring Status List (revocation) of `size` entries. Certificates take the next free index at issuance; the
 * bits come from the certificates' `revoked_at`. `signed` caches the signed status-list credential of `version`;
 * each revocation bumps `version`, so a stale cache is never served.
 */
@Entity('credential_status_lists')
export class StatusList {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_credential_status_lists' })
  id: number;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'int', default: 0 })
  nextIndex: number;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'jsonb', nullable: true })
  signed: Record<string, unknown> | null;

  @Column({ type: 'int', nullable: true })
  signedVersion: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
