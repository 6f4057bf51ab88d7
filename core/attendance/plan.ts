/**
 * Which work is due for a person on a date, in this order of precedence:
 * 1. the roster (a shift, or a rostered day off), for rostered units — a roster also
 *    decides holidays: a nurse rostered on Idul Fitri works;
 * 2. the person's own weekly pattern in force on the date;
 * 3. a date-range override for the unit or an ancestor (Ramadan hours), the nearest
 *    unit's first, then the one starting latest;
 * 4. the unit's weekly schedule (core/schedule.ts, inherited down the unit tree).
 * For 2-4, a holiday of the person's unit makes the day libur unless the unit works on
 * holidays. The result carries absolute instants in the site's zone, so a night shift's
 * end falls on the next calendar date.
 *
 * Instants are computed from the local midnight plus minutes: exact in Indonesian zones,
 * which keep no daylight saving.
 */
import type { Unit, WorkDay, Zone } from '../model.js';
import { scheduleFor } from '../schedule.js';
import { addDays, daysBetween, formatHHMM, weekdayOf, zonedToInstant } from '../time.js';
import { rosterKey, shiftEnd } from './roster.js';
import type { RosterIndex } from './roster.js';
import { NO_FLEX } from './types.js';
import type {
  FlexPolicy,
  Holiday,
  PersonSchedule,
  PlanSource,
  PlannedDay,
  PlannedWork,
  ScheduleOverride,
  ShiftType,
} from './types.js';
import type { WeeklySchedule } from '../model.js';

const MINUTE_MS = 60_000;

/** Holidays by date (see {@link holidayCalendar}). */
export type HolidayCalendar = ReadonlyMap<string, readonly Holiday[]>;

/**
 * Indexes holidays by date.
 *
 * @example holidayCalendar(HOLIDAYS_2026).get('2026-03-20')?.[0]?.kind // 'cuti_bersama'
 */
export function holidayCalendar(holidays: readonly Holiday[]): Map<string, Holiday[]> {
  const cal = new Map<string, Holiday[]>();
  for (const h of holidays) {
    const list = cal.get(h.date);
    if (list) list.push(h);
    else cal.set(h.date, [h]);
  }
  return cal;
}

function appliesToChain(unitIds: readonly number[] | null | undefined, chain: readonly Unit[]): number {
  // Returns the depth in the chain of the first listed unit (0 = own unit), -1 when none,
  // and chain.length for "everyone" (least specific).
  if (unitIds === null || unitIds === undefined) return chain.length;
  for (let i = 0; i < chain.length; i++) {
    if (unitIds.includes(chain[i]!.id)) return i;
  }
  return -1;
}

const KIND_RANK: Record<Holiday['kind'], number> = { national: 0, cuti_bersama: 1, regional: 2 };

/**
 * The holiday on `date` for a unit (with its ancestors in `chain`): national first, then
 * cuti bersama, then a regional holiday of the unit or an ancestor; null when none.
 */
export function holidayOn(cal: HolidayCalendar, date: string, chain: readonly Unit[]): Holiday | null {
  const list = cal.get(date);
  if (!list) return null;
  let best: Holiday | null = null;
  for (const h of list) {
    if (appliesToChain(h.unitIds, chain) < 0) continue;
    if (best === null || KIND_RANK[h.kind] < KIND_RANK[best.kind]) best = h;
  }
  return best;
}

/** Everything needed to plan one person's days. */
export interface PlanContext {
  employeeId: number;
  /** The person's unit first, then its ancestors (core/org.ts unitChain). */
  unitChain: readonly Unit[];
  /** Zone of the work site; rules are evaluated there (default: the unit's zone). */
  zone?: Zone;
  schedules: readonly WeeklySchedule[];
  /** This person's own patterns (entries of other people are ignored). */
  personSchedules?: readonly PersonSchedule[];
  overrides?: readonly ScheduleOverride[];
  roster?: RosterIndex;
  shiftTypes?: ReadonlyMap<string, ShiftType>;
  holidays?: HolidayCalendar;
  /** Units that work on holidays on their weekly schedule (without a roster). */
  worksOnHolidays?: boolean;
  /** The unit's flex band and grace; a person schedule or override may set its own. */
  flex?: FlexPolicy;
}

function personScheduleOn(list: readonly PersonSchedule[], employeeId: number, date: string) {
  let best: PersonSchedule | null = null;
  for (const p of list) {
    if (p.employeeId !== employeeId || p.effectiveFrom > date) continue;
    if (p.effectiveTo !== null && p.effectiveTo < date) continue;
    if (
      best === null ||
      p.effectiveFrom > best.effectiveFrom ||
      (p.effectiveFrom === best.effectiveFrom && p.id > best.id)
    ) {
      best = p;
    }
  }
  return best;
}

function overrideOn(list: readonly ScheduleOverride[], chain: readonly Unit[], date: string) {
  let best: ScheduleOverride | null = null;
  let bestDepth = Infinity;
  for (const o of list) {
    if (o.from > date || o.to < date) continue;
    const depth = appliesToChain(o.unitIds, chain);
    if (depth < 0) continue;
    if (
      best === null ||
      depth < bestDepth ||
      (depth === bestDepth && (o.from > best.from || (o.from === best.from && o.id > best.id)))
    ) {
      best = o;
      bestDepth = depth;
    }
  }
  return best;
}

function work(
  midnight: number,
  t: { start: number; end: number; checkInFrom: number; checkInUntil: number },
  checkOutFrom: number,
  checkOutUntil: number,
  end: number,
  shiftCode: string | null,
  flex: FlexPolicy,
): PlannedWork {
  return {
    shiftCode,
    startAt: midnight + t.start * MINUTE_MS,
    endAt: midnight + end * MINUTE_MS,
    checkIn: { from: midnight + t.checkInFrom * MINUTE_MS, to: midnight + (t.checkInUntil + 1) * MINUTE_MS },
    checkOut: { from: midnight + checkOutFrom * MINUTE_MS, to: midnight + (checkOutUntil + 1) * MINUTE_MS },
    start: formatHHMM(t.start),
    end: formatHHMM(t.end),
    flex,
  };
}

function officeWork(midnight: number, d: WorkDay, flex: FlexPolicy): PlannedWork {
  return work(midnight, d, d.checkOutFrom, d.checkOutUntil, d.end, null, flex);
}

function shiftWork(midnight: number, s: ShiftType, flex: FlexPolicy): PlannedWork {
  return work(midnight, s, s.checkOutFrom, s.checkOutUntil, shiftEnd(s), s.code, flex);
}

/**
 * The plan of one person's date.
 *
 * @example planDay(ctx, '2026-03-20').off // 'holiday' (cuti bersama Idul Fitri)
 */
export function planDay(ctx: PlanContext, date: string): PlannedDay {
  const unit = ctx.unitChain[0];
  if (!unit) throw new Error('planDay: empty unit chain');
  const zone = ctx.zone ?? unit.zone;
  const holiday = ctx.holidays ? holidayOn(ctx.holidays, date, ctx.unitChain) : null;
  const midnight = zonedToInstant(date, 0, zone);
  const base = { employeeId: ctx.employeeId, date, zone, holiday };
  const flexDefault = ctx.flex ?? NO_FLEX;

  const entry = ctx.roster?.get(rosterKey(ctx.employeeId, date));
  if (entry) {
    if (entry.shiftCode === null) return { ...base, source: 'roster', work: null, off: 'day_off' };
    const shift = ctx.shiftTypes?.get(entry.shiftCode);
    if (!shift) return { ...base, source: 'roster', work: null, off: 'no_schedule' };
    return { ...base, source: 'roster', work: shiftWork(midnight, shift, flexDefault), off: null };
  }

  const wd = weekdayOf(date) - 1;
  let source: PlanSource;
  let day: WorkDay | null;
  let flex = flexDefault;
  const person = ctx.personSchedules ? personScheduleOn(ctx.personSchedules, ctx.employeeId, date) : null;
  const override = person || !ctx.overrides ? null : overrideOn(ctx.overrides, ctx.unitChain, date);
  if (person) {
    source = 'person';
    day = person.days[wd] ?? null;
    flex = person.flex ?? flexDefault;
  } else if (override) {
    source = 'override';
    day = override.days[wd] ?? null;
    flex = override.flex ?? flexDefault;
  } else {
    const weekly = scheduleFor(ctx.schedules, ctx.unitChain, date);
    if (!weekly) return { ...base, source: 'none', work: null, off: 'no_schedule' };
    source = 'weekly';
    day = weekly.days[wd] ?? null;
  }
  if (!day) return { ...base, source, work: null, off: 'day_off' };
  if (holiday && !ctx.worksOnHolidays) return { ...base, source, work: null, off: 'holiday' };
  return { ...base, source, work: officeWork(midnight, day, flex), off: null };
}

/**
 * Plans of every date from `from` to `to` inclusive, in date order.
 *
 * @example planRange(ctx, '2026-03-01', '2026-03-31').length // 31
 */
export function planRange(ctx: PlanContext, from: string, to: string): PlannedDay[] {
  const n = daysBetween(from, to);
  const out: PlannedDay[] = new Array<PlannedDay>(Math.max(0, n + 1));
  for (let i = 0; i <= n; i++) out[i] = planDay(ctx, addDays(from, i));
  return out;
}
