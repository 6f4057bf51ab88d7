/**
 * Whether a punch counts for pay, when that is an admin's call (issue 10 item 5, issue 9
 * item 2).
 *
 * Two kinds of doubt make a punch wait for an admin's review:
 * - where: a punch the fence judged 'outside' counts by itself only when the rule set says
 *   so (`acceptOutsideFence`); the presets do not;
 * - when: a punch whose time rests on the phone's claim (AttendanceEvent.timeCause, decided
 *   by the server at ingest with {@link timeCauseOf}) does what the rule set's
 *   `unverifiedTime` says — 'count', 'review' (the default and the presets'), or 'reject'.
 *
 * The admin's latest decision (migration 0022 punch_reviews, append-only: a later
 * decision is a new row and replaces the earlier one) then settles it:
 * - accepted: the punch counts, inside the fence or not, whatever its time;
 * - rejected: the punch never counts, whatever the rule set;
 * - no decision: as the rule set says; a punch it does not count by itself is pending
 *   ('review') or rejected by the rule set ('reject', no reviewer named).
 *
 * The phone's answer at the press, the admin's review queue and the daily status all
 * ask these functions, so they cannot disagree.
 */
import type { AttendanceEvent, RuleSet, TimeCause, UnverifiedTimeRule } from './types.js';

/** Where a punch stands for pay. */
export type PunchStanding =
  /** It counts as recorded (no review needed, or the rule set accepts it). */
  | 'counts'
  /** It counts only once an admin accepts it. */
  | 'pending'
  /** An admin accepted it: it counts. */
  | 'accepted'
  /** An admin rejected it, or the rule set refuses it ('reject'): it does not count. */
  | 'rejected';

/**
 * Why a punch waits for a review: outside the fence, and the rule set does not count such
 * punches; or its time is in doubt ({@link TimeCause}) and the rule set does not count
 * such punches by itself.
 */
export type ReviewCause = 'outside_fence' | TimeCause;

/** The rule-set fields these functions read. */
export type ReviewRules = Pick<RuleSet, 'acceptOutsideFence' | 'unverifiedTime'>;

/** The facts of a punch these functions read. */
export type ReviewFacts = Pick<AttendanceEvent, 'fence'> & Partial<Pick<AttendanceEvent, 'timeCause'>>;

/** What `rules` does with a punch whose time is in doubt; null rules and an absent setting read as 'review'. */
export function unverifiedTimeRule(rules: Pick<RuleSet, 'unverifiedTime'> | null): UnverifiedTimeRule {
  return rules?.unverifiedTime ?? 'review';
}

/**
 * The cause that makes a punch wait for a review (or be refused) under `rules`, or null
 * when it counts by itself. `rules` null (no rule set in force yet) is read as the presets
 * read it: an outside punch and a punch whose time is in doubt wait, so the phone never
 * promises what a rule set may refuse. The fence is named first when both apply.
 *
 * @example reviewCause({ fence: 'outside' }, PERMENTAN_68_2012) // 'outside_fence'
 * @example reviewCause({ fence: 'inside', timeCause: 'time_unverified' }, PERMENTAN_68_2012) // 'time_unverified'
 */
export function reviewCause(e: ReviewFacts, rules: ReviewRules | null): ReviewCause | null {
  if (e.fence === 'outside' && !(rules?.acceptOutsideFence ?? false)) return 'outside_fence';
  if (e.timeCause && unverifiedTimeRule(rules) !== 'count') return e.timeCause;
  return null;
}

/**
 * Where a punch stands for pay under `rules`, given its review decision.
 *
 * @example punchStanding({ fence: 'outside', review: { decision: 'accepted', … } }, PERMENTAN_68_2012) // 'accepted'
 */
export function punchStanding(
  e: ReviewFacts & Pick<AttendanceEvent, 'review'>,
  rules: ReviewRules | null,
): PunchStanding {
  if (e.review) return e.review.decision;
  const cause = reviewCause(e, rules);
  if (cause === null) return 'counts';
  // A rule set that refuses doubtful times refuses the punch (outside the fence or not);
  // an outside punch whose time is not in doubt still waits for an admin.
  return e.timeCause && unverifiedTimeRule(rules) === 'reject' ? 'rejected' : 'pending';
}

/** Whether a punch in that standing counts for pay. */
export function standingCounts(s: PunchStanding): boolean {
  return s === 'counts' || s === 'accepted';
}

/**
 * Whether an admin may decide on this punch at all: one the fence judged 'outside' — a
 * phone outside every fence of the employee, or a fingerprint machine or kiosk at a site
 * that is not theirs — or one whose time is in doubt, whatever the rule set (a rule set
 * that counts such punches still lets an admin reject one, and one that refuses them
 * still lets an admin accept one). Admin entries and corrections have an author already.
 */
export function isReviewable(e: ReviewFacts): boolean {
  return e.fence === 'outside' || e.timeCause !== undefined;
}

/** What the server observed about a capture, to judge its time ({@link timeCauseOf}). */
export interface TimeFacts {
  /** How the time of record was established (core/wire.ts TimeSource): only 'anchor' and 'device_clock' rest on a phone. */
  timeSource: string;
  /** The time of record, epoch ms. */
  timeOfRecord: number;
  /** When the capture reached the server, epoch ms. */
  receivedAt: number;
  /**
   * The latest contact of the same device with the server after the time of record and
   * before this receipt (minus the slack), that did not deliver this capture; null when
   * none is known.
   */
  contactAt: number | null;
  /** How far a prompt receipt may lag the press and still vouch for a phone-clock time (the clock tolerance), ms. */
  toleranceMs: number;
  /** Past this delay an anchored capture is in doubt too (the capture-delay bound), ms. */
  delayBoundMs: number;
}

/**
 * Why the server doubts a capture's time, or null when it does not. A capture's time is
 * credible only between the anchor it carries (or nothing, without one) and the moment it
 * arrives, and a device that talked to the server after the claimed time without
 * delivering the capture then makes the claim suspicious:
 * - contact_gap: `contactAt` is after the time of record by more than the tolerance;
 * - time_unverified: the phone's clock, and the receipt lags it by more than the tolerance
 *   (a prompt receipt pins the time within the tolerance: it is the server's own reading);
 * - capture_delayed: an anchored time that reached the server after the delay bound.
 * Server-stamped punches (machines, kiosks dated by the server) are never in doubt here.
 *
 * @example timeCauseOf({ timeSource: 'device_clock', timeOfRecord: 0, receivedAt: 86_400_000, contactAt: null, toleranceMs: 120_000, delayBoundMs: 300_000 }) // 'time_unverified'
 */
export function timeCauseOf(f: TimeFacts): TimeCause | null {
  if (f.timeSource !== 'anchor' && f.timeSource !== 'device_clock') return null;
  const delay = f.receivedAt - f.timeOfRecord;
  if (f.contactAt !== null && f.contactAt - f.timeOfRecord > f.toleranceMs && f.contactAt < f.receivedAt)
    return 'contact_gap';
  if (f.timeSource === 'device_clock' && delay > f.toleranceMs) return 'time_unverified';
  if (delay > f.delayBoundMs) return 'capture_delayed';
  return null;
}
