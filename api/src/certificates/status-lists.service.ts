import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import { signCredential } from './credentials/signing';
import { buildStatusListCredential, STATUS_LIST_SIZE } from './credentials/status-list';
import { SigningKeysService } from './signing-keys.service';

/** Random draws per round trip when allocating a position. */
const DRAWS_PER_ROUND = 32;

/**
 * How many positions a list hands out: 7/8 of its size. Beyond that, random draws would collide too often; the
 * positions never handed out stay 0 forever, which only adds to the crowd a credential hides in.
 */
export function capacityOf(size: number): number {
  return Math.floor((size * 7) / 8);
}
const CAPACITY_SQL = '(size * 7) / 8';

class ListFilled extends Error {}

/** Revocation lists (Bitstring Status List): where each credential's bit lives, and the signed lists themselves. */
@Injectable()
export class StatusListsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: SigningKeysService,
  ) {}

  listUrl(listId: number): string {
    return `${this.keys.publicUrl}/api/credentials/status/${listId}`;
  }

  /**
   * A random free position of the current list, so that a credential's index says nothing about when it was issued
   * or whose credentials lie next to it (the Bitstring Status List spec's privacy advice). Safe under concurrency
   * without check-then-insert: the position is inserted into `credential_status_entries`, whose primary key refuses
   * a position already taken, and a draw that collides is simply drawn again. It runs in a short transaction of its
   * own, so issuers across the country do not queue on a row while they sign; an issuance that fails later leaves a
   * taken position whose bit is never set, which is harmless. A list that is nearly full (see `capacityOf`) takes no
   * more: the next list is opened.
   */
  async allocate(): Promise<{ listId: number; index: number }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const taken = await this.db.transaction(async (manager) => {
        const [list] = await rowsOf<{ id: number; size: number; full: boolean }>(
          manager,
          `SELECT id, size, allocated >= ${CAPACITY_SQL} AS full FROM credential_status_lists ORDER BY id DESC LIMIT 1`,
        );
        if (!list || list.full) return { open: (list?.id ?? 0) + 1 };
        // Several candidates per round trip: in a list 7/8 full, one of 32 is free with a probability of 98 %.
        const [entry] = await rowsOf<{ position: number }>(
          manager,
          `INSERT INTO credential_status_entries (list_id, position)
           SELECT $1, candidate FROM (SELECT DISTINCT floor(random() * $2)::int AS candidate FROM generate_series(1, $3)) drawn
            WHERE NOT EXISTS (SELECT 1 FROM credential_status_entries e WHERE e.list_id = $1 AND e.position = drawn.candidate)
            LIMIT 1
           ON CONFLICT ON CONSTRAINT pk_credential_status_entries DO NOTHING
           RETURNING position`,
          [list.id, list.size, DRAWS_PER_ROUND],
        );
        if (!entry) return 'retry' as const;
        // Counted in the same transaction; if the list filled up meanwhile, give the position back and move on.
        const counted = await rowsOf<{ id: number }>(
          manager,
          `UPDATE credential_status_lists SET allocated = allocated + 1 WHERE id = $1 AND allocated < ${CAPACITY_SQL} RETURNING id`,
          [list.id],
        );
        if (counted.length === 0) throw new ListFilled();
        return { listId: list.id, index: entry.position };
      }).catch((error: unknown) => {
        if (error instanceof ListFilled) return 'retry' as const;
        throw error;
      });
      if (taken === 'retry') continue;
      if ('open' in taken) {
        // The list after the full one; issuers that found the same list full all name the same id, so one list opens.
        await this.db.query(`INSERT INTO credential_status_lists (id, size) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [taken.open, STATUS_LIST_SIZE]);
        continue;
      }
      return taken;
    }
    throw new Error('Could not allocate a credential status entry.');
  }

  /** Marks a list changed (in the revoking transaction): its signed credential is made again on the next read. */
  async touch(listId: number, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE credential_status_lists SET version = version + 1 WHERE id = $1`, [listId]);
  }

  /** The signed BitstringStatusListCredential; 404 for a list that does not exist. */
  async signedList(listId: number): Promise<Record<string, unknown>> {
    const [list] = await this.db.query(`SELECT id, size, version, signed, signed_version FROM credential_status_lists WHERE id = $1`, [listId]);
    if (!list) throw new NotFoundException('Daftar status tidak ditemukan.');
    if (list.signed && list.signed_version === list.version) return list.signed;
    const revoked: Array<{ status_list_index: number }> = await this.db.query(
      `SELECT status_list_index FROM certificates WHERE status_list_id = $1 AND revoked_at IS NOT NULL`,
      [listId],
    );
    const unsigned = await buildStatusListCredential(
      this.listUrl(listId),
      this.keys.did,
      list.size,
      revoked.map((row) => row.status_list_index),
      new Date(),
    );
    const signed = await signCredential(unsigned, await this.keys.signingKey(), await this.keys.documentLoader());
    // Stored only if no revocation happened meanwhile (the version would have moved on).
    await this.db.query(`UPDATE credential_status_lists SET signed = $2, signed_version = $3 WHERE id = $1 AND version = $3`, [
      listId,
      JSON.stringify(signed),
      list.version,
    ]);
    return signed;
  }
}
