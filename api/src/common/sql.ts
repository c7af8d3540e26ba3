import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * Rows of any statement. TypeORM answers UPDATE and DELETE with `[rows, count]` but INSERT and SELECT with `rows`:
 * this hides the difference, so `UPDATE … RETURNING` reads like a SELECT. The one place SQL runs outside a
 * `*.repository.ts` file: repositories call it. Name the row type (`rowsOf<{ id: string }>`); the default is kept
 * only for callers not moved yet.
 */
export async function rowsOf<T = Record<string, never>>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await db.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

/** Statement names by SQL text: the same text always gets the same name, a different text another. */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `bimtek_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Rows of a statement that runs on every request of a hot path (the session lookup, a graded submit): as a named
 * prepared statement, so PostgreSQL parses and plans it once per connection instead of on every call (issue #22:
 * planning was more than half of those statements' time). For fixed SQL texts only — each distinct text stays
 * prepared on every pooled connection. Outside a transaction it goes straight to node-postgres's pool (TypeORM's
 * query runner around one statement cost as much as the statement's own protocol work, decision 035). Logged and
 * failing like `rowsOf` (TypeORM's logger, so statement counters still see it; QueryFailedError), and always answers
 * the rows, UPDATE … RETURNING included.
 */
export async function preparedRowsOf<T>(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const dataSource = 'manager' in db ? db : db.connection;
  const inTransaction: QueryRunner | undefined = 'manager' in db ? undefined : db.queryRunner;
  const statement = { name: statementName(sql), text: sql, values: params };
  const client: Pick<PoolClient, 'query'> = inTransaction ? ((await inTransaction.connect()) as PoolClient) : poolOf(dataSource);
  dataSource.logger.logQuery(sql, params, inTransaction);
  try {
    return (await client.query<T & object>(statement)).rows;
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, params, inTransaction);
    throw new QueryFailedError(sql, params, error as Error);
  }
}

/** node-postgres's pool behind a PostgreSQL DataSource (its primary, when there are replicas). */
function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

/** A `LIKE`/`ILIKE` pattern that finds `text` anywhere, with the pattern characters in it taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of a query, with how many rows the whole query has. */
export interface PagedRows<T> {
  rows: T[];
  total: number;
}

/**
 * Count-then-page, the pattern of every list endpoint: `SELECT count(*) FROM <from> WHERE <where>`, then
 * `SELECT <columns> … ORDER BY <orderBy> LIMIT pageSize OFFSET …`. `params` are the WHERE's parameters.
 */
export async function pagedRows<T>(
  db: DataSource | EntityManager,
  query: { columns: string; from: string; where: string; orderBy: string },
  params: unknown[],
  page: { page: number; pageSize: number },
): Promise<PagedRows<T>> {
  const [{ total }] = await rowsOf<{ total: number }>(db, `SELECT count(*)::int AS total FROM ${query.from} WHERE ${query.where}`, params);
  const rows = await rowsOf<T>(
    db,
    `SELECT ${query.columns} FROM ${query.from} WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.pageSize, (page.page - 1) * page.pageSize],
  );
  return { rows, total };
}
