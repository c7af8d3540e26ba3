import { migrations } from './migrations';

describe('the migration list', () => {
  // TypeORM runs migrations by their timestamp, while `npm run restore` reads this list in order: a list out of order
  // made a restore refuse its own backup ("migrations … unknown here") after two branches each added one.
  it('is in the order of the timestamps in the class names', () => {
    const stamps = migrations.map((migration) => Number(/(\d{13})$/.exec(migration.name)?.[1]));
    expect(stamps.every((stamp) => Number.isFinite(stamp))).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});
