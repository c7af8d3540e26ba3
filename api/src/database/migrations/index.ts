import { Init1795465789646 } from './1795465789646-Init';

/**
 * Every migration, in order. Generate one with
 * `npm run migration:generate -w api -- src/database/migrations/<Name>` (against a running database), then list it here.
 */
export const migrations = [Init1795465789646];
