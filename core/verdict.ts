/**
 * The verdict on one punch (check-in or check-out): where it was and how it stands against
 * the schedule. The server stores it with the punch and the phone computes the same
 * verdict offline, so both must run this one function.
 *
 * Conventions (recorded here because TPP deduction bands depend on them, see DOMAIN
 * "Lateness and early-leave bands"):
 * - Everything is evaluated in the work site's zone; the work date is the site's date.
 * - Lateness counts whole minutes completed after the start: 07:30:59 against 07:30 is
 *   0 minutes, 07:31:00 is 1. So band "1 to <31 min" starts at 07:31:00.
 * - Early leave counts whole minutes completed before the end: 15:59:00 against 16:00 is
 *   1 minute, 15:59:30 is 0.
 * - Windows are inclusive at minute precision: checkInUntil 09:00 accepts 09:00:59.
 * - No grace minutes here: a tolerance is a rule of the TPP recap, not of the punch.
 */
import type {
  Location,
  PunchKind,
  PunchVerdict,
  Position,
  TimingVerdict,
  Unit,
  WeeklySchedule,
  WorkDay,
  Zone,
} from './model.js';
import { evaluateFence } from './geo.js';
import { scheduleFor, workDayFor } from './schedule.js';
import { sitesOn } from './sites.js';
import { formatHHMM, localParts } from './time.js';
import type { LocalParts } from './time.js';

export interface PunchInput {
  kind: PunchKind;
  /** Instant of the press (epoch ms), as captured by the phone or the machine. */
  at: number;
  position: Position;
}

export interface EmployeeContext {
  /** The employee's unit first, then its ancestors (see org.ts unitChain). */
  unitChain: Unit[];
  /** The employee's assigned locations; inactive ones and those out of their date range are ignored. */
  locations: Location[];
  /** Schedules of the units in the chain (others are ignored). */
  schedules: WeeklySchedule[];
  /**
   * The working day that applies on a local date once overrides (Ramadan), the person's
   * own schedule and holidays are taken into account (core/attendance/plan.ts
   * officeDayOn): the hours, null for a day off, 'holiday' for a holiday off, undefined
   * to fall back to the weekly `schedules`. Absent (the phone, old callers): weekly only.
   * Rosters (shift work) are not part of it.
   */
  dayFor?: (date: string) => WorkDay | null | 'holiday' | undefined;
}

/**
 * The timing part of a verdict at local time `local` under `schedules`.
 *
 * `dayFor` (see EmployeeContext) decides the day when it answers; otherwise the weekly
 * schedules do.
 *
 * @example timingAt('in', localParts(at, 'Asia/Makassar'), schedules, chain).lateMinutes
 */
export function timingAt(
  kind: PunchKind,
  local: LocalParts,
  schedules: readonly WeeklySchedule[],
  chain: readonly Unit[],
  dayFor?: EmployeeContext['dayFor'],
): TimingVerdict {
  let day: WorkDay | null;
  const resolved = dayFor ? dayFor(local.date) : undefined;
  if (resolved !== undefined) {
    day = resolved === 'holiday' ? null : resolved;
  } else {
    const schedule = scheduleFor(schedules, chain, local.date);
    if (!schedule) {
      return {
        window: 'no_schedule',
        lateMinutes: 0,
        earlyMinutes: 0,
        scheduledStart: null,
        scheduledEnd: null,
      };
    }
    day = workDayFor(schedule, local.date);
  }
  if (!day) {
    return { window: 'day_off', lateMinutes: 0, earlyMinutes: 0, scheduledStart: null, scheduledEnd: null };
  }
  const from = kind === 'in' ? day.checkInFrom : day.checkOutFrom;
  const until = kind === 'in' ? day.checkInUntil : day.checkOutUntil;
  const window = local.minutes < from ? 'before_window' : local.minutes > until ? 'after_window' : 'ok';
  const secondOfDay = local.minutes * 60 + local.seconds;
  const lateMinutes = kind === 'in' ? Math.max(0, Math.floor((secondOfDay - day.start * 60) / 60)) : 0;
  const earlyMinutes = kind === 'out' ? Math.max(0, Math.floor((day.end * 60 - secondOfDay) / 60)) : 0;
  return {
    window,
    lateMinutes,
    earlyMinutes,
    scheduledStart: formatHHMM(day.start),
    scheduledEnd: formatHHMM(day.end),
  };
}

/**
 * Evaluates a punch. The zone is the matched location's (or, when outside, the nearest
 * location's); with no location at all, the employee's unit's zone. Throws on an empty
 * unit chain: every employee belongs to a unit, so that is a bug.
 *
 * @example
 *   evaluatePunch({ kind: 'in', at: Date.UTC(2026, 2, 1, 23, 31), position }, ctx)
 *   // at a WITA site with start 07:30: { workDate: '2026-03-02', zone: 'Asia/Makassar',
 *   //   localTime: '07:31:00', timing: { window: 'ok', lateMinutes: 1, … }, fence: … }
 */
export function evaluatePunch(
  input: PunchInput,
  ctx: EmployeeContext,
  opts: { accuracyCreditMaxM?: number } = {},
): PunchVerdict {
  const unit = ctx.unitChain[0];
  if (!unit) throw new Error('evaluatePunch: empty unit chain');
  // Sites with a date range (WFH, dinas luar) count only on their dates, taken in the
  // unit's zone (the site's own zone is not known before the fence has matched).
  const ranged = ctx.locations.some((l) => l.validFrom != null || l.validTo != null);
  const locations = ranged ? sitesOn(ctx.locations, localParts(input.at, unit.zone).date) : ctx.locations;
  const fence = evaluateFence(input.position, locations, opts);
  const site = fence.locationId === null ? undefined : locations.find((l) => l.id === fence.locationId);
  const zone: Zone = site ? site.zone : unit.zone;
  const local = localParts(input.at, zone);
  return {
    workDate: local.date,
    zone,
    localTime: local.time,
    fence,
    timing: timingAt(input.kind, local, ctx.schedules, ctx.unitChain, ctx.dayFor),
  };
}
