import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/src/database/port';
import { tsxArgs } from '../src/script-helpers';

/**
 * `npm start` as a person runs it: it builds, starts PostgreSQL, serves the web with the API behind it, refuses a
 * second copy, stops cleanly on Ctrl-C (SIGINT), and keeps the data for the next start.
 */
const root = path.resolve(__dirname, '..', '..');
type Ports = { PORT: string; API_PORT: string; PGPORT: string };

/** Ports the system says are free now. Another program may still take one before we bind it: see startOnFreePorts. */
async function freePorts(): Promise<Ports> {
  const [web, api, pg] = [await freePort(), await freePort(), await freePort()];
  return { PORT: String(web), API_PORT: String(api), PGPORT: String(pg) };
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'bimtek-start-'));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, script = 'scripts/src/start.ts'): Running {
  // As `npm start` runs it: node with tsx's loader, no tsx command line in between.
  const child = spawn(process.execPath, tsxArgs(root, script), {
    cwd: root,
    env: { ...process.env, BIMTEK_DATA_DIR: dataDir, LOG_FORMAT: 'json', ...env },
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

async function get(pathname: string, port: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

const healthy = async (port: string) => {
  try {
    return (await get('/api/health', port)).status === 200;
  } catch {
    return false;
  }
};

/** A first start migrates, loads 7,837 regions and imports every course: minutes on a busy 2-core machine. */
const READY_TIMEOUT_MS = 240_000;

/** A port taken between our choice and the server's bind (another test, a developer's server) reads like this. */
const PORT_TAKEN = /EADDRINUSE|already in use/i;

/**
 * Starts `script` on newly chosen free ports and waits until `ready`; when it stops because one of those ports was
 * taken in the meantime, tries again on new ports (it once failed that way: EADDRINUSE on the web port).
 */
async function startOnFreePorts(
  env: Record<string, string>,
  ready: (running: Running, ports: Ports) => boolean | Promise<boolean>,
  script?: string,
): Promise<{ running: Running; ports: Ports }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts();
    const running = start({ ...ports, ...env }, script);
    const ended = () => running.child.exitCode !== null || running.child.signalCode !== null;
    try {
      await waitFor(async () => ended() || (await ready(running, ports)), `${script ?? 'npm start'} to be ready`, READY_TIMEOUT_MS);
    } catch (error) {
      await stop(running); // nothing of a start that never got ready stays behind
      throw error;
    }
    if (!ended()) return { running, ports };
    if (attempt >= 3 || !PORT_TAKEN.test(running.output())) throw new Error(`${script ?? 'npm start'} exited early:\n${running.output()}`);
  }
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGINT');
  return running.exited;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * Every process of one run, found by a variable only that run's environment holds (each process inherits it: the
 * start script, the API's and the web's primaries and workers, PostgreSQL, the guard). Linux: read from /proc.
 */
function processesWith(marker: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`${marker}=`)) continue;
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'Z') continue; // ended, waiting to be reaped
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** Waits (generously: a busy shared machine) until no process of the run is left; kills what is, so none leaks. */
async function expectNothingLeft(marker: string, timeoutMs = 90_000): Promise<void> {
  try {
    await waitFor(() => processesWith(marker).length === 0, `every process of the run to end`, timeoutMs);
  } catch {
    const left = processesWith(marker);
    for (const { pid } of left) process.kill(pid, 'SIGKILL');
    throw new Error(`still running ${timeoutMs / 1000} s after the stop:\n${left.map((p) => `${p.pid} ${p.command}`).join('\n')}`);
  }
}

/** Keeps both cores busy and the app answering pages until the returned function is called. */
function loadTheMachine(port: string): () => Promise<void> {
  const loops = Array.from({ length: 2 }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  let loading = true;
  const traffic = (async () => {
    while (loading) {
      await Promise.all(Array.from({ length: 8 }, () => fetch(`http://127.0.0.1:${port}/masuk`).then((response) => response.text()).catch(() => '')));
    }
  })();
  return async () => {
    loading = false;
    for (const loop of loops) loop.kill('SIGKILL');
    await traffic;
  };
}

const processesServing = (running: Running) => /API: \d+ processes serving/.test(running.output()) && /Web: \d+ processes serving/.test(running.output());

describe('npm start', () => {
  it('serves the web with the API and regions behind it, refuses a second copy, and keeps data across restarts', async () => {
    const { running: first, ports } = await startOnFreePorts({ DEMO_ACCOUNTS: 'true' }, (_running, chosen) => healthy(chosen.PORT));
    try {
      await waitFor(() => first.output().includes('Bimtek Pilar is ready: open http://localhost:'), 'the ready line');

      const home = await get('/', ports.PORT);
      expect(home.status).toBe(200);
      expect(home.body).toContain('Bimtek Pilar');
      const regions = await get('/api/regions?parent=32.72', ports.PORT);
      expect(JSON.stringify(regions.body)).toContain('Citamiang');
      expect(first.output()).toMatch(/migration applied/);
      // One process per core each (decision 024); the demo accounts are seeded, and listed, once.
      if (availableParallelism() > 1) {
        await waitFor(() => /API: \d+ processes serving/.test(first.output()) && /Web: \d+ processes serving/.test(first.output()), 'every process');
      }
      expect(first.output().match(/Akun demo/g)).toHaveLength(1);

      const second = start(ports);
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toMatch(/already (running|in use)/);
      expect(await healthy(ports.PORT)).toBe(true);
    } finally {
      await stop(first);
    }
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

    const { running: again } = await startOnFreePorts({}, (_running, chosen) => healthy(chosen.PORT));
    try {
      expect(again.output()).not.toMatch(/migration applied/);
      expect(again.output()).not.toMatch(/regions loaded/);
    } finally {
      await stop(again);
    }
  }, 600_000);

  it('uses the server of DATABASE_URL and starts none of its own', async () => {
    // A separately started PostgreSQL (`npm run db` on its own data directory and port).
    const externalDir = mkdtempSync(path.join(tmpdir(), 'bimtek-external-'));
    const { running: external } = await startOnFreePorts(
      { BIMTEK_DATA_DIR: externalDir, PGDATABASE: 'bimtek_external' },
      (running) => running.output().includes('PostgreSQL ready: '),
      'scripts/src/db.ts',
    );
    const unusedDataDir = path.join(dataDir, 'must-not-exist');
    try {
      const url = /PostgreSQL ready: (\S+)/.exec(external.output())![1];
      const { running, ports } = await startOnFreePorts({ DATABASE_URL: url, BIMTEK_DATA_DIR: unusedDataDir }, (_running, chosen) => healthy(chosen.PORT));
      try {
        expect(running.output()).toContain('using the PostgreSQL server of DATABASE_URL');
        expect(existsSync(unusedDataDir)).toBe(false);
      } finally {
        await stop(running);
      }
      // Stopped means stopped: nothing still answers on the web or API port.
      expect(await healthy(ports.PORT)).toBe(false);
      const apiStillUp = await fetch(`http://127.0.0.1:${ports.API_PORT}/api/health`).then(() => true, () => false);
      expect(apiStillUp).toBe(false);
    } finally {
      await stop(external);
      rmSync(externalDir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('npm start stops everything it started (issue #22)', () => {
  it('leaves nothing running after a Ctrl-C on a busy machine, PostgreSQL stopped last', async () => {
    const marker = `BIMTEK_START_SPEC_${process.pid}_CTRL_C`;
    const { running, ports } = await startOnFreePorts({ [marker]: '1' }, (_running, chosen) => healthy(chosen.PORT));
    let unload: () => Promise<void> = async () => undefined;
    try {
      if (availableParallelism() > 1) await waitFor(() => processesServing(running), 'every process');
      expect(processesWith(marker).length).toBeGreaterThanOrEqual(4);
      unload = loadTheMachine(ports.PORT);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await stop(running)).toBe(0);
    } finally {
      await unload();
      await expectNothingLeft(marker);
    }
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    // The services stopped before PostgreSQL did: none lost its database mid-shutdown.
    expect(running.output()).not.toMatch(/terminating connection due to administrator command/);
  }, 600_000);

  it('leaves nothing running when the start script itself is killed outright (as tsx killed it under load)', async () => {
    const marker = `BIMTEK_START_SPEC_${process.pid}_KILLED`;
    const { running } = await startOnFreePorts({ [marker]: '1' }, (_running, chosen) => healthy(chosen.PORT));
    try {
      if (availableParallelism() > 1) await waitFor(() => processesServing(running), 'every process');
    } finally {
      running.child.kill('SIGKILL');
      await running.exited;
      await expectNothingLeft(marker);
    }
  }, 600_000);
});
