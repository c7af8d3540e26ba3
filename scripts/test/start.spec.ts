import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { portInUse } from '../../api/src/database/port';

/**
 * `npm start` as a person runs it: it builds, starts PostgreSQL, serves the web with the API behind it, refuses a
 * second copy, stops cleanly on Ctrl-C (SIGINT), and keeps the data for the next start.
 */
const root = path.resolve(__dirname, '..', '..');
let base = 0;
let ports = { PORT: '', API_PORT: '', PGPORT: '' };

/** Eight consecutive free ports: other runs on the same machine (developers, CI) may hold some. */
beforeAll(async () => {
  for (let candidate = 20000 + (process.pid % 2000) * 10; ; candidate += 10) {
    const busy = await Promise.all(Array.from({ length: 8 }, (_, i) => portInUse(candidate + i)));
    if (!busy.some(Boolean)) {
      base = candidate;
      break;
    }
  }
  ports = { PORT: String(base), API_PORT: String(base + 1), PGPORT: String(base + 2) };
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-start-'));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string> = {}, script = 'scripts/src/start.ts'): Running {
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], {
    cwd: root,
    env: { ...process.env, ...ports, BIMTEK_DATA_DIR: dataDir, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function get(pathname: string, port = ports.PORT): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

const healthy = async (port = ports.PORT) => {
  try {
    return (await get('/api/health', port)).status === 200;
  } catch {
    return false;
  }
};

/** Healthy, or fail at once with the output when the start gave up. */
function healthyWhileRunning(running: Running, port = ports.PORT): () => Promise<boolean> {
  return async () => {
    if (running.child.exitCode !== null) throw new Error(`npm start exited early:\n${running.output()}`);
    return healthy(port);
  };
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGINT');
  return running.exited;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('serves the web with the API and regions behind it, refuses a second copy, and keeps data across restarts', async () => {
    const first = start();
    try {
      await waitFor(healthyWhileRunning(first), 'the first start to answer /api/health');
      await waitFor(() => first.output().includes('Bimtek Pilar is ready: open http://localhost:'), 'the ready line');

      const home = await get('/');
      expect(home.status).toBe(200);
      expect(home.body).toContain('Bimtek Pilar');
      const regions = await get('/api/regions?parent=32.72');
      expect(JSON.stringify(regions.body)).toContain('Citamiang');
      expect(first.output()).toMatch(/migration applied/);

      const second = start();
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toMatch(/already (running|in use)/);
      expect(await healthy()).toBe(true);
    } finally {
      await stop(first);
    }
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

    const again = start();
    try {
      await waitFor(healthyWhileRunning(again), 'the restart to answer /api/health');
      expect(again.output()).not.toMatch(/migration applied/);
      expect(again.output()).not.toMatch(/regions loaded/);
    } finally {
      await stop(again);
    }
  });

  it('uses the server of DATABASE_URL and starts none of its own', async () => {
    // A separately started PostgreSQL (`npm run db` on its own data directory and port).
    const externalDir = mkdtempSync(path.join(tmpdir(), 'bimtek-external-'));
    const external = start({ BIMTEK_DATA_DIR: externalDir, PGPORT: String(base + 5), PGDATABASE: 'bimtek_external' }, 'scripts/src/db.ts');
    const unusedDataDir = path.join(dataDir, 'must-not-exist');
    try {
      await waitFor(() => external.output().includes('PostgreSQL ready: '), 'the external PostgreSQL', 60_000);
      const url = /PostgreSQL ready: (\S+)/.exec(external.output())![1];
      const running = start({ DATABASE_URL: url, BIMTEK_DATA_DIR: unusedDataDir, PORT: String(base + 6), API_PORT: String(base + 7) });
      try {
        await waitFor(healthyWhileRunning(running, String(base + 6)), 'a start with DATABASE_URL');
        expect(running.output()).toContain('using the PostgreSQL server of DATABASE_URL');
        expect(existsSync(unusedDataDir)).toBe(false);
      } finally {
        await stop(running);
      }
      // Stopped means stopped: nothing still answers on the web or API port.
      expect(await healthy(String(base + 6))).toBe(false);
      const apiStillUp = await fetch(`http://127.0.0.1:${base + 7}/api/health`).then(() => true, () => false);
      expect(apiStillUp).toBe(false);
    } finally {
      await stop(external);
      rmSync(externalDir, { recursive: true, force: true });
    }
  });
});
