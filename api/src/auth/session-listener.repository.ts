import type { Client } from 'pg';

/** The channel the triggers of migration SessionChangeNotify notify: a user's id, or `*` for everyone. */
export const SESSION_CHANGES_CHANNEL = 'bimtek_session_changes';

/** The session cache's own connection (decision 035) starts listening to the session changes. */
export async function listenToSessionChanges(client: Client): Promise<void> {
  await client.query(`LISTEN ${SESSION_CHANGES_CHANNEL}`);
}

/** A round trip on that connection: one cut without a word (a network partition) does not answer. */
export async function pingListener(client: Client): Promise<void> {
  await client.query('SELECT 1');
}
