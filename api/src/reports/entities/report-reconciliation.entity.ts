import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One run of the nightly reconciliation: a province recomputed from the base tables and compared with the rollups. */
@Entity('report_reconciliations')
@Index('idx_report_reconciliations_started', ['startedAt'])
export class ReportReconciliation {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_report_reconciliations' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  provinceCode: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Rollup rows that did not match. */
  @Column({ type: 'int', default: 0 })
  differences: number;

  /** The first differing rows: region, pillar, course, what the rollup said and what the base tables say. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  details: unknown[];

  /** Whether the province was rebuilt from the base tables afterwards. */
  @Column({ type: 'boolean', default: false })
  repaired: boolean;
}
