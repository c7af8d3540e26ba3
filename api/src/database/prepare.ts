import { DataSource } from 'typeorm';
import { seedRegions } from '../regions/regions.seed';
import { typeormOptions } from './typeorm-options';

/** An arbitrary constant: the advisory lock that lets one instance at a time migrate. */
const MIGRATION_LOCK = 724_501;

/**
 * Brings a database up to date before the API serves: runs pending migrations and loads reference data.
 * Several instances may start together: an advisory lock makes the others wait instead of racing.
 */
export async function prepareDatabase(url: string, log: (message: string) => void = () => undefined): Promise<void> {
  const dataSource = new DataSource({ ...typeormOptions(url, 3), logging: false });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) log(`migration applied: ${migration.name}`);
    const regions = await seedRegions(dataSource.manager);
    if (regions > 0) log(`regions loaded: ${regions}`);
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
