import type { DataSource, EntityManager } from 'typeorm';

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

/** A LIKE/ILIKE pattern matching `text` anywhere, with `\`, `%` and `_` taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
