import type { RouteHandle } from '~/route-handles';

/** The trainers' and reviewers' studio pages (issue #18): laptop or tablet pages that hydrate. */
export const studioHandle = { i18n: ['common', 'admin'] } satisfies RouteHandle;

export type DraftStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'PUBLISHED';

export const DRAFT_STATUS_LABEL: Record<DraftStatus, string> = {
  DRAFT: 'Draf',
  SUBMITTED: 'Menunggu tinjauan',
  RETURNED: 'Dikembalikan dengan catatan',
  PUBLISHED: 'Terbit',
};

/** Returned drafts first (someone waits for the author), then drafts being written, then the rest; newest first within. */
export function byAttention<T extends { status: DraftStatus; updatedAt: string }>(drafts: readonly T[]): T[] {
  const rank: Record<DraftStatus, number> = { RETURNED: 0, DRAFT: 1, SUBMITTED: 2, PUBLISHED: 3 };
  return [...drafts].sort((a, b) => rank[a.status] - rank[b.status] || b.updatedAt.localeCompare(a.updatedAt));
}

/** A lesson's route segment: `lessons/02-x.md` → `02-x.md`. */
export function lessonSegment(path: string): string {
  return path.replace(/^lessons\//, '');
}

export const STALE_MESSAGE = 'Salinan lain sudah mengubah draf ini — muat ulang. Teks Anda tetap tersimpan di peramban ini.';
