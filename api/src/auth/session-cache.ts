import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import type { UserRow } from '../users/user-row';
import type { AuthContext } from './auth-context';
import { listenToSessionChanges, pingListener, SESSION_CHANGES_CHANNEL } from './session-listener.repository';

/** The listening connection's application_name (to find it in pg_stat_activity). */
export const SESSION_LISTENER_NAME = 'bimtek-api-sessions';
/** SESSION_CACHE_MS when unset (outside tests). */
const DEFAULT_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1000;
/** How often the listening connection is asked a `SELECT 1`, and how long it may take before it counts as lost. */
const HEARTBEAT_MS = 2500;
const HEARTBEAT_TIMEOUT_MS = 2000;

/** A live session as the guard uses it: shared by every request of that session while it is cached. */
export interface SignedInSession extends AuthContext {
  /** When the session was last renewed (ms since the epoch), to renew it again after a minute. */
  lastSeenAt: number;
  expiresAt: Date;
  /** The account's columns as GET /api/me shows them. */
  account: UserRow;
}

interface Entry {
  session: SignedInSession;
  storedAt: number;
}

/**
 * Decision 035: the session lookup's answers, per process, by token hash, for at most SESSION_CACHE_MS, and only
 * while this process's own connection is listening to `bimtek_session_changes` — every change to a session or to the
 * account behind it notifies it at commit (database triggers), and drops that user's entries here. Off (every request
 * reads the database) from start until the LISTEN is answered, and from any error of that connection until a new one
 * is listening again.
 */
@Injectable()
export class SessionCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionCache.name);
  private readonly ttlMs: number;
  private readonly databaseUrl: string;
  private readonly entries = new Map<string, Entry>();
  private readonly hashesByUser = new Map<string, Set<string>>();
  private client: Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** Bumped by every notification and every loss of the connection: a lookup begun before it is not kept. */
  private changes = 0;
  /** Who waits to hear a user's change (see `heard`). */
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(config: ConfigService<AppConfig, true>) {
    this.ttlMs = config.get('SESSION_CACHE_MS', { infer: true }) ?? (config.get('NODE_ENV', { infer: true }) === 'test' ? 0 : DEFAULT_TTL_MS);
    this.databaseUrl = config.get('DATABASE_URL', { infer: true });
  }

  /** True while answers may come from memory: the cache is on and its connection is confirmed listening. */
  get active(): boolean {
    return this.listening && this.ttlMs > 0;
  }

  /** A mark to pass to `set`: an answer read from the database is kept only if nothing changed since its mark. */
  get mark(): number {
    return this.changes;
  }

  get(tokenHash: string): SignedInSession | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    const now = Date.now();
    if (now - entry.storedAt > this.ttlMs || entry.session.expiresAt.getTime() <= now) {
      this.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  set(tokenHash: string, session: SignedInSession, mark: number): void {
    if (!this.active || mark !== this.changes) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    this.delete(tokenHash);
    this.entries.set(tokenHash, { session, storedAt: Date.now() });
    const hashes = this.hashesByUser.get(session.user.id) ?? new Set<string>();
    hashes.add(tokenHash);
    this.hashesByUser.set(session.user.id, hashes);
  }

  delete(tokenHash: string): void {
    const entry = this.entries.get(tokenHash);
    if (!entry) return;
    this.entries.delete(tokenHash);
    const hashes = this.hashesByUser.get(entry.session.user.id);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) this.hashesByUser.delete(entry.session.user.id);
  }

  /** Forgets every session (a lost connection; tests that need the next lookup to reach the database). */
  clear(): void {
    this.changes++;
    this.entries.clear();
    this.hashesByUser.clear();
  }

  onApplicationBootstrap(): void {
    if (this.ttlMs > 0) void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    this.clear();
    await client?.end().catch(() => undefined);
  }

  /**
   * Call before a write that changes `userId`'s sessions or account; after its commit, `wait()` resolves once this
   * process has heard the notification (or after `timeoutMs`, or at once when not listening). PostgreSQL signals every
   * listening process at once: an answer given after its own copy arrived reaches the caller when the other
   * processes have, in practice, theirs too.
   */
  heard(userId: string, timeoutMs = 250): { wait: () => Promise<void>; cancel: () => void } {
    if (!this.active) return { wait: async () => undefined, cancel: () => undefined };
    let done: () => void = () => undefined;
    const heard = new Promise<void>((resolve) => (done = resolve));
    const waiting = this.listeners.get(userId) ?? new Set<() => void>();
    waiting.add(done);
    this.listeners.set(userId, waiting);
    const cancel = () => {
      waiting.delete(done);
      if (waiting.size === 0 && this.listeners.get(userId) === waiting) this.listeners.delete(userId);
    };
    return {
      wait: async () => {
        const timer = setTimeout(done, timeoutMs);
        await heard;
        clearTimeout(timer);
        cancel();
      },
      cancel,
    };
  }

  /** A notification: the user's sessions (or everyone's) are read from the database again. */
  private changed(payload: string): void {
    this.changes++;
    if (payload === '*') {
      this.clear();
      for (const waiting of this.listeners.values()) for (const done of waiting) done();
      return;
    }
    for (const hash of [...(this.hashesByUser.get(payload) ?? [])]) this.delete(hash);
    for (const done of this.listeners.get(payload) ?? []) done();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: SESSION_LISTENER_NAME, connectionTimeoutMillis: 5000, keepAlive: true });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === SESSION_CHANGES_CHANNEL) this.changed(message.payload ?? '*');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await listenToSessionChanges(client);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return;
    // Whatever changed while no connection listened is unknown: start empty.
    this.clear();
    this.listening = true;
    this.heartbeatTimer = setInterval(() => this.heartbeat(client), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** A connection cut without a word (a network partition) ends no socket at once: an unanswered SELECT 1 does. */
  private heartbeat(client: Client): void {
    const timeout = setTimeout(() => this.lost(client, new Error('no answer to the heartbeat')), HEARTBEAT_TIMEOUT_MS);
    pingListener(client).then(
      () => clearTimeout(timeout),
      (error: unknown) => {
        clearTimeout(timeout);
        this.lost(client, error);
      },
    );
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.listening) this.logger.warn(`Session cache off until PostgreSQL notifications are back: ${error instanceof Error ? error.message : String(error)}`);
    this.listening = false;
    clearInterval(this.heartbeatTimer);
    this.clear();
    client.end().catch(() => undefined);
    if (!this.stopped) {
      this.reconnectTimer = setTimeout(() => void this.connect(), RECONNECT_MS);
      this.reconnectTimer.unref();
    }
  }
}
