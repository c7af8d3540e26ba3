/**
 * `npm run seed:synthetic -- --workers 1000000`: a realistic national data set over the real regions (see
 * api/test/synthetic.ts: pillars and completion rates varying by region, enrollments, attempts with scores,
 * certificates some expired or revoked), then the reports' rollups built from it. Into DATABASE_URL when set,
 * otherwise into the embedded PostgreSQL of `npm start` (.data/postgres, port 54329), started for the occasion.
 *
 *   npm run seed:synthetic -- --workers 50000 [--under 32]
 */
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { seedSynthetic, type SyntheticResult } from '../../api/src/database/synthetic-data';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The API's database code from the built API (api/dist): entities and services use decorator metadata, which tsx
 * does not emit. `npm run seed:synthetic` builds the API first.
 */
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** What the seed uses of the built API (typed here: the API's sources need decorator settings this workspace lacks). */
interface ApiModules {
  prepareDatabase(url: string, log?: (message: string) => void): Promise<void>;
  importContentIntoDatabase(url: string, dir: string): Promise<unknown>;
  typeormOptions(url: string, poolSize?: number): DataSourceOptions;
  ReportsRepository: new (db: DataSource) => object;
  BaseTablesRepository: new () => object;
  RollupMaintenance: new (db: DataSource, reports: object, base: object) => { refreshFromBaseTables(scope: string | null): Promise<{ rows: number }> };
}

function apiModules(): ApiModules {
  const require = createRequire(import.meta.url);
  const load = (file: string) => require(path.join(root, 'api/dist', file)) as Partial<ApiModules>;
  return {
    ...load('database/prepare.js'),
    ...load('database/typeorm-options.js'),
    ...load('courses/course-importer.js'),
    ...load('reports/rollup-maintenance.js'),
    ...load('reports/reports.repository.js'),
    ...load('reports/base-tables.repository.js'),
  } as ApiModules;
}

export interface SeedReport extends SyntheticResult {
  seedMs: number;
  rollupMs: number;
  steps: Record<string, number>;
}

/** Seeds `workers` workers into the database at `url` (migrated, regions and courses loaded) and builds the rollups. */
export async function seedInto(url: string, workers: number, under?: string, log: (line: string) => void = console.log): Promise<SeedReport> {
  const { prepareDatabase, importContentIntoDatabase, typeormOptions, RollupMaintenance, ReportsRepository, BaseTablesRepository } = apiModules();
  await prepareDatabase(url, log);
  await importContentIntoDatabase(url, path.join(root, 'content', 'courses'));
  const client = new Client({ connectionString: url });
  await client.connect();
  const steps: Record<string, number> = {};
  const started = Date.now();
  let result: SyntheticResult;
  try {
    // Bulk load: the rows are regenerated if this fails, so a crash may lose them.
    await client.query(`SET synchronous_commit = off`);
    result = await seedSynthetic(client, {
      workers,
      under,
      onStep: (step, ms) => {
        steps[step] = ms;
        log(`  ${step}: ${(ms / 1000).toFixed(1)} s`);
      },
    });
    await client.query(`ANALYZE users; ANALYZE enrollments; ANALYZE certificates; ANALYZE quiz_attempts`);
  } finally {
    await client.end();
  }
  const seedMs = Date.now() - started;
  const dataSource = new DataSource({ ...typeormOptions(url, 2), logging: false });
  await dataSource.initialize();
  const rollupStarted = Date.now();
  try {
    const reports = new ReportsRepository(dataSource);
    await new RollupMaintenance(dataSource, reports, new BaseTablesRepository()).refreshFromBaseTables(null);
    await dataSource.query(`VACUUM ANALYZE report_worker_courses, report_region_courses, report_region_workers, report_expiry_buckets, report_expiry_days, report_activity_days, report_kecamatan_cover`);
  } finally {
    await dataSource.destroy();
  }
  const rollupMs = Date.now() - rollupStarted;
  log(`  rollups: ${(rollupMs / 1000).toFixed(1)} s`);
  return { ...result, seedMs, rollupMs, steps };
}

async function main(): Promise<void> {
  const workers = Number(argument('workers') ?? 50_000);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive whole number');
  const under = argument('under');
  execSync('npx tsc -p tsconfig.build.json', { cwd: path.join(root, 'api'), stdio: 'inherit' });
  let url = process.env.DATABASE_URL;
  let stop = async () => undefined as void;
  if (!url) {
    const { ensureDatabase, startEmbeddedPostgres } = await import('../../api/src/database/embedded');
    const dataDir = path.resolve(root, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
    const server = await startEmbeddedPostgres({ dataDir, port: Number(process.env.PGPORT ?? 54329) });
    await ensureDatabase(server.serverUrl, process.env.PGDATABASE ?? 'bimtek');
    url = server.urlFor(process.env.PGDATABASE ?? 'bimtek');
    stop = () => server.stop();
  }
  try {
    console.log(`[seed:synthetic] ${workers.toLocaleString('en')} workers${under ? ` under ${under}` : ''}…`);
    const report = await seedInto(url, workers, under);
    const total = (report.seedMs + report.rollupMs) / 1000;
    console.log(
      `[seed:synthetic] ${report.workers} workers, ${report.enrollments} enrollments, ${report.attempts} attempts, ${report.certificates} certificates ` +
        `in ${total.toFixed(1)} s (data ${(report.seedMs / 1000).toFixed(1)} s, rollups ${(report.rollupMs / 1000).toFixed(1)} s)`,
    );
  } finally {
    await stop();
  }
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
