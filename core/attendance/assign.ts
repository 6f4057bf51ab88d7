/**
 * Which planned day owns each punch. A check-in belongs to the plan whose check-in window
 * contains it, a check-out to the plan whose check-out window contains it, so a night
 * shift (Malam 21:00-07:00) owns the 07:05 check-out of the next morning, and a late
 * check-in at 00:01 still belongs to the shift that began the evening before.
 *
 * A recorded punch is evidence: the windows decide which kind a press is (the phone and
 * the machines pick 'in' or 'out' by them), not whether a recorded press counts. A punch
 * no window contains still belongs to the work it can only be about: a check-in to the
 * plan of its local date (or the day before) whose work has not ended yet (so 05:40
 * before a 06:00 window is an early arrival, not a missing check-in), a check-out to the
 * plan of its local date (or the day before) whose check-in window has opened (so a
 * departure at 09:50 before a 10:00 window is a departure 70 minutes early, not a
 * missing check-out). The nearest start (check-in) or end (check-out) wins, a tie the
 * earlier plan. Such a day notes `outsideWindows`. A punch with no such plan stays stray.
 *
 * Candidates are the plans of the punch's local date and the dates either side (shift
 * windows stay within one day of their start date, see validateShiftType). When two
 * windows contain a punch, the plan whose start (for a check-in) or end (for a
 * check-out) is nearest wins; a tie goes to the earlier plan. Every event is judged on
 * its own, after duplicates (same id) and voided events are removed, so the result does
 * not depend on the order in which events arrive.
 */
import { dayNumber, zoneOffsetMs } from '../time.js';
import type { AttendanceEvent, PlannedDay } from './types.js';

const DAY_MS = 86_400_000;

/** The punches of one planned day: `owned` fell in a window of this plan; `stray` fell on its date but in no window. */
export interface DayEvents {
  owned: readonly AttendanceEvent[];
  stray: readonly AttendanceEvent[];
  /** True when a correction or admin entry is among `owned`. */
  corrected: boolean;
  /** True when an owned punch fell outside its window (it counts all the same). */
  outsideWindows?: boolean;
}

const NONE: readonly AttendanceEvent[] = Object.freeze([]);
const EMPTY: DayEvents = Object.freeze({ owned: NONE, stray: NONE, corrected: false });

/**
 * The events that count: one per id (the earliest, when a broken client sent two
 * versions), without voided events and without the voiding entries themselves when they
 * are pure voids. Sorted by instant, then id.
 */
export function effectiveEvents(events: readonly AttendanceEvent[]): AttendanceEvent[] {
  const sorted = events.slice().sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let voided: Set<string> | null = null;
  for (const e of sorted) {
    if (e.voids !== undefined) (voided ??= new Set()).add(e.voids);
  }
  const seen = new Set<string>();
  const out: AttendanceEvent[] = [];
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (e.kind === 'void' || voided?.has(e.id)) continue;
    out.push(e);
  }
  return out;
}

/**
 * Assigns one person's events to consecutive plans (one per date, in date order, as
 * planRange returns them). Events before the first or after the last plan's reach are
 * dropped; pass the month's events with a day either side to catch night shifts.
 *
 * @example assignEvents(planRange(ctx, '2026-03-01', '2026-03-31'), events)[2].owned
 */
export function assignEvents(plans: readonly PlannedDay[], events: readonly AttendanceEvent[]): DayEvents[] {
  const out: DayEvents[] = new Array<DayEvents>(plans.length).fill(EMPTY);
  const first = plans[0];
  if (!first || events.length === 0) return out;
  const firstDay = dayNumber(first.date);
  const zone = first.zone;
  const owned: (AttendanceEvent[] | undefined)[] = new Array<AttendanceEvent[] | undefined>(plans.length);
  const stray: (AttendanceEvent[] | undefined)[] = new Array<AttendanceEvent[] | undefined>(plans.length);
  let outside: Set<number> | null = null;

  for (const e of effectiveEvents(events)) {
    if (e.kind === 'void') continue;
    const idx = Math.floor((e.at + zoneOffsetMs(e.at, zone)) / DAY_MS) - firstDay;
    let best = -1;
    let bestDist = Infinity;
    for (let i = idx - 1; i <= idx + 1; i++) {
      const w = plans[i]?.work;
      if (!w) continue;
      const win = e.kind === 'in' ? w.checkIn : w.checkOut;
      if (e.at < win.from || e.at >= win.to) continue;
      const dist = Math.abs(e.at - (e.kind === 'in' ? w.startAt : w.endAt));
      if (dist < bestDist) {
        best = i;
        bestDist = dist;
      }
    }
    if (best < 0) {
      best = outsideWindowOwner(plans, idx, e);
      if (best >= 0) (outside ??= new Set()).add(best);
    }
    if (best >= 0) (owned[best] ??= []).push(e);
    else if (idx >= 0 && idx < plans.length) (stray[idx] ??= []).push(e);
  }

  for (let i = 0; i < plans.length; i++) {
    const o = owned[i];
    const s = stray[i];
    if (!o && !s) continue;
    out[i] = {
      owned: o ?? NONE,
      stray: s ?? NONE,
      corrected: o ? o.some((e) => e.source === 'manual' || e.source === 'correction') : false,
      ...(outside?.has(i) && { outsideWindows: true }),
    };
  }
  return out;
}

/**
 * The plan a punch outside every window belongs to (see the module comment), or -1.
 * Candidates are the plans of the punch's local date `idx` and the date before.
 */
function outsideWindowOwner(plans: readonly PlannedDay[], idx: number, e: AttendanceEvent): number {
  let best = -1;
  let bestDist = Infinity;
  for (let i = idx - 1; i <= idx; i++) {
    const w = plans[i]?.work;
    if (!w) continue;
    if (e.kind === 'in' ? e.at >= w.endAt : e.at < w.checkIn.from) continue;
    const dist = Math.abs(e.at - (e.kind === 'in' ? w.startAt : w.endAt));
    if (dist < bestDist) {
      best = i;
      bestDist = dist;
    }
  }
  return best;
}
