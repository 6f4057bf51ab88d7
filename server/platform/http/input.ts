/**
 * Strict reading of the dates and instants a request carries, the one way every endpoint
 * does it: a date is a real 'YYYY-MM-DD' calendar date, an instant a real
 * RFC 3339 moment with a zone, read by core/time.ts's parser, the one the check-in path
 * uses. '2026-02-30' and '2026-02-30T10:00Z' are refused as `invalid_date` naming the
 * field, never stored as 2 March. The schemas only check the shape; these check the
 * calendar.
 */
import { AppError } from '../../../core/errors.js';
import { daysBetween, isValidDate, parseInstant } from '../../../core/time.js';

function refuse(field: string, reason = 'format'): never {
  throw new AppError('invalid_date', { details: [{ field, reason }] });
}

/** `s` when it is a real calendar date; otherwise 400 invalid_date naming `field`. */
export function requireDate(s: string, field: string): string {
  if (!isValidDate(s)) refuse(field);
  return s;
}

/**
 * Epoch ms of `s` when it is a real instant with a zone (seconds may be left out:
 * '2026-03-02T07:30+07:00'); otherwise 400 invalid_date naming `field`.
 */
export function requireInstant(s: string, field: string): number {
  const ms = parseInstant(s, { secondsOptional: true });
  if (ms === null) refuse(field);
  return ms;
}

/**
 * A period of real dates in order: `to` null is open-ended; `to` before `from` is refused
 * as invalid_body `before_from` on `fields[1]`.
 */
export function requirePeriod(from: string, to: string | null, fields: readonly [string, string]): void {
  requireDate(from, fields[0]);
  if (to === null) return;
  requireDate(to, fields[1]);
  if (to < from)
    throw new AppError('invalid_body', { details: [{ field: fields[1], reason: 'before_from' }] });
}

/** A window of instants, `to` strictly after `from`: the epoch ms of both. */
export function requireWindow(
  from: string,
  to: string,
  fields: readonly [string, string],
): { from: number; to: number } {
  const [a, b] = [requireInstant(from, fields[0]), requireInstant(to, fields[1])];
  if (b <= a) throw new AppError('invalid_body', { details: [{ field: fields[1], reason: 'before_from' }] });
  return { from: a, to: b };
}

/**
 * Longest date range any request may name, both ends included (a leap year): a list
 * query, and every body whose period is expanded day by day (rotations, roster entries,
 * swaps, leave, overrides, incident windows). OWASP ASVS 5.0 2.4.1 (no overuse of costly
 * resources by one call), 2.3.2 (business limits as documented) and 2.2.1 (input checked
 * against its expected limits), before anything is loaded or expanded.
 */
export const MAX_RANGE_DAYS = 366;

/** Whether `from`..`to` (real dates, in order) spans more than {@link MAX_RANGE_DAYS} days. */
export function tooLong(from: string, to: string): boolean {
  return daysBetween(from, to) + 1 > MAX_RANGE_DAYS;
}

/**
 * A body's period as {@link requirePeriod} checks it, with both ends required and at most
 * {@link MAX_RANGE_DAYS} days long; a longer one is refused as invalid_date_range
 * `too_long` on `fields[1]`, before anything is loaded or expanded.
 */
export function requireBoundedPeriod(from: string, to: string, fields: readonly [string, string]): void {
  requirePeriod(from, to, fields);
  if (tooLong(from, to))
    throw new AppError('invalid_date_range', { details: [{ field: fields[1], reason: 'too_long' }] });
}

/**
 * A query's `from`..`to`: real dates, in order, at most {@link MAX_RANGE_DAYS} days; else
 * 400 invalid_date_range naming the field (`from` or `to`).
 */
export function requireRange(q: { from: string; to: string }): { from: string; to: string } {
  const bad = (field: string, reason: string): never => {
    throw new AppError('invalid_date_range', { details: [{ field, reason }] });
  };
  if (!isValidDate(q.from)) bad('from', 'format');
  if (!isValidDate(q.to)) bad('to', 'format');
  const span = daysBetween(q.from, q.to);
  if (span < 0) bad('to', 'before_from');
  if (span + 1 > MAX_RANGE_DAYS) bad('to', 'too_long');
  return { from: q.from, to: q.to };
}

/**
 * A window of instants as {@link requireWindow} reads it, at most {@link MAX_RANGE_DAYS}
 * days long; a longer one is refused as invalid_date_range `too_long` on `fields[1]`.
 */
export function requireBoundedWindow(
  from: string,
  to: string,
  fields: readonly [string, string],
): { from: number; to: number } {
  const w = requireWindow(from, to, fields);
  if (w.to - w.from > MAX_RANGE_DAYS * 86_400_000)
    throw new AppError('invalid_date_range', { details: [{ field: fields[1], reason: 'too_long' }] });
  return w;
}
