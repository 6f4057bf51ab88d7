/**
 * Shift types and rosters of rostered units (RSUD, puskesmas rawat inap, Damkar, Satpol
 * PP, BPBD). A roster is a list of entries (person, date, shift or day off); rotating
 * patterns produce entries in bulk and a swap produces two new entries with a higher
 * revision, so history is never edited.
 */
import type { ErrorDetail, Result } from '../errors.js';
import { addDays, daysBetween } from '../time.js';
import type { RosterEntry, RotationPattern, ShiftType } from './types.js';

/** The roster looked up by person and date: the entry with the highest revision. */
export type RosterIndex = ReadonlyMap<string, RosterEntry>;

/** The key of a person's date in a {@link RosterIndex}. */
export function rosterKey(employeeId: number, date: string): string {
  return `${employeeId}|${date}`;
}

function wins(a: RosterEntry, b: RosterEntry): boolean {
  const ra = a.revision ?? 0;
  const rb = b.revision ?? 0;
  if (ra !== rb) return ra > rb;
  // Same revision twice is a data error; resolve it the same way whatever the order.
  return (a.shiftCode ?? '') > (b.shiftCode ?? '');
}

/**
 * Indexes roster entries; for one person and date the highest revision wins, whatever
 * the order of the list.
 *
 * @example indexRoster(entries).get(rosterKey(7, '2026-03-02'))?.shiftCode // 'M'
 */
export function indexRoster(entries: readonly RosterEntry[]): Map<string, RosterEntry> {
  const index = new Map<string, RosterEntry>();
  for (const e of entries) {
    const key = rosterKey(e.employeeId, e.date);
    const prev = index.get(key);
    if (!prev || wins(e, prev)) index.set(key, e);
  }
  return index;
}

/**
 * Assigns a rotating pattern in bulk: each person starts the cycle at their own offset
 * on `from` and follows it through `to` (inclusive).
 *
 * @example
 *   rotate({ code: 'PSM', cycle: ['P', 'S', 'M', null] }, [{ employeeId: 1, offset: 0 }],
 *     '2026-03-01', '2026-03-04').map((e) => e.shiftCode) // ['P', 'S', 'M', null]
 */
export function rotate(
  pattern: RotationPattern,
  people: readonly { employeeId: number; offset: number }[],
  from: string,
  to: string,
  revision = 0,
): RosterEntry[] {
  const n = pattern.cycle.length;
  if (n === 0) return [];
  const days = daysBetween(from, to);
  const out: RosterEntry[] = [];
  for (let d = 0; d <= days; d++) {
    const date = addDays(from, d);
    for (const p of people) {
      const code = pattern.cycle[(((d + p.offset) % n) + n) % n] ?? null;
      out.push({ employeeId: p.employeeId, date, shiftCode: code, revision });
    }
  }
  return out;
}

/**
 * A swap (tukar dinas): the slot of `a` takes what `b` had and the reverse. Two people on
 * one date (`a.date === b.date`) or one person across two dates (`a.employeeId ===
 * b.employeeId`). Returns the two new entries, one revision above the highest in the
 * index, to be appended to the roster.
 *
 * @example swapShifts(index, { employeeId: 1, date: d }, { employeeId: 2, date: d })
 */
export function swapShifts(
  index: RosterIndex,
  a: { employeeId: number; date: string },
  b: { employeeId: number; date: string },
): [RosterEntry, RosterEntry] {
  const ea = index.get(rosterKey(a.employeeId, a.date));
  const eb = index.get(rosterKey(b.employeeId, b.date));
  const revision = Math.max(ea?.revision ?? 0, eb?.revision ?? 0) + 1;
  return [
    { employeeId: a.employeeId, date: a.date, shiftCode: eb?.shiftCode ?? null, revision },
    { employeeId: b.employeeId, date: b.date, shiftCode: ea?.shiftCode ?? null, revision },
  ];
}

/** The end of a shift in minutes since midnight of its start date (past 1440 when it crosses midnight). */
export function shiftEnd(s: ShiftType): number {
  return s.end <= s.start ? s.end + 1440 : s.end;
}

/**
 * Checks a shift type: start and end in 0..1440, windows containing their edge of the
 * shift (checkInFrom ≤ start ≤ checkInUntil, checkOutFrom ≤ end ≤ checkOutUntil, with the
 * end past midnight when the shift crosses it), and every window edge within the day
 * before to the day after the start date (-1440..2880), so a punch can only belong to a
 * shift starting on its own date or an adjacent one.
 *
 * @example validateShiftType(MALAM).ok // true
 */
export function validateShiftType(s: ShiftType): Result<ShiftType> {
  const details: ErrorDetail[] = [];
  if (!s.code) details.push({ field: 'code', reason: 'required' });
  for (const f of ['start', 'end'] as const) {
    if (!Number.isInteger(s[f]) || s[f] < 0 || s[f] > 1440) details.push({ field: f, reason: 'range' });
  }
  for (const f of ['checkInFrom', 'checkInUntil', 'checkOutFrom', 'checkOutUntil'] as const) {
    if (!Number.isInteger(s[f]) || s[f] < -1440 || s[f] > 2880) details.push({ field: f, reason: 'range' });
  }
  if (details.length === 0) {
    const end = shiftEnd(s);
    if (s.checkInFrom > s.start) details.push({ field: 'checkInFrom', reason: 'window' });
    if (s.checkInUntil < s.start) details.push({ field: 'checkInUntil', reason: 'window' });
    if (s.checkOutFrom > end) details.push({ field: 'checkOutFrom', reason: 'window' });
    if (s.checkOutUntil < end) details.push({ field: 'checkOutUntil', reason: 'window' });
  }
  return details.length === 0 ? { ok: true, value: s } : { ok: false, error: 'invalid_body', details };
}
