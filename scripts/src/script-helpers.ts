import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Helpers the start script and the benches share. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Resolves once `url` answers 2xx; throws after `timeoutMs`. */
export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not yet
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer in ${timeoutMs / 1000} s`);
}

/** The newest modification time of a file or of anything under a folder (0 when it is not there). */
export function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/**
 * Node's arguments to run a TypeScript file of the checkout at `root` with tsx's loader in the node process itself.
 * Not through tsx's command line: that is a second process which relays a signal to the script and kills it (SIGKILL)
 * when the script has not acknowledged the signal within 30 ms, which a busy event loop on a loaded machine misses;
 * killed so, `npm start` left PostgreSQL, the API and the web running (issue #22).
 */
export function tsxArgs(root: string, script: string): string[] {
  const loader = createRequire(path.join(root, 'package.json')).resolve('tsx');
  return ['--import', pathToFileURL(loader).href, script];
}

/** True while process `pid` exists (a process group when negative). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops an app started with `detached: true` (a process group of its own, like a terminal's job): `signal` to its
 * first process, as Ctrl-C would, then waits until no process of the group is left. Whatever is still there after
 * `graceMs` is killed (SIGKILL to the group). Resolves false when it had to kill.
 */
export async function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT', graceMs = 90_000): Promise<boolean> {
  const group = child.pid;
  if (group === undefined) return true;
  child.kill(signal);
  if (await waitUntil(() => !isAlive(-group), graceMs)) return true;
  console.error(`[stop] process group ${group} was still running ${graceMs / 1000} s after ${signal}: killing it`);
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // gone in the meantime
  }
  await waitUntil(() => !isAlive(-group), 10_000);
  return false;
}

/** Polls `condition` every 100 ms; false when it still does not hold after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
