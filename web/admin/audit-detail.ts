/**
 * An audit entry's detail as lines a person reads: every value at its dotted path
 * (`lateness.bands.0.upToMinutes: 30`), and for an edit only what changed
 * (`name: "Dinas Kesehatan" → "Dinkes"`). A rule version carries the whole rule set, so
 * the console shows the first few lines and folds the rest; nothing is cut mid-value.
 */

export interface DetailLine {
  path: string;
  text: string;
}

/** A value as read: text as it is (an empty text as ""), anything else as JSON. */
const show = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : (JSON.stringify(v) ?? 'null'));
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves of a JSON value by dotted path; an empty object or array is a leaf. */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  const entries = isRecord(value)
    ? Object.entries(value)
    : Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : null;
  if (entries === null || entries.length === 0) {
    out.set(path, value);
    return out;
  }
  for (const [k, v] of entries) leaves(v, path === '' ? k : `${path}.${k}`, out);
  return out;
}

/**
 * The lines of a detail: the fields beside `before`/`after` first, then for an edit each
 * changed leaf as `before → after` (a leaf only on one side shows `—` on the other), and
 * for an addition or removal each leaf of the state it carries.
 */
export function detailLines(d: Record<string, unknown>): DetailLine[] {
  const { before, after, ...rest } = d;
  const lines: DetailLine[] = [...leaves(rest, '', new Map())]
    .filter(([path]) => path !== '')
    .map(([path, v]) => ({ path, text: show(v) }));
  if (before !== undefined && after !== undefined) {
    const b = leaves(before, '', new Map());
    const a = leaves(after, '', new Map());
    for (const path of new Set([...b.keys(), ...a.keys()])) {
      const [x, y] = [b.get(path), a.get(path)];
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      const side = (m: Map<string, unknown>, v: unknown) => (m.has(path) ? show(v) : '—');
      lines.push({ path: path === '' ? '·' : path, text: `${side(b, x)} → ${side(a, y)}` });
    }
  } else {
    const state = after !== undefined ? after : before;
    if (state !== undefined)
      for (const [path, v] of leaves(state, '', new Map()))
        lines.push({ path: path === '' ? '·' : path, text: show(v) });
  }
  return lines;
}
