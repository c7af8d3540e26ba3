import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/** For the TypeORM CLI (migration:generate / migration:run). */
export default new DataSource(
  typeormOptions(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/bimtek'),
);
