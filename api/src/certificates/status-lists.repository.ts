import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';

/** How many positions a list hands out, in SQL: 7/8 of its size (see `capacityOf`). */
const CAPACITY_SQL = '(size * 7) / 8';

export interface StatusListRow {
  id: number;
  size: number;
  version: number;
  signed: Record<string, unknown> | null;
  signed_version: number | null;
}

/** Every SQL statement on the revocation lists (`credential_status_lists`) and their taken positions. */
@Injectable()
export class StatusListsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The newest list and whether it has handed out all it may. */
  async newest(manager: EntityManager): Promise<{ id: number; size: number; full: boolean } | null> {
    const [list] = await rowsOf<{ id: number; size: number; full: boolean }>(
      manager,
      `SELECT id, size, allocated >= ${CAPACITY_SQL} AS full FROM credential_status_lists ORDER BY id DESC LIMIT 1`,
    );
    return list ?? null;
  }

  /**
   * Takes one free position among `draws` random candidates; null when all of them were taken. The primary key
   * refuses a position already taken, so concurrent issuers never share one.
   */
  async takeRandomPosition(manager: EntityManager, listId: number, size: number, draws: number): Promise<number | null> {
    const [entry] = await rowsOf<{ position: number }>(
      manager,
      `INSERT INTO credential_status_entries (list_id, position)
       SELECT $1, candidate FROM (SELECT DISTINCT floor(random() * $2)::int AS candidate FROM generate_series(1, $3)) drawn
        WHERE NOT EXISTS (SELECT 1 FROM credential_status_entries e WHERE e.list_id = $1 AND e.position = drawn.candidate)
        LIMIT 1
       ON CONFLICT ON CONSTRAINT pk_credential_status_entries DO NOTHING
       RETURNING position`,
      [listId, size, draws],
    );
    return entry?.position ?? null;
  }

  /** Counts a taken position; false when the list filled up meanwhile. */
  async countAllocation(manager: EntityManager, listId: number): Promise<boolean> {
    const counted = await rowsOf<{ id: number }>(
      manager,
      `UPDATE credential_status_lists SET allocated = allocated + 1 WHERE id = $1 AND allocated < ${CAPACITY_SQL} RETURNING id`,
      [listId],
    );
    return counted.length > 0;
  }

  /** Opens list `id` unless another issuer already did. */
  async open(id: number, size: number): Promise<void> {
    await this.db.query(`INSERT INTO credential_status_lists (id, size) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, size]);
  }

  async touch(manager: EntityManager, listId: number): Promise<void> {
    await manager.query(`UPDATE credential_status_lists SET version = version + 1 WHERE id = $1`, [listId]);
  }

  async find(listId: number): Promise<StatusListRow | null> {
    const [list] = (await this.db.query(`SELECT id, size, version, signed, signed_version FROM credential_status_lists WHERE id = $1`, [listId])) as StatusListRow[];
    return list ?? null;
  }

  /** Stores a signed list, unless a revocation moved its version on meanwhile. */
  async storeSigned(listId: number, signed: Record<string, unknown>, version: number): Promise<void> {
    await this.db.query(`UPDATE credential_status_lists SET signed = $2, signed_version = $3 WHERE id = $1 AND version = $3`, [listId, JSON.stringify(signed), version]);
  }
}
