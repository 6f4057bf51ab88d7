/**
 * Weekly schedule templates a region starts from (DOMAIN "Working hours", Perpres
 * 21/2023): the 5-day week (Mon–Thu 07:30–16:00, Fri 07:30–16:30, 37.5 h with breaks)
 * and the 6-day week of schools and public-service units (Mon–Thu 07:30–14:30, Fri
 * 07:30–11:00, Sat 07:30–13:30). Friday hours are their own, since Friday prayers
 * shorten or shift the day. Check-in is allowed from 05:00 until noon (or an hour
 * before a short day ends), check-out from then until 23:59.
 */
import type { WeeklySchedule, WorkDay } from './model.js';

export const SCHEDULE_TEMPLATES = ['five_day', 'six_day'] as const;
export type ScheduleTemplate = (typeof SCHEDULE_TEMPLATES)[number];

/** A working day with the usual punch windows around its start and end (minutes). */
export function templateDay(start: number, end: number): WorkDay {
  const split = Math.min(12 * 60, end - 60);
  return {
    start,
    end,
    checkInFrom: 5 * 60,
    checkInUntil: split,
    checkOutFrom: split,
    checkOutUntil: 23 * 60 + 59,
  };
}

/**
 * The days of a template, Monday first; `friday` overrides Friday's hours, `start` the
 * start of every day.
 *
 * @example templateDays('five_day')[4] // Friday: 07:30–16:30
 */
export function templateDays(
  template: ScheduleTemplate,
  opts: { start?: number; friday?: { start: number; end: number } } = {},
): WeeklySchedule['days'] {
  const s = opts.start ?? 7 * 60 + 30;
  const fri = (end: number) =>
    opts.friday ? templateDay(opts.friday.start, opts.friday.end) : templateDay(s, end);
  if (template === 'five_day') {
    const d = templateDay(s, 16 * 60);
    return [d, d, d, d, fri(16 * 60 + 30), null, null];
  }
  const d = templateDay(s, 14 * 60 + 30);
  return [d, d, d, d, fri(11 * 60), templateDay(s, 13 * 60 + 30), null];
}
