import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * For each kecamatan and pillar ('*': any pillar) holding a certificate, the month the last one held expires in
 * ('infinity' when one never expires), recomputed from the kecamatan's rollup rows by each fold that touches it
 * (decision 032). The coverage gaps are the kecamatan without a row, or whose month is past: one row per kecamatan.
 */
@Entity('report_kecamatan_cover')
export class ReportKecamatanCover {
  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_kecamatan_cover' })
  pillar: string;

  @PrimaryColumn({ type: 'varchar', length: 8, collation: 'C', primaryKeyConstraintName: 'pk_report_kecamatan_cover' })
  regionCode: string;

  @Column({ type: 'date' })
  latestMonth: string;
}
