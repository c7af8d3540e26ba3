import { Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { CoursesModule } from '../courses/courses.module';
import { JobsService } from '../jobs/jobs.service';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';
import { BaseTablesRepository } from './base-tables.repository';
import { ReportsDemoSeeder } from './demo-reports';
import { RegionDirectory } from './region-directory';
import { ReportsReader } from './reports-reader';
import { ReportsClock } from './reports-clock';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsMonthlyRepository } from './reports-monthly.repository';
import { REPORTS_EXPORT, ReportsService } from './reports.service';
import { ExportFiles } from './export-files';
import { StorageModule } from '../storage/storage.module';
import { RollupMaintenance } from './rollup-maintenance';
import { ReportsDesaRepository } from './reports-desa.repository';
import { ReportsDesaService } from './reports-desa.service';

export const REPORTS_FOLD = 'reports.fold';
export const REPORTS_RECONCILE = 'reports.reconcile';
const FOLD_EVERY_MS = 30_000;
const RECONCILE_EVERY_MS = 24 * 3600 * 1000;

/**
 * Reports (issue #19). Two background jobs on the jobs wrapper: reports.fold (the change log into the rollups, queued
 * every 30 s while changes wait) and reports.reconcile (nightly: one province recomputed from the base tables).
 * The timers do not run in tests: tests call ReportsService.foldChanges / reconcile themselves.
 */
@Module({
  imports: [AuditModule, CoursesModule, RegionsModule, StorageModule, UsersModule],
  controllers: [ReportsController],
  providers: [RegionDirectory, ReportsReader, ReportsRepository, ReportsMonthlyRepository, ReportsDesaRepository, ReportsDesaService, BaseTablesRepository, RollupMaintenance, ReportsService, ReportsClock, ReportsDemoSeeder, ExportFiles],
  exports: [ReportsService, ReportsReader, ExportFiles],
})
export class ReportsModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reports');
  private timers: NodeJS.Timeout[] = [];
  private folding = false;

  constructor(
    private readonly jobs: JobsService,
    private readonly reports: ReportsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    // Worker changes (roster imports, approvals, moves, role changes) reach the headcounts in the same transaction.
    this.users.onWorkerChanges((manager, changes) => this.reports.recordWorkerChanges(manager, changes));
    await this.jobs.register(REPORTS_EXPORT, (job) => this.reports.runExportJob(job));
    await this.jobs.register(REPORTS_FOLD, async () => ({ folded: await this.reports.foldChanges() }));
    await this.jobs.register(REPORTS_RECONCILE, async () => {
      const result = await this.reports.reconcileNext();
      return result && { province: result.provinceCode, differences: result.differences.length, repaired: result.repaired };
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.get('NODE_ENV', { infer: true }) === 'test') return;
    this.timers.push(setInterval(() => void this.queueFold(), FOLD_EVERY_MS).unref());
    this.timers.push(setInterval(() => void this.jobs.enqueue(REPORTS_RECONCILE).catch(() => undefined), RECONCILE_EVERY_MS).unref());
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Queues a fold when changes wait and no fold of this instance is still running. */
  private async queueFold(): Promise<void> {
    if (this.folding) return;
    this.folding = true;
    try {
      if ((await this.reports.pendingChanges()) > 0) await this.jobs.waitFor(await this.jobs.enqueue(REPORTS_FOLD), 10 * 60_000);
    } catch (error) {
      this.logger.error(`fold: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.folding = false;
    }
  }
}
