/**
 * Summarises a V8 CPU profile (from `npm run bench -- --profile DIR`): self time per
 * function, and the same divided by the number of check-ins, so the note can say what
 * costs what in microseconds per check-in.
 *
 *   node dist/bench/profile-summary.js <file.cpuprofile> [checkIns] [top]
 */
import { readFileSync } from 'node:fs';

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

const [file, checkInsArg, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [checkIns] [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i] ?? -1);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  selfUs.set(key, (selfUs.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const checkIns = Number(checkInsArg ?? 0);
const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30));
const out = {
  totalMs: Math.round(total / 1000),
  checkIns: checkIns || undefined,
  usPerCheckIn: checkIns ? Number((total / checkIns).toFixed(1)) : undefined,
  top: rows.map(([fn, us]) => ({
    fn,
    pct: Number(((100 * us) / total).toFixed(1)),
    ...(checkIns ? { usPerCheckIn: Number((us / checkIns).toFixed(2)) } : {}),
  })),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
