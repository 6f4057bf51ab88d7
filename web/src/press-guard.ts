/**
 * When a press of the main button needs a second, deliberate tap: a check-out that would
 * leave early by more than a few minutes, or a press right after the previous one (a
 * double tap, or a second tap on the button that has just turned from "Absen Masuk" into
 * "Absen Pulang"). A punch cannot be taken back by the employee, so the page asks first.
 */
import type { PunchKind } from '../../core/model.js';
import type { ScheduleDayView } from '../../core/wire.js';

/** A check-out earlier than this many minutes before the end of the day is asked about. */
export const EARLY_CONFIRM_MINUTES = 5;

/** A press this soon after the previous one is asked about, whatever its kind. */
export const REPEAT_CONFIRM_MS = 60_000;

export type PressQuestion =
  /** The previous press was `secondsAgo` seconds ago and was a `previous`. */
  | { reason: 'repeat'; previous: PunchKind; secondsAgo: number; earlyMinutes: number }
  /** A check-out `earlyMinutes` before the end of the day (`end`, 'HH:MM'). */
  | { reason: 'early'; earlyMinutes: number; end: string };

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Minutes a check-out at `minute` (minute of the site's day) leaves before `day` ends; 0
 * when it is not early. A day that ends past midnight (a night shift) ends on the next
 * calendar day: a check-out after its start counts to the end of the next morning.
 */
export function earlyMinutes(day: ScheduleDayView, minute: number): number {
  const start = toMinutes(day.start);
  const end = toMinutes(day.end);
  if (end > start) return Math.max(0, end - minute);
  if (minute >= start) return end + 1440 - minute;
  return Math.max(0, end - minute);
}

/**
 * The question to ask before a press of `kind`, or null to press at once. `minute` is the
 * minute of the site's day now, `lastPress` the previous press on this phone (its kind
 * and instant, ms) and `now` the instant now (ms, the same clock).
 */
export function pressQuestion(opts: {
  kind: PunchKind;
  day: ScheduleDayView | null;
  minute: number;
  lastPress: { kind: PunchKind; at: number } | null;
  now: number;
}): PressQuestion | null {
  const early = opts.kind === 'out' && opts.day !== null ? earlyMinutes(opts.day, opts.minute) : 0;
  const last = opts.lastPress;
  if (last !== null && opts.now - last.at >= 0 && opts.now - last.at < REPEAT_CONFIRM_MS) {
    return {
      reason: 'repeat',
      previous: last.kind,
      secondsAgo: Math.max(1, Math.round((opts.now - last.at) / 1000)),
      earlyMinutes: early,
    };
  }
  if (opts.day !== null && early > EARLY_CONFIRM_MINUTES) {
    return { reason: 'early', earlyMinutes: early, end: opts.day.end };
  }
  return null;
}
