import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last certificate number given in a year and kabupaten/kota. Issuance takes the next one with
 * `UPDATE … RETURNING` inside its transaction: the row lock serializes issuers of one region, and a rolled-back
 * issuance gives its number back, so numbers have neither gaps nor duplicates.
 */
@Entity('certificate_counters')
export class CertificateCounter {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_certificate_counters' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'pk_certificate_counters' })
  regencyCode: string;

  @Column({ type: 'int' })
  lastSequence: number;
}
