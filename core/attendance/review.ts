/**
 * Whether a punch counts for pay, when that is an admin's call (issue 10 item 5).
 *
 * A punch the fence judged 'outside' counts by itself only when the rule set says so
 * (`acceptOutsideFence`); the presets do not, so such a punch waits for an admin's
 * review. The admin's latest decision (migration 0022 punch_reviews, append-only: a later
 * decision is a new row and replaces the earlier one) then settles it:
 * - accepted: the punch counts, inside the fence or not;
 * - rejected: the punch never counts, whatever the rule set;
 * - no decision: as the rule set says; an outside punch it does not accept is pending.
 *
 * The phone's answer at the press, the admin's review queue and the daily status all
 * ask these functions, so they cannot disagree.
 */
import type { AttendanceEvent, RuleSet } from './types.js';

/** Where a punch stands for pay. */
export type PunchStanding =
  /** It counts as recorded (no review needed, or the rule set accepts it). */
  | 'counts'
  /** It counts only once an admin accepts it. */
  | 'pending'
  /** An admin accepted it: it counts. */
  | 'accepted'
  /** An admin rejected it: it does not count. */
  | 'rejected';

/** Why a punch waits for a review: outside the fence, and the rule set does not count such punches. */
export type ReviewCause = 'outside_fence';

/**
 * The cause that makes a punch wait for a review under `rules`, or null when it counts by
 * itself. `rules` null (no rule set in force yet) is read as the presets read it: an
 * outside punch waits, so the phone never promises what a rule set may refuse.
 *
 * @example reviewCause({ fence: 'outside' }, PERMENTAN_68_2012) // 'outside_fence'
 */
export function reviewCause(
  e: Pick<AttendanceEvent, 'fence'>,
  rules: Pick<RuleSet, 'acceptOutsideFence'> | null,
): ReviewCause | null {
  if (e.fence === 'outside' && !(rules?.acceptOutsideFence ?? false)) return 'outside_fence';
  return null;
}

/**
 * Where a punch stands for pay under `rules`, given its review decision.
 *
 * @example punchStanding({ fence: 'outside', review: { decision: 'accepted', … } }, PERMENTAN_68_2012) // 'accepted'
 */
export function punchStanding(
  e: Pick<AttendanceEvent, 'fence' | 'review'>,
  rules: Pick<RuleSet, 'acceptOutsideFence'> | null,
): PunchStanding {
  if (e.review) return e.review.decision;
  return reviewCause(e, rules) === null ? 'counts' : 'pending';
}

/** Whether a punch in that standing counts for pay. */
export function standingCounts(s: PunchStanding): boolean {
  return s === 'counts' || s === 'accepted';
}

/**
 * Whether an admin may decide on this punch at all: one the fence judged 'outside' — a
 * phone outside every fence of the employee, or a fingerprint machine or kiosk at a site
 * that is not theirs — whatever the rule set (a rule set that accepts outside punches
 * still lets an admin reject one). Admin entries and corrections have an author already.
 */
export function isReviewable(e: Pick<AttendanceEvent, 'fence'>): boolean {
  return e.fence === 'outside';
}
