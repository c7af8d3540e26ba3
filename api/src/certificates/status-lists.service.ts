import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsOf } from '../common/sql';
import { signCredential } from './credentials/signing';
import { buildStatusListCredential, STATUS_LIST_SIZE } from './credentials/status-list';
import { SigningKeysService } from './signing-keys.service';

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
   * The next free entry, taken in a short transaction of its own so that issuers across the country do not queue
   * on one row while they sign: an issuance that fails later leaves an unused (never set) bit, which is harmless.
   */
  async allocate(): Promise<{ listId: number; index: number }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [taken] = await rowsOf<{ id: number; index: number }>(
        this.db,
        `UPDATE credential_status_lists SET next_index = next_index + 1
          WHERE id = (SELECT max(id) FROM credential_status_lists) AND next_index < size
          RETURNING id, next_index - 1 AS index`,
      );
      if (taken) return { listId: taken.id, index: taken.index };
      await this.db.query(
        `INSERT INTO credential_status_lists (id, size) SELECT coalesce(max(id), 0) + 1, $1 FROM credential_status_lists ON CONFLICT (id) DO NOTHING`,
        [STATUS_LIST_SIZE],
      );
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
