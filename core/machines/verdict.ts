/**
 * The verdict on a press at a fingerprint machine (or a kiosk). A machine has no position of its own
 * to check: it stands at a work site, and that site stands for where the person was. The
 * press counts as inside when the site is one of the person's sites on that date, and
 * as outside (naming the machine's site) when the person pressed at a site not theirs.
 * The clock is read in the site's zone, like any punch (core/verdict.ts).
 */
import type { Location, PunchKind, PunchVerdict } from '../model.js';
import { sitesOn } from '../sites.js';
import { localParts } from '../time.js';
import { timingAt } from '../verdict.js';
import type { EmployeeContext } from '../verdict.js';
import { punchKindOf } from './adms.js';

/** Minutes since midnight splitting arrivals from departures when the day has no schedule. */
const NOON = 12 * 60;

/**
 * The kind and verdict of a press of `status` at instant `at` on a machine of `site`.
 *
 * @example machinePunch(255, Date.UTC(2026, 2, 1, 23, 31), site, ctx).kind // 'in' (07:31 WITA)
 */
export function machinePunch(
  status: number,
  at: number,
  site: Location,
  ctx: EmployeeContext,
): { kind: PunchKind; verdict: PunchVerdict } {
  const local = localParts(at, site.zone);
  // The middle of the scheduled hours splits a press without a state key.
  const probe = timingAt('in', local, ctx.schedules, ctx.unitChain, ctx.dayFor);
  const [sh, sm] = (probe.scheduledStart ?? '').split(':').map(Number);
  const [eh, em] = (probe.scheduledEnd ?? '').split(':').map(Number);
  const middle =
    probe.scheduledStart !== null && probe.scheduledEnd !== null
      ? ((sh ?? 0) * 60 + (sm ?? 0) + (eh ?? 0) * 60 + (em ?? 0)) / 2
      : NOON;
  const kind = punchKindOf(status, local.minutes, middle);
  return { kind, verdict: sitePunchVerdict(kind, at, site, ctx) };
}

/**
 * The verdict on a press of a known `kind` at instant `at` on a terminal standing at
 * `site` (a fingerprint machine, a kiosk): inside when the site is one of the person's
 * sites on that date, outside (naming the site) otherwise; the clock read in the site's zone.
 *
 * @example sitePunchVerdict('in', Date.UTC(2026, 2, 1, 23, 31), site, ctx).localTime // '07:31:00'
 */
export function sitePunchVerdict(
  kind: PunchKind,
  at: number,
  site: Location,
  ctx: EmployeeContext,
): PunchVerdict {
  const local = localParts(at, site.zone);
  const mine = sitesOn(ctx.locations, local.date).some((l) => l.id === site.id && l.active);
  return {
    workDate: local.date,
    zone: site.zone,
    localTime: local.time,
    fence: {
      status: mine ? 'inside' : 'outside',
      locationId: site.id,
      locationName: site.name,
      distanceM: 0,
      byAccuracy: false,
    },
    timing: timingAt(kind, local, ctx.schedules, ctx.unitChain, ctx.dayFor),
  };
}
