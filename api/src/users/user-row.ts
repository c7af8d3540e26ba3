import type { Role } from '../auth/policy.decorator';
import type { Pillar } from '../common/pillar';
import type { UserStatus } from './user-status';

// An account's row as the users domain reads it, in a file of its own so that the session lookup (auth) can read the
// same columns without importing the users repository (docs/architecture.md: one owner per table).

/**
 * The columns of `users u` a UserRow holds. Exported for the session lookup (auth), which reads them with the session
 * so that GET /api/me needs no second read; the cache invalidation trigger (decision 035) watches these columns.
 */
export const USER_COLUMNS = `u.id, u.name, u.phone, u.email, u.role, u.pillar, u.region_code, u.status, u.nik_last4, u.created_at, u.activated_at`;

/** An account as a UserDto is made from. */
export interface UserRow {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  role: Role;
  pillar: Pillar | null;
  region_code: string | null;
  status: UserStatus;
  nik_last4: string | null;
  created_at: Date;
  activated_at: Date | null;
}

