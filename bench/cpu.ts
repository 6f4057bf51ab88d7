/**
 * CPU time of processes, from /proc (Linux): the server's own CPU per request, the
 * generator's, and PostgreSQL's, all read the same way so they can be compared.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks: number | null = null;

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
export function clockTicks(): number {
  if (ticks === null) {
    const n = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
    ticks = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return ticks;
}

/** The command name and user + system CPU seconds (all threads) of a process, or null when gone. */
function stat(pid: number | string): { comm: string; cpuSec: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // The process has exited (or never was): no figure for it.
    return null;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    comm: text.slice(text.indexOf('(') + 1, close),
    cpuSec: (Number(fields[11]) + Number(fields[12])) / clockTicks(),
  };
}

/** User + system CPU seconds of a process so far, or null when it is gone. */
export function processCpuSec(pid: number | undefined): number | null {
  return pid === undefined ? null : (stat(pid)?.cpuSec ?? null);
}

/**
 * CPU seconds of every PostgreSQL process on this machine (the server and its backends);
 * compared before and after a round it is the database's share of the work.
 */
export function postgresCpuSec(): number {
  let sum = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (s && (s.comm === 'postgres' || s.comm.startsWith('postgres:'))) sum += s.cpuSec;
  }
  return sum;
}
