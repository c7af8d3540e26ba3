import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * For each desa and pillar holding a certificate of a worker registered at that desa, the month the last one held
 * expires in ('infinity' when one never expires), recomputed from the desa's rollup rows by each fold that touches it
 * (decision 033, "Desa gaps"): the desa counterpart of report_kecamatan_cover, without the "any pillar" rows.
 */
@Entity('report_desa_cover')
export class ReportDesaCover {
  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'pk_report_desa_cover' })
  pillar: string;

  @PrimaryColumn({ type: 'varchar', length: 13, collation: 'C', primaryKeyConstraintName: 'pk_report_desa_cover' })
  regionCode: string;

  @Column({ type: 'date' })
  latestMonth: string;
}
