import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { entities } from '../../src/database/entities';
import { migrations } from '../../src/database/migrations';
import { prepareDatabase } from '../../src/database/prepare';
import { typeormOptions } from '../../src/database/typeorm-options';
import { createTestDatabase } from '../test-app';

const srcDir = path.join(__dirname, '..', '..', 'src');

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(suffix));
}

function nameOf(target: string | object): string {
  return typeof target === 'function' ? target.name : String(target);
}

/**
 * Entities, migrations and the database must not drift apart: a column added to an entity without a migration (or a
 * migration that does something else) would only show in production, as SQL errors on the changed table.
 */
describe('database schema', () => {
  it('lists every entity class of api/src in database/entities.ts', async () => {
    for (const file of filesUnder(srcDir, '.entity.ts')) await import(path.join(srcDir, file));
    // By name: jest's global setup has already registered its own copies of the same classes.
    const declared = new Set(getMetadataArgsStorage().tables.map((table) => nameOf(table.target)));
    const listed = new Set(entities.map((entity) => entity.name));
    expect([...declared].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists every migration file in database/migrations/index.ts', () => {
    const files = filesUnder(path.join(srcDir, 'database', 'migrations'), '.ts').filter((file) => file !== 'index.ts');
    const listed = migrations.map((migration) => migration.name.replace(/^(.+?)(\d{13})$/, '$2-$1.ts'));
    expect(listed.sort()).toEqual(files.sort());
  });

  it('after every migration on an empty database, matches the entities exactly (`typeorm schema:log` is empty)', async () => {
    const database = await createTestDatabase({ empty: true });
    const dataSource = new DataSource({ ...typeormOptions(database.url, 1), entities, logging: false });
    try {
      await prepareDatabase(database.url);
      await dataSource.initialize();
      // TypeORM reads the tables with parallel queries on one connection, for which pg prints a DeprecationWarning.
      const pending = await dataSource.driver.createSchemaBuilder().log();
      // Printed in full so that the failure says which migration to write.
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
    }
  });
});
