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
import { dateFromDayNumber, dayNumber, formatHHMM, weekdayOf, zonedToInstant } from '../time.js';
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

// Per-date work shared by every person planned on that date (a month of 10,000 people
// plans 310,000 days, but only 31 dates): the date string, local midnight per zone, and
// the PlannedWork of a (working day or shift, flex policy, midnight) triple. Plans are
// read-only, so one frozen PlannedWork can serve everyone with the same hours.
const dateCache = new Map<number, string>();
const midnightCache = new Map<string, Map<number, number>>();
const workCache = new WeakMap<object, WeakMap<FlexPolicy, Map<number, PlannedWork>>>();
const CACHE_LIMIT = 20_000;

function dateOf(day: number): string {
  let d = dateCache.get(day);
  if (d === undefined) {
    if (dateCache.size >= CACHE_LIMIT) dateCache.clear();
    d = dateFromDayNumber(day);
    dateCache.set(day, d);
  }
  return d;
}

function midnightOf(date: string, day: number, zone: Zone): number {
  let byDay = midnightCache.get(zone);
  if (!byDay) midnightCache.set(zone, (byDay = new Map<number, number>()));
  let m = byDay.get(day);
  if (m === undefined) {
    if (byDay.size >= CACHE_LIMIT) byDay.clear();
    m = zonedToInstant(date, 0, zone);
    byDay.set(day, m);
  }
  return m;
}

function cachedWork(
  key: WorkDay | ShiftType,
  flex: FlexPolicy,
  midnight: number,
  make: () => PlannedWork,
): PlannedWork {
  let byFlex = workCache.get(key);
  if (!byFlex) workCache.set(key, (byFlex = new WeakMap()));
  let byMidnight = byFlex.get(flex);
  if (!byMidnight) byFlex.set(flex, (byMidnight = new Map<number, PlannedWork>()));
  let w = byMidnight.get(midnight);
  if (!w) {
    if (byMidnight.size >= CACHE_LIMIT) byMidnight.clear();
    w = make();
    Object.freeze(w.checkIn);
    Object.freeze(w.checkOut);
    Object.freeze(w);
    byMidnight.set(midnight, w);
  }
  return w;
}

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
  return cachedWork(d, flex, midnight, () =>
    work(midnight, d, d.checkOutFrom, d.checkOutUntil, d.end, null, flex),
  );
}

function shiftWork(midnight: number, s: ShiftType, flex: FlexPolicy): PlannedWork {
  return cachedWork(s, flex, midnight, () =>
    work(midnight, s, s.checkOutFrom, s.checkOutUntil, shiftEnd(s), s.code, flex),
  );
}

/**
 * The plan of one person's date.
 *
 * @example planDay(ctx, '2026-03-20').off // 'holiday' (cuti bersama Idul Fitri)
 */
export function planDay(ctx: PlanContext, date: string): PlannedDay {
  return planDayAt(ctx, date, dayNumber(date));
}

/** {@link planDay} with the date's day number already known (planRange). */
function planDayAt(ctx: PlanContext, date: string, day: number): PlannedDay {
  const unit = ctx.unitChain[0];
  if (!unit) throw new Error('planDay: empty unit chain');
  const zone = ctx.zone ?? unit.zone;
  const holiday = ctx.holidays ? holidayOn(ctx.holidays, date, ctx.unitChain) : null;
  const midnight = midnightOf(date, day, zone);
  const employeeId = ctx.employeeId;
  const flexDefault = ctx.flex ?? NO_FLEX;
  const plan = (source: PlanSource, work: PlannedWork | null, off: PlannedDay['off']): PlannedDay => ({
    employeeId,
    date,
    zone,
    holiday,
    source,
    work,
    off,
  });

  const entry = ctx.roster && ctx.roster.size > 0 ? ctx.roster.get(rosterKey(employeeId, date)) : undefined;
  if (entry) {
    if (entry.shiftCode === null) return plan('roster', null, 'day_off');
    const shift = ctx.shiftTypes?.get(entry.shiftCode);
    if (!shift) return plan('roster', null, 'no_schedule');
    return plan('roster', shiftWork(midnight, shift, flexDefault), null);
  }

  // 1970-01-01 (day 0) was a Thursday: index 3 with Monday = 0.
  const wd = (((day + 3) % 7) + 7) % 7;
  let source: PlanSource;
  let workDay: WorkDay | null;
  let flex = flexDefault;
  const person = ctx.personSchedules ? personScheduleOn(ctx.personSchedules, ctx.employeeId, date) : null;
  const override = person || !ctx.overrides ? null : overrideOn(ctx.overrides, ctx.unitChain, date);
  if (person) {
    source = 'person';
    workDay = person.days[wd] ?? null;
    flex = person.flex ?? flexDefault;
  } else if (override) {
    source = 'override';
    workDay = override.days[wd] ?? null;
    flex = override.flex ?? flexDefault;
  } else {
    const weekly = scheduleFor(ctx.schedules, ctx.unitChain, date);
    if (!weekly) return plan('none', null, 'no_schedule');
    source = 'weekly';
    workDay = weekly.days[wd] ?? null;
  }
  if (!workDay) return plan(source, null, 'day_off');
  if (holiday && !ctx.worksOnHolidays) return plan(source, null, 'holiday');
  return plan(source, officeWork(midnight, workDay, flex), null);
}

/**
 * Plans of every date from `from` to `to` inclusive, in date order.
 *
 * @example planRange(ctx, '2026-03-01', '2026-03-31').length // 31
 */
export function planRange(ctx: PlanContext, from: string, to: string): PlannedDay[] {
  const first = dayNumber(from);
  const n = dayNumber(to) - first;
  const out: PlannedDay[] = new Array<PlannedDay>(Math.max(0, n + 1));
  for (let i = 0; i <= n; i++) out[i] = planDayAt(ctx, dateOf(first + i), first + i);
  return out;
}

/**
 * What decides an office day for the people of one unit, shared by all of them: the
 * unit's chain and weekly schedules, the overrides and holidays, and whether the unit
 * works on holidays. Overrides may be pre-filtered to those naming the chain (or
 * everyone); the result is the same.
 */
export interface UnitDayRules {
  /** The unit first, then its ancestors (core/org.ts unitChain). */
  unitChain: readonly Unit[];
  schedules: readonly WeeklySchedule[];
  overrides?: readonly ScheduleOverride[];
  holidays?: HolidayCalendar;
  worksOnHolidays?: boolean;
}

/**
 * The working day on a date: the hours, null for a day off, 'holiday' for a holiday or
 * cuti bersama the unit does not work on, undefined when no schedule applies at all.
 */
export type DayRule = WorkDay | null | 'holiday' | undefined;

function dayRuleOf(rules: UnitDayRules, days: WeeklySchedule['days'], date: string): DayRule {
  const d = days[weekdayOf(date) - 1] ?? null;
  if (!d) return null;
  if (!rules.worksOnHolidays && rules.holidays && holidayOn(rules.holidays, date, rules.unitChain)) {
    return 'holiday';
  }
  return d;
}

/**
 * The office day of `date` for a person of the unit, with the precedence of
 * {@link planDay} without the roster: the person's own pattern (`person`, in force on the
 * date), then a date-range override for the unit or an ancestor, then the weekly
 * schedule; a holiday makes a working day 'holiday' unless the unit works on holidays.
 * Rosters and shift types (night shifts) are not applied here.
 *
 * @example officeDayOn(rules, null, '2026-03-02') // Ramadan 08:00-15:00 under the seeded override
 */
export function officeDayOn(rules: UnitDayRules, person: PersonSchedule | null, date: string): DayRule {
  if (person) return dayRuleOf(rules, person.days, date);
  const override = rules.overrides ? overrideOn(rules.overrides, rules.unitChain, date) : null;
  if (override) return dayRuleOf(rules, override.days, date);
  const weekly = scheduleFor(rules.schedules, rules.unitChain, date);
  return weekly ? dayRuleOf(rules, weekly.days, date) : undefined;
}

const RESOLVER_CACHE = 64;

/**
 * A memoised `date → DayRule` for everyone of a unit without a person schedule. Dates
 * seen by a running server are few (today, yesterday in another zone, late offline
 * punches), so a small cache answers almost every call with one map lookup.
 *
 * @example unitDayResolver(rules)('2026-03-20') // 'holiday' (cuti bersama Idul Fitri)
 */
export function unitDayResolver(rules: UnitDayRules): (date: string) => DayRule {
  const cache = new Map<string, DayRule>();
  return (date) => {
    if (cache.has(date)) return cache.get(date);
    if (cache.size >= RESOLVER_CACHE) cache.clear();
    const r = officeDayOn(rules, null, date);
    cache.set(date, r);
    return r;
  };
}

/**
 * The resolver of one person with their own patterns (`personSchedules`, theirs only):
 * a pattern in force on the date wins, otherwise the unit's resolver answers.
 *
 * @example personDayResolver(rules, unitDayResolver(rules), [reducedHours], 7)('2026-03-02')
 */
export function personDayResolver(
  rules: UnitDayRules,
  unit: (date: string) => DayRule,
  personSchedules: readonly PersonSchedule[],
  employeeId: number,
): (date: string) => DayRule {
  return (date) => {
    const p = personScheduleOn(personSchedules, employeeId, date);
    return p ? officeDayOn(rules, p, date) : unit(date);
  };
}
