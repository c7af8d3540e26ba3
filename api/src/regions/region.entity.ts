import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { RegionLevel } from './region-level';

export { RegionLevel };

/** A Kemendagri region: province (`32`), kabupaten/kota (`32.72`) or kecamatan (`32.72.03`). */
@Entity('regions')
@Index('idx_regions_parent_code', ['parentCode'])
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 13 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level: RegionLevel;

  @Column({ type: 'varchar', length: 13, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code', foreignKeyConstraintName: 'fk_regions_parent' })
  parent?: Region | null;
}
