/**
 * Summarises a V8 CPU profile (from `npm run bench -- --profile DIR`): self time per
 * function, and the same divided by the number of check-ins, so the note can say what
 * costs what in microseconds per check-in. The steady scenario passes the time windows
 * of its Hadir rounds, so start-up and the idle time while the bare server is measured
 * are left out; `(idle)` is reported apart and not counted as work.
 *
 *   node dist/bench/profile-summary.js <file.cpuprofile> [checkIns] [top]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of monotonic time (µs, as process.hrtime) and the check-ins answered in it. */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
  requests: number;
}

export interface ProfileSummary {
  /** CPU time sampled (in the windows, if given), idle excluded, ms. */
  busyMs: number;
  idleMs: number;
  checkIns: number | undefined;
  usPerCheckIn: number | undefined;
  top: { fn: string; pct: number; usPerCheckIn?: number }[];
}

/** The most recent .cpuprofile in `dir`, or null. */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

export function summariseProfile(
  file: string,
  opts: { checkIns?: number; windows?: ProfileWindow[]; top?: number } = {},
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  const windows = opts.windows ?? [];
  let t = profile.startTime;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (windows.length > 0 && !windows.some((w) => t >= w.fromUs && t <= w.toUs)) continue;
    const node = byId.get(profile.samples[i] ?? -1);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += delta;
      continue;
    }
    const where = url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const checkIns = opts.checkIns ?? (windows.length ? windows.reduce((n, w) => n + w.requests, 0) : 0);
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, opts.top ?? 30);
  return {
    busyMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    checkIns: checkIns || undefined,
    usPerCheckIn: checkIns ? Number((total / checkIns).toFixed(1)) : undefined,
    top: rows.map(([fn, us]) => ({
      fn,
      pct: Number(((100 * us) / total).toFixed(1)),
      ...(checkIns ? { usPerCheckIn: Number((us / checkIns).toFixed(2)) } : {}),
    })),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, checkInsArg, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [checkIns] [top]');
  const out = summariseProfile(file, { checkIns: Number(checkInsArg ?? 0), top: Number(topArg ?? 30) });
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}
