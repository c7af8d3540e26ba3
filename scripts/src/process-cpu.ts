import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second (USER_HZ), what /proc/<pid>/stat counts CPU time in. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by `rootPid` and every process under it, summed per group: `groupOf` names
 * a process's group from its command line, or null to leave it out. The benches divide the difference over a run by
 * the requests answered: unlike requests per second on a shared machine, CPU time per request says what a request
 * costs whatever else runs. Throws where /proc is not there.
 */
export function cpuSecondsByGroup<G extends string>(rootPid: number, groupOf: (commandLine: string) => G | null): Map<G, number> {
  const parentOf = new Map<number, number>();
  const statOf = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      statOf.set(Number(name), stat);
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isUnderRoot = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parentOf.get(at)) if (at === rootPid) return true;
    return false;
  };
  const totals = new Map<G, number>();
  for (const [pid, stat] of statOf) {
    if (!isUnderRoot(pid)) continue;
    let group: G | null;
    try {
      group = groupOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      continue;
    }
    if (group === null) continue;
    // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    totals.set(group, (totals.get(group) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return totals;
}
