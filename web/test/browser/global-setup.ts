import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const STATE_FILE = path.join(tmpdir(), `bimtek-browser-${process.pid}.json`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole app (embedded PostgreSQL, API, web) on free ports with a throw-away data directory; demo accounts seeded.
 * Several people run the suites in one work tree: when a start fails (e.g. another run was rebuilding web/build at
 * that moment), it is tried once more. Each attempt logs to its own file under test-results/.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await startApp(1);
  } catch (error) {
    console.warn(`[browser tests] ${error instanceof Error ? error.message : String(error)}; starting once more`);
    await stopApp();
    await startApp(2);
  }
}

async function stopApp(): Promise<void> {
  const { default: teardown } = await import('./global-teardown');
  await teardown();
}

async function startApp(attempt: number): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const [port, apiPort, pgPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-browser-data-'));
  // Running as root, embedded PostgreSQL runs as the `postgres` user, which must reach its data directory.
  chmodSync(dataDir, 0o755);
  const results = path.join(root, 'test-results');
  mkdirSync(results, { recursive: true });
  const log = path.join(results, `browser-app-${process.pid}-${attempt}.log`);
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/src/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      API_PORT: String(apiPort),
      PGPORT: String(pgPort),
      BIMTEK_DATA_DIR: path.join(dataDir, 'pg'),
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_FORMAT: 'json',
      // One API process: the events test moves the events clock (POST /api/test-clock/events), which each API process
      // keeps in memory (a development-only clock, decision 029). The web still runs one process per core.
      API_CONCURRENCY: '1',
      // Every browser signs in from 127.0.0.1: the per-address sign-in limit (20 a minute, shared by all instances in
      // PostgreSQL) would refuse the suite's own logins once the events test has activated its 25 workers.
      AUTH_RATE_LIMIT: '1000',
      // The specs click through lessons at once: no minimum reading time unless the run sets one (decision 022).
      LEARNING_MIN_READING_SCALE: process.env.LEARNING_MIN_READING_SCALE ?? '0',
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  const baseUrl = `http://localhost:${port}`;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: child.pid, baseUrl, dataDir, log }));
  // Read by the specs (jest passes the environment on to its workers).
  process.env.BROWSER_BASE_URL = baseUrl;
  process.env.BROWSER_APP_LOG = log;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early; see ${log}`);
    try {
      const health = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      const page = await fetch(`${baseUrl}/masuk`, { signal: AbortSignal.timeout(2000) });
      if (health.ok && page.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the app did not become healthy in 240 s; see ${log}`);
}
