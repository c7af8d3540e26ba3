import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The row of the national default. */
export const DEFAULT_SIGNATORY_SCOPE = '*';

/**
 * Who signs the certificates of a kabupaten/kota (`scope` = its code), or of everywhere without a row of its own
 * (`scope` = `*`). `{wilayah}` in a field is replaced by the kabupaten/kota's name.
 */
@Entity('certificate_signatories')
export class CertificateSignatory {
  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'pk_certificate_signatories' })
  scope: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  title: string;

  /** Shown as the issuer, e.g. `Dinas Sosial {wilayah}`. */
  @Column({ type: 'text' })
  issuerName: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
