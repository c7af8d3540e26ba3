import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BaseTablesRepository, type ReconciliationDifference } from './base-tables.repository';
import { ancestorsOf, ReportsRepository } from './reports.repository';
import { ReportsMonthlyRepository } from './reports-monthly.repository';

const FOLD_BATCH = 50_000;

export interface ReconciliationResult {
  id: string;
  provinceCode: string;
  differences: ReconciliationDifference[];
  repaired: boolean;
}

/**
 * Keeping the rollups right: folding the change log, rebuilding a region from the base tables, and the nightly
 * reconciliation. Needs only the data source, so the seed script uses it without the rest of the application.
 */
@Injectable()
export class RollupMaintenance {
  private readonly logger = new Logger('Reports');
  /** report_months (decision 036); made here when the caller (the seed script) passes none. */
  private readonly months: ReportsMonthlyRepository;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly base: BaseTablesRepository,
    @Optional() months?: ReportsMonthlyRepository,
  ) {
    this.months = months ?? new ReportsMonthlyRepository(db);
  }

  async foldChanges(): Promise<number> {
    let total = 0;
    for (;;) {
      const folded = await this.reports.fold(FOLD_BATCH);
      total += folded;
      if (folded < FOLD_BATCH) return total;
    }
  }

  pendingChanges(): Promise<number> {
    return this.reports.pendingChanges();
  }

  /**
   * Rebuilds the current-state rows and the rollups of a region ('' or null: everything) from the base tables, under
   * the refresh lock (hooks wait meanwhile; pending changes of the region are dropped, the rows already hold them).
   */
  async refreshFromBaseTables(scope: string | null): Promise<{ rows: number }> {
    const code = scope ?? '';
    return this.db.transaction(async (manager) => {
      await this.reports.lockForRefresh(manager);
      const rows = await this.base.rewriteStates(manager, code);
      const heads = await this.base.headcountsUnder(manager, code);
      const ancestorHeads = await this.base.headcountsAt(manager, ancestorsOf(code).filter(Boolean));
      await this.reports.rebuildRollups(manager, code, heads, ancestorHeads);
      await this.months.rebuild(manager, code);
      return { rows };
    });
  }

  /**
   * Recomputes one province from the base tables and compares it with the rollups (plus the changes not folded yet) in
   * one snapshot. A difference is recorded in report_reconciliations and logged as an error (the alert); with `repair`
   * the province is then rebuilt from the base tables.
   */
  async reconcile(provinceCode: string, repair = true): Promise<ReconciliationResult> {
    const id = await this.reports.startReconciliation(provinceCode);
    const differences = await this.db.transaction('REPEATABLE READ', async (manager) => [
      ...(await this.base.differences(manager, provinceCode)),
      ...(await this.monthDifferences(manager, provinceCode)),
    ]);
    const repaired = repair && differences.length > 0;
    if (differences.length > 0) {
      this.logger.error(`reconciliation of province ${provinceCode}: ${differences.length} rollup rows differ from the base tables`);
      if (repaired) await this.refreshFromBaseTables(provinceCode);
    }
    await this.reports.finishReconciliation(id, differences.length, differences.slice(0, 50), repaired);
    return { id, provinceCode, differences, repaired };
  }

  async reconcileNext(): Promise<ReconciliationResult | null> {
    const province = await this.reports.nextProvinceToReconcile();
    return province ? this.reconcile(province) : null;
  }

  // ── Completions and certificates per month (decision 036) ─────────────────────────────────────────────────────────

  /** The month rows of a province that differ from the base tables, in the reconciliation's snapshot. */
  private monthDifferences(manager: EntityManager, provinceCode: string): Promise<ReconciliationDifference[]> {
    return this.months.differences(manager, provinceCode, this.base.statesFromBase(provinceCode));
  }
}
