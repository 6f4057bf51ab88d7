import { AppError } from '../../../core/errors.js';
import { localParts } from '../../../core/time.js';
import { isValidDate } from '../../../core/time.js';

/**
 * Today's date for effective dates (moves, closures, deactivations): the date in WIB,
 * the westernmost zone, so a change dated today is already due everywhere.
 */
export function todayOf(now: number): string {
  return localParts(now, 'Asia/Jakarta').date;
}

/** The date, or invalid_body with the field. */
export function requireDate(s: string, field: string): string {
  if (!isValidDate(s)) throw new AppError('invalid_body', { details: [{ field, reason: 'format' }] });
  return s;
}
