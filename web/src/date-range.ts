/**
 * Calendar helpers of the request forms and the recap: date ranges of a leave request
 * and the month switcher. Dates are 'YYYY-MM-DD' in the work site's calendar, months
 * 'YYYY-MM'.
 *
 * @example rangeDays('2026-03-02', '2026-03-04') // 3
 */
import { daysBetween, isValidDate } from '../../core/time.js';

export type RangeProblem = 'missing' | 'order';

/** What is wrong with a from/to pair, or null when it is a usable range. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!isValidDate(from) || !isValidDate(to)) return 'missing';
  return to < from ? 'order' : null;
}

/** Calendar days from `from` to `to` inclusive, or null when the range is not usable. */
export function rangeDays(from: string, to: string): number | null {
  return rangeProblem(from, to) === null ? daysBetween(from, to) + 1 : null;
}

/** Whether `month` is a 'YYYY-MM' with a real month. */
export function isMonth(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}

/** The month `n` months after (before, when negative) `month`. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = (y ?? 1970) * 12 + ((m ?? 1) - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** The month of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Minutes after midnight of 'HH:MM', or null when it is not a time of day. */
export function timeMinutes(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
