/**
 * How a punch's review travels in answers (core/wire.ts PunchReviewView): at the press,
 * in the employee's day and history, and in the admin's view of a person's punches.
 * The standing comes from core/attendance/review.ts, as the daily status takes it, so the
 * phone and the report say the same.
 */
import type { Kysely } from 'kysely';
import { punchStanding, reviewCause } from '../../../core/attendance/review.js';
import type { ReviewFacts } from '../../../core/attendance/review.js';
import { ruleSetFor } from '../../../core/attendance/rules.js';
import type { AttendanceEvent, PunchReview, RuleSet, TimeCause } from '../../../core/attendance/types.js';
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

/** The stored cause of doubt about a punch's time (migration 0024), as the domain reads it. */
export function timeCauseOf(cause: string | null | undefined): TimeCause | undefined {
  return cause === 'time_unverified' || cause === 'capture_delayed' || cause === 'contact_gap'
    ? cause
    : undefined;
}

/** What review.ts reads of a stored punch row: its fence verdict and its time cause. */
export function factsOf(r: { fence_status: string; time_cause?: string | null | undefined }): ReviewFacts {
  const timeCause = timeCauseOf(r.time_cause);
  const fence = fenceOf(r.fence_status);
  return timeCause ? { fence, timeCause } : { fence };
}

/**
 * Where a punch stands on review, for an answer; undefined when it simply counts (no
 * review needed, and no decision).
 */
export function reviewView(
  facts: ReviewFacts,
  review: PunchReview | undefined,
  rules: RuleSet | null,
): PunchReviewView | undefined {
  const standing = punchStanding(review ? { ...facts, review } : facts, rules);
  if (standing === 'counts') return undefined;
  return {
    status: standing,
    cause:
      reviewCause(facts, rules) ?? (facts.fence === 'outside' ? 'outside_fence' : (facts.timeCause ?? null)),
    decidedBy: review?.by ?? null,
    reason: review?.reason ?? null,
    decidedAt: review ? new Date(review.at).toISOString() : null,
  };
}

/**
 * The review standing of each of one organisation's punch rows that has one: one query
 * for the decisions, and the rule sets only when a row is outside the fence or its time in doubt.
 */
export async function reviewViews(
  db: Kysely<Database>,
  organisationId: number | undefined,
  rows: readonly { id: string; fence_status: string; time_cause?: string | null; work_date: string }[],
): Promise<Map<string, PunchReviewView>> {
  const out = new Map<string, PunchReviewView>();
  if (rows.length === 0) return out;
  const decided = await latestReviews(
    db,
    rows.map((r) => r.id),
  );
  const doubtful = rows.some((r) => r.fence_status === 'outside' || !!r.time_cause);
  if (!doubtful && decided.size === 0) return out;
  const versions =
    doubtful && organisationId !== undefined ? await organisationRules(db, organisationId) : [];
  for (const r of rows) {
    const v = reviewView(factsOf(r), decided.get(r.id), rulesOn(versions, r.work_date));
    if (v) out.set(r.id, v);
  }
  return out;
}
