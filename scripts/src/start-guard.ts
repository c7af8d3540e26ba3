/**
 * Watches `npm start` from outside. start.ts starts it in a process group of its own (so a Ctrl-C, or a bench killing
 * the app's group, does not reach it) and writes one line per process it starts: "service <pid>", "database <pid>";
 * then "done" once it has stopped them all itself. When start.ts ends without "done" (killed outright: SIGKILL, the
 * OOM killer, a stop that timed out), its pipe closes and this guard stops what is left: the services first (SIGTERM,
 * then SIGKILL), then PostgreSQL (SIGINT, its fast shutdown, then SIGKILL). Issue #22: nothing is left running.
 */
import { createInterface } from 'node:readline';
import { isAlive, waitUntil } from './script-helpers';

const SERVICE_GRACE_MS = 15_000;
const DATABASE_GRACE_MS = 15_000;

const services: number[] = [];
const databases: number[] = [];
let done = false;

/** Sends `signal` to each of `pids`, waits up to `graceMs` for them to end, then kills what is left. */
async function stopProcesses(pids: number[], signal: NodeJS.Signals, graceMs: number): Promise<void> {
  for (const pid of pids) signalProcess(pid, signal);
  await waitUntil(() => !pids.some(isAlive), graceMs);
  for (const pid of pids.filter(isAlive)) signalProcess(pid, 'SIGKILL');
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [kind, pid] = line.trim().split(' ');
  if (kind === 'done') done = true;
  else if (kind === 'service') services.push(Number(pid));
  else if (kind === 'database') databases.push(Number(pid));
});
lines.on('close', () => {
  if (done) process.exit(0);
  void stopProcesses(services, 'SIGTERM', SERVICE_GRACE_MS)
    .then(() => stopProcesses(databases, 'SIGINT', DATABASE_GRACE_MS))
    .finally(() => process.exit(0));
});
