/**
 * Ramadan 1447 H working hours as date-range overrides. Perpres 21/2023: 32 h 30 min a
 * week during Ramadan, start 08:00; the hours below follow the SE MenPANRB template
 * (5-day week Mon-Thu 08:00-15:00, Fri 08:00-15:30; 6-day week Mon-Thu and Sat
 * 08:00-14:00, Fri 08:00-14:30). 1 Ramadan 1447 H = 19 February 2026 and Idul Fitri is
 * 21 March, so the last fasting day is 20 March. Data: a region sets its own hours.
 */
import type { ScheduleOverride, WeekDays, WorkDay } from './types.js';

export const RAMADAN_2026 = Object.freeze({ from: '2026-02-19', to: '2026-03-20' });

/** A working day with check-in from 90 min before the start to 150 min after, check-out 2 h before to 4 h after. */
export function officeDay(start: number, end: number): WorkDay {
  return {
    start,
    end,
    checkInFrom: start - 90,
    checkInUntil: start + 150,
    checkOutFrom: end - 120,
    checkOutUntil: Math.min(1440, end + 240),
  };
}

/** SE MenPANRB Ramadan template, 5-day week: Mon-Thu 08:00-15:00, Fri 08:00-15:30. */
export const RAMADAN_FIVE_DAY: WeekDays = Object.freeze([
  officeDay(480, 900),
  officeDay(480, 900),
  officeDay(480, 900),
  officeDay(480, 900),
  officeDay(480, 930),
  null,
  null,
]) as unknown as WeekDays;

/** SE MenPANRB Ramadan template, 6-day week: Mon-Thu and Sat 08:00-14:00, Fri 08:00-14:30. */
export const RAMADAN_SIX_DAY: WeekDays = Object.freeze([
  officeDay(480, 840),
  officeDay(480, 840),
  officeDay(480, 840),
  officeDay(480, 840),
  officeDay(480, 870),
  officeDay(480, 840),
  null,
]) as unknown as WeekDays;

/**
 * The Ramadan 2026 override for some units (null = all).
 *
 * @example ramadanOverride2026(1, null, 'five_day').from // '2026-02-19'
 */
export function ramadanOverride2026(
  id: number,
  unitIds: readonly number[] | null,
  week: 'five_day' | 'six_day',
): ScheduleOverride {
  return {
    id,
    name: week === 'five_day' ? 'Ramadan 1447 H (5 hari kerja)' : 'Ramadan 1447 H (6 hari kerja)',
    from: RAMADAN_2026.from,
    to: RAMADAN_2026.to,
    unitIds,
    days: week === 'five_day' ? RAMADAN_FIVE_DAY : RAMADAN_SIX_DAY,
  };
}
