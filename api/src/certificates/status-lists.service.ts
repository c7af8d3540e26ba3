import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { statusListNotFound } from './certificates.errors';
import { CertificatesRepository } from './certificates.repository';
import { signCredential } from './credentials/signing';
import { buildStatusListCredential, STATUS_LIST_SIZE } from './credentials/status-list';
import { SigningKeysService } from './signing-keys.service';
import { StatusListsRepository } from './status-lists.repository';

/** Random draws per round trip when allocating a position. */
const DRAWS_PER_ROUND = 32;

/**
 * How many positions a list hands out: 7/8 of its size. Beyond that, random draws would collide too often; the
 * positions never handed out stay 0 forever, which only adds to the crowd a credential hides in.
 */
export function capacityOf(size: number): number {
  return Math.floor((size * 7) / 8);
}

class ListFilled extends Error {}

/** List ids are PostgreSQL integers: anything larger names no list (and must not reach the query). */
const MAX_LIST_ID = 2_147_483_647;

/** Revocation lists (Bitstring Status List): where each credential's bit lives, and the signed lists themselves. */
@Injectable()
export class StatusListsService {
  constructor(
    private readonly repository: StatusListsRepository,
    private readonly certificates: CertificatesRepository,
    private readonly keys: SigningKeysService,
    @InjectDataSource() private readonly db: DataSource,
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
      const taken = await this.db.transaction((manager) => this.tryTake(manager)).catch((error: unknown) => {
        if (error instanceof ListFilled) return 'retry' as const;
        throw error;
      });
      if (taken === 'retry') continue;
      if ('open' in taken) {
        // The list after the full one; issuers that found the same list full all name the same id, so one list opens.
        await this.repository.open(taken.open, STATUS_LIST_SIZE);
        continue;
      }
      return taken;
    }
    throw new Error('Could not allocate a credential status entry.');
  }

  private async tryTake(manager: EntityManager): Promise<{ listId: number; index: number } | { open: number } | 'retry'> {
    const list = await this.repository.newest(manager);
    if (!list || list.full) return { open: (list?.id ?? 0) + 1 };
    // Several candidates per round trip: in a list 7/8 full, one of 32 is free with a probability of 98 %.
    const position = await this.repository.takeRandomPosition(manager, list.id, list.size, DRAWS_PER_ROUND);
    if (position === null) return 'retry';
    // Counted in the same transaction; if the list filled up meanwhile, give the position back and move on.
    if (!(await this.repository.countAllocation(manager, list.id))) throw new ListFilled();
    return { listId: list.id, index: position };
  }

  /** Marks a list changed (in the revoking transaction): its signed credential is made again on the next read. */
  async touch(manager: EntityManager, listId: number): Promise<void> {
    await this.repository.touch(manager, listId);
  }

  /** The signed BitstringStatusListCredential; 404 for a list that does not exist. */
  async signedList(listId: number): Promise<Record<string, unknown>> {
    if (!Number.isSafeInteger(listId) || listId < 1 || listId > MAX_LIST_ID) throw statusListNotFound();
    const list = await this.repository.find(listId);
    if (!list) throw statusListNotFound();
    if (list.signed && list.signed_version === list.version) return list.signed;
    const revoked = await this.certificates.revokedPositions(listId);
    const unsigned = await buildStatusListCredential(this.listUrl(listId), this.keys.did, list.size, revoked, new Date());
    const signed = await signCredential(unsigned, await this.keys.signingKey(), await this.keys.documentLoader());
    await this.repository.storeSigned(listId, signed, list.version);
    return signed;
  }
}
