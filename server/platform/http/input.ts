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

/** Longest date range a list query may ask for, both ends included. */
export const MAX_RANGE_DAYS = 366;

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
