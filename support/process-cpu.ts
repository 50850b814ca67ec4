import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time read from `/proc` (Linux), for the benchmarks that report what a process cost. */

/** How many ticks `/proc` counts CPU time in per second. */
export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** The fields of `/proc/<pid>/stat` after the process's name (state, parent, …; see proc(5)). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process so far, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds of every PostgreSQL server process so far, with the backends that have ended (a pool
 * closes idle connections): the server's main process counts those as its children's time.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  const servers = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (!title.startsWith('postgres: ')) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    servers.add(Number(fields[1]));
  }
  for (const pid of servers) {
    const fields = statFields(pid);
    if (fields) total += fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS;
  }
  return total;
}
