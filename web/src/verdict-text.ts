/**
 * A check-in answer in words: where (inside which location, or how far outside) and
 * when (on time, late or early by N minutes, outside the window), and what an admin's
 * review does with it: a punch outside the work site that the rule set counts only once
 * an admin accepts it says so instead of "on time" (and so does one whose time the server
 * could not verify: no anchor, a late arrival, or a contact that did not deliver it), and
 * a decision says who made it and why (the server's `review`, as the daily list and the exports read it).
 */
import type { CheckInResponse } from '../../core/wire.js';
import { formatDistance, shortTime, t, type Lang } from './i18n.js';

export function recordedLine(lang: Lang, r: CheckInResponse): string {
  return t(lang, r.kind === 'in' ? 'recordedIn' : 'recordedOut', { time: shortTime(r.localTime) });
}

export function fenceLine(lang: Lang, r: CheckInResponse): string {
  const name = r.fence.locationName ?? '';
  switch (r.fence.status) {
    case 'inside':
      return t(lang, r.fence.byAccuracy ? 'fenceInsideByAccuracy' : 'fenceInside', { name });
    case 'outside':
      return t(lang, 'fenceOutside', { name, dist: formatDistance(lang, r.fence.distanceM) });
    case 'no_location':
      return t(lang, 'fenceNoLocation');
  }
}

/** The admin's review in words, or null when the punch simply counts. */
export function reviewLine(lang: Lang, r: CheckInResponse): string | null {
  const review = r.review;
  if (!review) return null;
  const by = review.decidedBy ?? 'admin';
  const reason = review.reason ?? '';
  const timeCause = review.cause !== null && review.cause !== 'outside_fence';
  switch (review.status) {
    case 'pending':
      return t(lang, timeCause ? 'reviewPendingTime' : 'reviewPending');
    case 'accepted':
      return t(lang, 'reviewAccepted', { by, reason });
    case 'rejected':
      // No admin named: the rule set refuses punches whose time the server could not verify.
      if (review.decidedBy === null) return t(lang, 'reviewRejectedByRules');
      return t(lang, 'reviewRejected', { by, reason });
  }
}

/**
 * One or two lines: the window, and the lateness or early leave when there is some. A
 * punch waiting for an admin's review says so in place of "on time"; a rejected one says
 * only that it does not count; an accepted one adds who accepted it.
 */
export function timingLines(lang: Lang, r: CheckInResponse): string[] {
  const review = reviewLine(lang, r);
  if (review !== null && r.review?.status === 'rejected') return [review];
  const lines = punchTimingLines(lang, r);
  if (review === null) return lines;
  if (r.review?.status === 'accepted') return [...lines, review];
  const onTime = t(lang, 'onTime');
  return [review, ...lines.filter((l) => l !== onTime)];
}

function punchTimingLines(lang: Lang, r: CheckInResponse): string[] {
  const minutes: string[] = [];
  if (r.kind === 'in' && r.timing.lateMinutes > 0)
    minutes.push(t(lang, 'lateBy', { n: r.timing.lateMinutes }));
  if (r.kind === 'out' && r.timing.earlyMinutes > 0)
    minutes.push(t(lang, 'earlyBy', { n: r.timing.earlyMinutes }));
  switch (r.timing.window) {
    case 'ok':
      return minutes.length > 0 ? minutes : [t(lang, 'onTime')];
    case 'before_window':
      return [t(lang, 'beforeWindow'), ...minutes];
    case 'after_window':
      return [t(lang, 'afterWindow'), ...minutes];
    case 'day_off':
      return [t(lang, 'verdictDayOff')];
    case 'no_schedule':
      return [t(lang, 'verdictNoSchedule')];
  }
}

/**
 * True when the verdict needs the employee's attention (outside, unless an admin accepted
 * it; rejected; late, early, out of window, no selfie).
 */
export function isWarning(r: CheckInResponse): boolean {
  return (
    r.flags.includes('selfie_missing') ||
    r.review?.status === 'rejected' ||
    r.review?.status === 'pending' ||
    (r.fence.status !== 'inside' && r.review?.status !== 'accepted') ||
    r.timing.window !== 'ok' ||
    r.timing.lateMinutes > 0 ||
    r.timing.earlyMinutes > 0
  );
}

/** The review flags the employee should know about, in words (e.g. a missing selfie). */
export function flagLines(lang: Lang, r: CheckInResponse): string[] {
  const lines: string[] = [];
  if (r.flags.includes('selfie_missing')) lines.push(t(lang, 'flagSelfieMissing'));
  if (r.flags.includes('time_unverified')) lines.push(t(lang, 'flagTimeUnverified'));
  if (r.flags.includes('capture_delayed')) lines.push(t(lang, 'flagDelayed'));
  return lines;
}
