/**
 * Shared fixtures for the attendance tests: a small regency (Pemda → Dinas → Puskesmas,
 * and an RSUD with shifts), its schedules and shift types, and helpers that build events
 * at local wall-clock times.
 */
import type { Unit, WeeklySchedule, Zone } from '../../model.js';
import { addDays, parseHHMM, zonedToInstant } from '../../time.js';
import { dayStatuses, incidentWindows } from '../day-status.js';
import { HOLIDAYS_2026 } from '../holidays-2026.js';
import { holidayCalendar, planRange } from '../plan.js';
import type { PlanContext } from '../plan.js';
import { PERMENTAN_68_2012 } from '../presets.js';
import { officeDay } from '../ramadan-2026.js';
import type { AttendanceEvent, DayStatus, Incident, LeaveGrant, RuleSet, ShiftType } from '../types.js';

export function unit(id: number, parentId: number | null, zone: Zone = 'Asia/Jakarta'): Unit {
  return { id, parentId, name: `Unit ${id}`, kind: parentId === null ? 'pemda' : 'opd', zone };
}

export const PEMDA = unit(1, null);
export const DINAS = unit(2, 1);
export const PUSKESMAS = unit(3, 2);
export const RSUD = unit(4, 1);
/** Puskesmas chain: own unit first. */
export const PUSKESMAS_CHAIN = [PUSKESMAS, DINAS, PEMDA];
export const DINAS_CHAIN = [DINAS, PEMDA];
export const RSUD_CHAIN = [RSUD, PEMDA];

/** Kab. Sukabumi 2025 style: Mon-Thu 07:30-16:00, Fri 07:30-16:30. */
export const FIVE_DAY: WeeklySchedule = {
  id: 1,
  unitId: 1,
  name: 'Lima hari kerja',
  effectiveFrom: '2025-01-01',
  days: [
    officeDay(450, 960),
    officeDay(450, 960),
    officeDay(450, 960),
    officeDay(450, 960),
    officeDay(450, 990),
    null,
    null,
  ],
};

/** PPU draft style 6-day unit: Mon-Thu 07:30-14:30, Fri 07:30-11:00, Sat 07:30-13:30. */
export const SIX_DAY: WeeklySchedule = {
  id: 2,
  unitId: 3,
  name: 'Enam hari kerja',
  effectiveFrom: '2025-01-01',
  days: [
    officeDay(450, 870),
    officeDay(450, 870),
    officeDay(450, 870),
    officeDay(450, 870),
    officeDay(450, 660),
    officeDay(450, 810),
    null,
  ],
};

export const PAGI: ShiftType = {
  code: 'P',
  name: 'Pagi',
  start: 420,
  end: 840,
  checkInFrom: 360,
  checkInUntil: 540,
  checkOutFrom: 780,
  checkOutUntil: 960,
};
export const SIANG: ShiftType = {
  code: 'S',
  name: 'Siang',
  start: 840,
  end: 1260,
  checkInFrom: 780,
  checkInUntil: 960,
  checkOutFrom: 1200,
  checkOutUntil: 1470, // 00:30 next day
};
export const MALAM: ShiftType = {
  code: 'M',
  name: 'Malam',
  start: 1260,
  end: 420,
  checkInFrom: 1140, // 19:00
  checkInUntil: 1500, // 01:00 next day
  checkOutFrom: 1740, // 05:00 next day
  checkOutUntil: 2100, // 11:00 next day
};
export const SHIFTS = new Map([PAGI, SIANG, MALAM].map((s) => [s.code, s]));

export const CALENDAR = holidayCalendar(HOLIDAYS_2026);

export function officeCtx(extra: Partial<PlanContext> = {}): PlanContext {
  return {
    employeeId: 7,
    unitChain: DINAS_CHAIN,
    schedules: [FIVE_DAY, SIX_DAY],
    holidays: CALENDAR,
    ...extra,
  };
}

let seq = 0;

/** An event at local 'HH:MM' or 'HH:MM:SS' (optionally '.mmm') on `date` in `zone`. */
export function punch(
  kind: 'in' | 'out',
  date: string,
  time: string,
  opts: Partial<AttendanceEvent> & { zone?: Zone } = {},
): AttendanceEvent {
  const { zone = 'Asia/Jakarta', ...rest } = opts;
  const [hm, secPart = '0'] = [time.slice(0, 5), time.slice(6)];
  const minutes = parseHHMM(hm);
  if (minutes === null) throw new Error(`bad time ${time}`);
  const at = zonedToInstant(date, minutes, zone) + Math.round(Number(secPart || '0') * 1000);
  seq++;
  return { id: `e${seq}`, employeeId: 7, kind, at, source: 'app', fence: 'inside', ...rest };
}

export interface StatusOpts {
  leaves?: LeaveGrant[];
  incidents?: Incident[];
  ruleSets?: RuleSet[];
  /** Judge the days at this instant (a day in progress). */
  asOf?: number;
}

/** Statuses of `from`..`to` for the context, with events and options. */
export function statuses(
  ctx: PlanContext,
  from: string,
  to: string,
  events: AttendanceEvent[],
  opts: StatusOpts = {},
): DayStatus[] {
  return dayStatuses({
    plans: planRange(ctx, from, to),
    events,
    leaves: opts.leaves ?? [],
    incidents: incidentWindows(opts.incidents ?? [], ctx.employeeId, ctx.unitChain),
    ruleSets: opts.ruleSets ?? [PERMENTAN_68_2012],
    ...(opts.asOf !== undefined && { asOf: opts.asOf }),
  });
}

/** The status of one date (planned with a day either side, so night shifts resolve). */
export function statusOn(
  ctx: PlanContext,
  date: string,
  events: AttendanceEvent[],
  opts: StatusOpts = {},
): DayStatus {
  const list = statuses(ctx, addDays(date, -1), addDays(date, 1), events, opts);
  return list[1]!;
}
