import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/policy.decorator';
import type { Pillar } from '../common/pillar';
import type { UserStatus } from './user-status';

/** An account as the reports' headcounts see it, before or after a change. */
export interface WorkerSnapshot {
  role: Role;
  status: UserStatus;
  regionCode: string | null;
  pillar: Pillar | null;
}

/** One account's change; `before` null: created, `after` null: deleted. */
export interface WorkerChange {
  userId: string;
  before: WorkerSnapshot | null;
  after: WorkerSnapshot | null;
}

/**
 * Told of every change to a worker's role, status, region or pillar, inside the transaction that makes it (the
 * reports keep their headcounts this way). A listener, not an import: the reports already depend on the users domain.
 */
export type WorkerChangeListener = (manager: EntityManager, changes: WorkerChange[]) => Promise<void>;

export function snapshotOf(row: { role: Role; status: UserStatus; region_code: string | null; pillar: Pillar | null }): WorkerSnapshot {
  return { role: row.role, status: row.status, regionCode: row.region_code, pillar: row.pillar };
}

/** Whether anything a headcount depends on differs. */
export function changesSomething(change: WorkerChange): boolean {
  const { before, after } = change;
  if (!before || !after) return before !== after;
  return before.role !== after.role || before.status !== after.status || before.regionCode !== after.regionCode || before.pillar !== after.pillar;
}
