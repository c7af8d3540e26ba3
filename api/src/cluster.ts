import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/**
 * One process per core (issue #22): a primary forks workers that share the listening port (node:cluster hands out
 * connections round-robin), replaces a worker that crashed after it served, and stops them all on SIGINT/SIGTERM.
 * The web server has the same primary (web/server/cluster.ts); the two are kept apart because they are built apart.
 */
export interface ClusterOptions {
  /** For messages: "API". */
  name: string;
  workers: number;
  /** Extra environment of worker `index` (0-based); the first worker is forked alone and serves before the others. */
  envFor: (index: number) => Record<string, string>;
}

/** A worker stopped by one of these was stopped on purpose (Ctrl-C reaches every process of the group): stop all. */
const STOP_SIGNALS = new Set(['SIGINT', 'SIGTERM']);
const STOP_GRACE_MS = 10_000;

/** Workers wanted: `value` (API_CONCURRENCY, WEB_CONCURRENCY) when set, else one per core. */
export function concurrencyFrom(value: string | undefined, name: string): number {
  if (value === undefined || value === '') return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new Error(`${name} must be a whole number from 1 to 256 (got ${JSON.stringify(value)}).`);
  return count;
}

export async function runPrimary(options: ClusterOptions): Promise<void> {
  const { name, workers } = options;
  const listening = new WeakSet<Worker>();
  let stopping = false;

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
    if (alive.length === 0) process.exit(exitCode);
    let left = alive.length;
    for (const worker of alive) {
      worker.once('exit', () => {
        if (--left === 0) process.exit(exitCode);
      });
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const worker of alive) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, STOP_GRACE_MS).unref();
  };

  const fork = (index: number): Promise<void> =>
    new Promise((resolve) => {
      const worker = cluster.fork(options.envFor(index));
      worker.once('listening', () => {
        listening.add(worker);
        resolve();
      });
      worker.once('exit', (code, signal) => {
        resolve();
        if (stopping) return;
        if (signal && STOP_SIGNALS.has(signal)) {
          stopAll(0);
        } else if (!listening.has(worker)) {
          console.error(`${name} worker ${index + 1} stopped before it served (exit ${code ?? signal}); stopping.`);
          stopAll(1);
        } else {
          console.error(`${name} worker ${index + 1} stopped (exit ${code ?? signal}); starting a new one.`);
          void fork(index);
        }
      });
    });

  for (const signal of STOP_SIGNALS) process.on(signal, () => stopAll(0));
  await fork(0);
  await Promise.all(Array.from({ length: workers - 1 }, (_, i) => fork(i + 1)));
  if (!stopping) console.log(`${name}: ${workers} processes serving`);
}
