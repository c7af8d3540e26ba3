import type { DataSource, EntityManager } from 'typeorm';

/**
 * Rows of any statement. TypeORM answers UPDATE and DELETE with `[rows, count]` but INSERT and SELECT with `rows`:
 * this hides the difference, so `UPDATE … RETURNING` reads like a SELECT.
 */
export async function rowsOf<T = Record<string, never>>(db: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await db.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

/** A `LIKE`/`ILIKE` pattern that finds `text` anywhere, with the pattern characters in it taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
