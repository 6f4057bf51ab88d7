/**
 * Limits over all of a person's requests, not one request at a time (issue 9 item 6):
 *
 * - A yearly entitlement (cuti tahunan: 12 working days, PP 11/2017) holds over every
 *   pending and approved grant of the type in each calendar year a request touches; a
 *   request across the year end counts its days in each year.
 * - Two of a person's requests (pending or approved, of any type) never share a day.
 * - A correction (koreksi absen) reaches back at most the rule set's
 *   `correctionMaxDays` (default CORRECTION_MAX_DAYS_DEFAULT), so months whose recap and
 *   TPP are long paid are not reopened by an employee.
 *
 * Pure: the server counts working days with the plan and hands the counts in.
 */
import type { ErrorDetail } from '../errors.js';
import { addDays, daysBetween } from '../time.js';
import type { LeaveType, RuleSet } from './types.js';

/** A request's dates, inclusive. */
export interface DatedRequest {
  id: string;
  type: string;
  from: string;
  to: string;
}

/** A piece of a date range inside one calendar year. */
export interface YearPiece {
  year: string;
  from: string;
  to: string;
}

/**
 * `[from, to]` cut at every year end; empty when `to < from`.
 *
 * @example yearPieces('2026-12-28', '2027-01-08')
 *   // [{ year: '2026', from: '2026-12-28', to: '2026-12-31' }, { year: '2027', from: '2027-01-01', to: '2027-01-08' }]
 */
export function yearPieces(from: string, to: string): YearPiece[] {
  const out: YearPiece[] = [];
  let start = from;
  while (start <= to) {
    const year = start.slice(0, 4);
    const end = `${year}-12-31` < to ? `${year}-12-31` : to;
    out.push({ year, from: start, to: end });
    start = addDays(end, 1);
  }
  return out;
}

/** Whether two inclusive date ranges share a day. */
export function rangesOverlap(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The first of `others` (another id) sharing a day with `r`, or null. */
export function overlappingRequest<T extends DatedRequest>(r: DatedRequest, others: readonly T[]): T | null {
  return others.find((o) => o.id !== r.id && rangesOverlap(r, o)) ?? null;
}

/** Where a yearly entitlement would be exceeded. */
export interface Overrun {
  year: string;
  /** Days of the other requests of the type in that year. */
  used: number;
  /** Days of this request in that year. */
  asked: number;
  max: number;
}

/**
 * The first year in which `request` plus the `others` of its type exceed the type's
 * yearly entitlement, or null. `days(from, to)` counts a piece in the type's unit
 * (working days from the plan, or calendar days).
 *
 * @example yearlyOverrun(r, [], cutiTahunan, (f, t) => workingDays(f, t)) // null or { year, used, asked, max }
 */
export function yearlyOverrun(
  request: DatedRequest,
  others: readonly DatedRequest[],
  type: LeaveType,
  days: (from: string, to: string) => number,
): Overrun | null {
  const max = type.yearlyMaxDays;
  if (max === undefined) return null;
  const same = others.filter((o) => o.id !== request.id && o.type === request.type);
  for (const piece of yearPieces(request.from, request.to)) {
    const asked = days(piece.from, piece.to);
    let used = 0;
    for (const o of same)
      for (const p of yearPieces(o.from, o.to)) if (p.year === piece.year) used += days(p.from, p.to);
    if (used + asked > max) return { year: piece.year, used, asked, max };
  }
  return null;
}

/** The details of an overrun answer: which year, and how many days remain in it. */
export function overrunDetails(o: Overrun): ErrorDetail[] {
  return [
    { field: '/to', reason: 'yearly_max' },
    { field: '/year', reason: o.year },
    { field: '/remaining', reason: String(Math.max(0, o.max - o.used)) },
  ];
}

/** Days back a correction may reach when the rule set says nothing: about one month. */
export const CORRECTION_MAX_DAYS_DEFAULT = 31;

/** The correction window of a rule set in force (or none). */
export function correctionMaxDays(rules: Pick<RuleSet, 'correctionMaxDays'> | null): number {
  return rules?.correctionMaxDays ?? CORRECTION_MAX_DAYS_DEFAULT;
}

/**
 * Whether a correction of `workDate`, asked on `today` (both in the unit's zone), is
 * within `maxDays` back. A future date is not this rule's business.
 *
 * @example correctionInWindow('2026-02-27', '2026-03-02', 31) // true
 * @example correctionInWindow('2025-01-10', '2026-03-02', 31) // false
 */
export function correctionInWindow(workDate: string, today: string, maxDays: number): boolean {
  return workDate >= today || daysBetween(workDate, today) <= maxDays;
}
