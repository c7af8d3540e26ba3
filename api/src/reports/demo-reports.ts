import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { RollupMaintenance } from './rollup-maintenance';
import { publishedCourses, seedSynthetic, syntheticWorkersUnder, withSessionLock, type SyntheticResult } from '../database/synthetic-data';

/** Kota Sukabumi: the demo admin's region. */
export const DEMO_REPORT_REGION = '32.72';
const DEMO_WORKERS = 300;
/** Held while one instance checks and seeds, so two starting at once seed once. */
const DEMO_LOCK = 19_003;

/**
 * Seeds Kota Sukabumi with a few hundred synthetic workers in every state (enrolled, learning, passed, certified,
 * expired, revoked) when there are none yet, then rebuilds the region's rollups (which also counts the demo accounts).
 * Returns what was seeded, or null when the region already had its synthetic workers (or no course is published).
 */
export async function seedDemoReports(db: DataSource, maintenance: RollupMaintenance): Promise<SyntheticResult | null> {
  const runner = db.createQueryRunner(); // one connection: the seed's temporary tables and the session lock
  try {
    return await withSessionLock(runner, DEMO_LOCK, async () => {
      const wanted = (await syntheticWorkersUnder(runner, DEMO_REPORT_REGION)) === 0 && (await publishedCourses(runner)) > 0;
      const seeded = wanted ? await seedSynthetic(runner, { workers: DEMO_WORKERS, under: DEMO_REPORT_REGION, seed: 0.72, itemResults: true }) : null;
      await maintenance.refreshFromBaseTables(DEMO_REPORT_REGION);
      return seeded;
    });
  } finally {
    await runner.release();
  }
}

/** Runs seedDemoReports at start-up whenever the demo accounts are on (after them: UsersModule is global, so it starts first). */
@Injectable()
export class ReportsDemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly maintenance: RollupMaintenance,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.get('NODE_ENV', { infer: true });
    const wanted = this.config.get('DEMO_ACCOUNTS', { infer: true }) ?? env === 'development';
    if (!wanted || env === 'production') return;
    try {
      const seeded = await seedDemoReports(this.db, this.maintenance);
      if (seeded) this.logger.log(`Demo: Kota Sukabumi seeded with ${seeded.workers} workers, ${seeded.enrollments} enrollments, ${seeded.certificates} certificates`);
    } catch (error) {
      // The demo data is a convenience: the application starts without it.
      this.logger.warn(`Demo report data not seeded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
