/**
 * Weekly schedules. Perpres 21/2023 sets the national frame (5 days, 37.5 h a week, start
 * 07:30 local) but the regional head sets the actual hours per unit (6-day puskesmas,
 * Ramadan hours…), so a schedule belongs to a unit, applies from a date, and is inherited
 * by sub-units that have none of their own.
 */
import type { ErrorDetail, Result } from './errors.js';
import type { Unit, WeeklySchedule, WorkDay } from './model.js';
import { weekdayOf } from './time.js';

/**
 * The schedule in force on `date` for the first unit of `chain` (self, parent, …, root):
 * the nearest unit that has a schedule with `effectiveFrom ≤ date` wins, and within that
 * unit the latest `effectiveFrom` (ties: the higher id, i.e. the later entry). A schedule
 * effective next month does not apply today, and does not hide the parent's either.
 *
 * @example scheduleFor(schedules, unitChain(units, puskesmasId), '2026-03-02')
 */
export function scheduleFor(
  schedules: readonly WeeklySchedule[],
  chain: readonly Unit[],
  date: string,
): WeeklySchedule | null {
  for (const unit of chain) {
    let best: WeeklySchedule | null = null;
    for (const s of schedules) {
      // 'YYYY-MM-DD' strings compare in calendar order.
      if (s.unitId !== unit.id || s.effectiveFrom > date) continue;
      if (
        best === null ||
        s.effectiveFrom > best.effectiveFrom ||
        (s.effectiveFrom === best.effectiveFrom && s.id > best.id)
      ) {
        best = s;
      }
    }
    if (best) return best;
  }
  return null;
}

/**
 * The working day of `schedule` on `date`, or null on a day off.
 *
 * @example workDayFor(fiveDayWeek, '2026-03-07') // null (a Saturday)
 */
export function workDayFor(schedule: WeeklySchedule, date: string): WorkDay | null {
  return schedule.days[weekdayOf(date) - 1] ?? null;
}

const FIELDS = ['start', 'end', 'checkInFrom', 'checkInUntil', 'checkOutFrom', 'checkOutUntil'] as const;

/**
 * Checks a working day: every time an integer in 0..1440 (reason 'range'), start < end
 * ('order' on end), and each window contains its edge of the day — checkInFrom ≤ start ≤
 * checkInUntil and checkOutFrom ≤ end ≤ checkOutUntil ('window'), otherwise lateness or
 * early leave could never be recorded. Days crossing midnight (night shifts) are not
 * expressible here. Each problem is a detail; window problems are only reported once
 * the times themselves are in range and in order.
 *
 * @example validateWorkDay({ start: 450, end: 960, checkInFrom: 360, checkInUntil: 600,
 *   checkOutFrom: 840, checkOutUntil: 1200 }) // ok
 */
export function validateWorkDay(d: WorkDay): Result<WorkDay> {
  const details: ErrorDetail[] = [];
  for (const f of FIELDS) {
    const v = d[f];
    if (!Number.isInteger(v) || v < 0 || v > 1440) details.push({ field: f, reason: 'range' });
  }
  if (details.length === 0 && d.start >= d.end) details.push({ field: 'end', reason: 'order' });
  if (details.length === 0) {
    if (d.checkInFrom > d.start) details.push({ field: 'checkInFrom', reason: 'window' });
    if (d.checkInUntil < d.start) details.push({ field: 'checkInUntil', reason: 'window' });
    if (d.checkOutFrom > d.end) details.push({ field: 'checkOutFrom', reason: 'window' });
    if (d.checkOutUntil < d.end) details.push({ field: 'checkOutUntil', reason: 'window' });
  }
  return details.length === 0 ? { ok: true, value: d } : { ok: false, error: 'invalid_body', details };
}
