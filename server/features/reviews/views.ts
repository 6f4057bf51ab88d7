/**
 * How a punch's review travels in answers (core/wire.ts PunchReviewView): at the press,
 * in the employee's day and history, and in the admin's view of a person's punches.
 * The standing comes from core/attendance/review.ts, as the daily status takes it, so the
 * phone and the report say the same.
 */
import type { Kysely } from 'kysely';
import { punchStanding } from '../../../core/attendance/review.js';
import { ruleSetFor } from '../../../core/attendance/rules.js';
import type { AttendanceEvent, PunchReview, RuleSet } from '../../../core/attendance/types.js';
import type { PunchReviewView } from '../../../core/wire.js';
import type { Database } from '../../platform/db/schema.js';
import { listRuleSets } from '../rules/store.js';
import { latestReviews } from './store.js';

/** An organisation's rule set versions (its root unit's). */
export async function organisationRules(db: Kysely<Database>, organisationId: number): Promise<RuleSet[]> {
  return (await listRuleSets(db, organisationId)).map((s) => s.rules);
}

/** The version in force on `date`, or null when none is yet. */
export function rulesOn(versions: readonly RuleSet[], date: string): RuleSet | null {
  return versions.some((r) => r.effectiveFrom <= date) ? ruleSetFor(versions, date) : null;
}

/** The fence verdict of a stored punch as the domain reads it. */
export function fenceOf(status: string): AttendanceEvent['fence'] {
  return status === 'inside' || status === 'outside' || status === 'no_location' ? status : null;
}

/**
 * Where a punch stands on review, for an answer; undefined when it simply counts (no
 * review needed, and no decision).
 */
export function reviewView(
  fence: AttendanceEvent['fence'],
  review: PunchReview | undefined,
  rules: RuleSet | null,
): PunchReviewView | undefined {
  const standing = punchStanding(review ? { fence, review } : { fence }, rules);
  if (standing === 'counts') return undefined;
  return {
    status: standing,
    cause: fence === 'outside' ? 'outside_fence' : null,
    decidedBy: review?.by ?? null,
    reason: review?.reason ?? null,
    decidedAt: review ? new Date(review.at).toISOString() : null,
  };
}

/**
 * The review standing of each of one organisation's punch rows that has one: one query
 * for the decisions, and the rule sets only when a row is outside the fence.
 */
export async function reviewViews(
  db: Kysely<Database>,
  organisationId: number | undefined,
  rows: readonly { id: string; fence_status: string; work_date: string }[],
): Promise<Map<string, PunchReviewView>> {
  const out = new Map<string, PunchReviewView>();
  if (rows.length === 0) return out;
  const decided = await latestReviews(
    db,
    rows.map((r) => r.id),
  );
  const outside = rows.some((r) => r.fence_status === 'outside');
  if (!outside && decided.size === 0) return out;
  const versions = outside && organisationId !== undefined ? await organisationRules(db, organisationId) : [];
  for (const r of rows) {
    const v = reviewView(fenceOf(r.fence_status), decided.get(r.id), rulesOn(versions, r.work_date));
    if (v) out.set(r.id, v);
  }
  return out;
}
