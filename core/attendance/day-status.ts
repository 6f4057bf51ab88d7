/**
 * The status of one person's day, as a BKD officer would work it out by hand from the
 * regulation (DOMAIN "Lateness and early-leave bands"):
 *
 * - No work planned: libur (holiday, cuti bersama, day off) or tanpa_jadwal.
 * - Punches: the first valid check-in and the last valid check-out (assign.ts gives each
 *   recorded punch to its day, inside its window or not: windows decide the kind of a
 *   press, not whether it counts). An app punch the fence judged 'outside' does not
 *   count unless the rule set accepts it or an admin accepted it on review; a punch an
 *   admin rejected never counts (review.ts). Each such punch is listed in `reviews`
 *   with its state, reviewer and reason, for the ledger and the exports.
 * - Lateness: whole minutes completed after the start plus the flex band (seconds
 *   truncated, as core/verdict.ts), less the time an incident window covers; a lateness
 *   of at most the grace minutes is forgiven. Early leave: whole minutes completed before
 *   the end (moved later by as much as the flex band used), less incident time, with its
 *   own grace. Bands come from the rule set's edges and convention.
 * - A missing check-in counts (lupa absen masuk) unless an incident covers the start; a
 *   missing check-out (lupa absen pulang) unless an incident covers the end.
 * - No valid punch on a working day: tanpa keterangan (TK). Incidents do not excuse
 *   absence; an admin entry does.
 * - An approved leave on a working day: the day is the leave (cuti_izin) unless the
 *   punches cost less than the most the leave can cost — the employee came to work after
 *   all — and then the punches stand. So a leave never raises a deduction. A leave on a
 *   holiday or day off does not count as a leave day.
 * - A day judged while it is still in progress (`asOf` before its check-out window
 *   closes): with no punch yet it is belum_masuk, not TK; checked in without a check-out
 *   it is belum_pulang, not lupa absen pulang (the lateness of the check-in stands). A
 *   missing check-in counts only once the check-in window has closed.
 * Each result names the rule version used and the reasons behind it.
 */
import type { Unit } from '../model.js';
import { assignEvents } from './assign.js';
import type { DayEvents } from './assign.js';
import { dayCharges, sumBp } from './charges.js';
import { punchStanding, reviewCause, standingCounts } from './review.js';
import { bandFor, compileRules, leaveWorstBp, ruleSetFor } from './rules.js';
import type {
  AttendanceEvent,
  DayReason,
  DayReview,
  DayStatus,
  DayStatusCode,
  Incident,
  LeaveGrant,
  PlannedDay,
  RuleSet,
} from './types.js';

const MINUTE_MS = 60_000;

/** Disjoint incident windows, sorted: [from0, to0, from1, to1, …]. */
export type IncidentWindows = readonly number[];

/**
 * The incident windows that concern a person (every unit, their unit or an ancestor, or
 * named), merged so overlapping incidents are not counted twice.
 */
export function incidentWindows(
  incidents: readonly Incident[],
  employeeId: number,
  unitChain: readonly Unit[],
): IncidentWindows {
  const mine: [number, number][] = [];
  for (const i of incidents) {
    if (i.to <= i.from) continue;
    const byPerson = i.employeeIds?.includes(employeeId) ?? false;
    const byUnit =
      i.unitIds === null
        ? i.employeeIds === undefined || i.employeeIds.length === 0
        : unitChain.some((u) => i.unitIds!.includes(u.id));
    if (byPerson || byUnit) mine.push([i.from, i.to]);
  }
  if (mine.length === 0) return [];
  mine.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [f, t] of mine) {
    const last = out.length - 1;
    if (last > 0 && f <= out[last]!) out[last] = Math.max(out[last]!, t);
    else out.push(f, t);
  }
  return out;
}

function overlapMs(w: IncidentWindows, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i += 2) {
    const lo = Math.max(a, w[i]!);
    const hi = Math.min(b, w[i + 1]!);
    if (hi > lo) s += hi - lo;
  }
  return s;
}

function covers(w: IncidentWindows, t: number): boolean {
  for (let i = 0; i < w.length; i += 2) if (w[i]! <= t && t <= w[i + 1]!) return true;
  return false;
}

/** No punches at all. */
export const NO_EVENTS: DayEvents = Object.freeze({ owned: [], stray: [], corrected: false });

/**
 * The status of one planned day.
 *
 * @example
 *   dailyStatus(plan, assigned[i], null, [], PERMENTAN_68_2012)
 *   // { status: 'terlambat', lateMinutes: 31, lateBand: 'TL2', ruleVersion: 'permentan-68-2012@…', … }
 */
export function dailyStatus(
  plan: PlannedDay,
  events: DayEvents,
  leave: LeaveGrant | null,
  incidents: IncidentWindows,
  rules: RuleSet,
  asOf?: number,
): DayStatus {
  const reasons: DayReason[] = [];
  const result: DayStatus = {
    employeeId: plan.employeeId,
    date: plan.date,
    status: 'hadir',
    lateMinutes: 0,
    lateBand: null,
    earlyMinutes: 0,
    earlyBand: null,
    missingIn: false,
    missingOut: false,
    leaveType: null,
    holiday: plan.holiday ? { name: plan.holiday.name, kind: plan.holiday.kind } : null,
    shiftCode: plan.work?.shiftCode ?? null,
    checkInAt: null,
    checkOutAt: null,
    checkInEventId: null,
    checkOutEventId: null,
    ruleVersion: rules.id,
    reasons,
  };
  const w = plan.work;
  if (!w) {
    result.status = plan.off === 'no_schedule' ? 'tanpa_jadwal' : 'libur';
    if (plan.off === 'holiday')
      reasons.push(plan.holiday?.kind === 'cuti_bersama' ? 'cuti_bersama' : 'holiday');
    else if (plan.off === 'day_off') reasons.push('day_off');
    else reasons.push('no_schedule');
    if (events.owned.length > 0 || events.stray.length > 0) reasons.push('punched_on_day_off');
    if (leave) reasons.push('leave_on_day_off');
    return result;
  }
  if (plan.holiday) reasons.push('rostered_on_holiday');
  if (events.corrected) reasons.push('corrected');

  // First valid check-in, last valid check-out (events arrive sorted by instant, then id).
  let inAt = -1;
  let outAt = -1;
  let outside = false;
  let reviews: DayReview[] | null = null;
  for (const e of events.owned) {
    const standing = punchStanding(e, rules);
    if (standing !== 'counts') {
      (reviews ??= []).push({
        eventId: e.id,
        kind: e.kind === 'out' ? 'out' : 'in',
        at: e.at,
        state: standing,
        cause: reviewCause(e, rules) ?? (e.fence === 'outside' ? 'outside_fence' : (e.timeCause ?? null)),
        by: e.review?.by ?? null,
        reason: e.review?.reason ?? null,
      });
    }
    if (!standingCounts(standing)) {
      if (e.fence === 'outside') outside = true;
      continue;
    }
    if (e.kind === 'in' && result.checkInEventId === null) {
      result.checkInEventId = e.id;
      inAt = e.at;
    } else if (e.kind === 'out') {
      result.checkOutEventId = e.id;
      outAt = e.at;
    }
  }
  if (outside) reasons.push('punches_outside_fence');
  if (reviews) {
    result.reviews = reviews;
    if (reviews.some((r) => r.state === 'pending')) reasons.push('punches_awaiting_review');
    if (reviews.some((r) => r.state === 'accepted')) reasons.push('punches_accepted_on_review');
    if (reviews.some((r) => r.state === 'rejected')) reasons.push('punches_rejected_on_review');
  }
  const hasIn = result.checkInEventId !== null;
  const hasOut = result.checkOutEventId !== null;
  if (hasIn) result.checkInAt = inAt;
  if (hasOut) result.checkOutAt = outAt;
  if (events.stray.length > 0 || events.outsideWindows) reasons.push('punches_outside_windows');

  const flexMs = w.flex.flexMinutes * MINUTE_MS;
  let flexUsed = 0;
  if (hasIn) {
    flexUsed = Math.floor(Math.min(Math.max(0, inAt - w.startAt), flexMs) / MINUTE_MS) * MINUTE_MS;
    const lateFrom = w.startAt + flexMs;
    if (inAt > lateFrom) {
      const excused = overlapMs(incidents, lateFrom, inAt);
      const raw = Math.floor((inAt - lateFrom) / MINUTE_MS);
      let minutes = Math.floor((inAt - lateFrom - excused) / MINUTE_MS);
      if (minutes < raw) reasons.push('late_excused_by_incident');
      if (minutes > 0 && minutes <= w.flex.lateGraceMinutes) {
        minutes = 0;
        reasons.push('late_within_grace');
      }
      result.lateMinutes = minutes;
    }
  }
  if (hasOut) {
    const due = w.endAt + flexUsed;
    if (outAt < due) {
      const excused = overlapMs(incidents, outAt, due);
      const raw = Math.floor((due - outAt) / MINUTE_MS);
      let minutes = Math.floor((due - outAt - excused) / MINUTE_MS);
      if (minutes < raw) reasons.push('early_excused_by_incident');
      if (minutes > 0 && minutes <= w.flex.earlyGraceMinutes) {
        minutes = 0;
        reasons.push('early_within_grace');
      }
      result.earlyMinutes = minutes;
    }
  }
  const c = rules.convention;
  result.lateBand =
    result.lateMinutes > 0 ? (bandFor(result.lateMinutes, rules.lateBands, c)?.code ?? null) : null;
  result.earlyBand =
    result.earlyMinutes > 0 ? (bandFor(result.earlyMinutes, rules.earlyBands, c)?.code ?? null) : null;

  const inProgress = asOf !== undefined && asOf < w.checkOut.to;
  const checkInOpen = asOf !== undefined && asOf < w.checkIn.to;
  if (inProgress && !hasOut) {
    // The day is not over: nothing is charged for a window that has not closed.
    result.status = hasIn ? 'belum_pulang' : 'belum_masuk';
  } else if (!hasIn && !hasOut) {
    result.status = 'tanpa_keterangan';
  } else {
    if (!hasIn) {
      if (covers(incidents, w.startAt)) reasons.push('missing_in_excused_by_incident');
      else if (!checkInOpen) result.missingIn = true;
    }
    if (!hasOut) {
      if (covers(incidents, w.endAt)) reasons.push('missing_out_excused_by_incident');
      else result.missingOut = true;
    }
    result.status = punchStatus(result);
  }

  if (leave) applyLeave(result, leave, rules);
  return result;
}

function punchStatus(d: DayStatus): DayStatusCode {
  if (d.missingIn) return 'lupa_absen_masuk';
  if (d.missingOut) return 'lupa_absen_pulang';
  if (d.lateMinutes > 0 && d.earlyMinutes > 0) return 'terlambat_pulang_cepat';
  if (d.lateMinutes > 0) return 'terlambat';
  if (d.earlyMinutes > 0) return 'pulang_cepat';
  return 'hadir';
}

function applyLeave(d: DayStatus, leave: LeaveGrant, rules: RuleSet): void {
  const compiled = compileRules(rules);
  const worst = leaveWorstBp(compiled, leave.type);
  if (worst === null) {
    d.reasons.push('leave_type_without_rule');
    return;
  }
  const punched = d.status !== 'tanpa_keterangan' && d.status !== 'belum_masuk';
  if (punched && sumBp(dayCharges(d, compiled, 0)) < worst) {
    d.leaveType = leave.type;
    d.reasons.push('leave_unused_punches_better');
    return;
  }
  if (punched) d.reasons.push('worked_on_leave');
  d.status = 'cuti_izin';
  d.leaveType = leave.type;
  d.lateMinutes = 0;
  d.lateBand = null;
  d.earlyMinutes = 0;
  d.earlyBand = null;
  d.missingIn = false;
  d.missingOut = false;
}

/**
 * The approved leave covering `date` among one person's grants; when grants overlap, the
 * one that can cost least under `rules`, then the smallest id (so the order of the list
 * does not matter).
 */
export function leaveOn(grants: readonly LeaveGrant[], date: string, rules: RuleSet): LeaveGrant | null {
  let best: LeaveGrant | null = null;
  let bestCost = Infinity;
  const c = compileRules(rules);
  for (const g of grants) {
    if (g.from > date || g.to < date) continue;
    const cost = leaveWorstBp(c, g.type) ?? Number.MAX_SAFE_INTEGER;
    if (cost < bestCost || (cost === bestCost && best !== null && g.id < best.id)) {
      best = g;
      bestCost = cost;
    }
  }
  return best;
}

/** One person's inputs for a period. */
export interface PersonPeriod {
  /** Plans of consecutive dates, as planRange returns them. */
  plans: readonly PlannedDay[];
  /** The person's events, including a day either side of the period for night shifts. */
  events: readonly AttendanceEvent[];
  /** The person's approved leave. */
  leaves: readonly LeaveGrant[];
  /** The person's merged incident windows (incidentWindows). */
  incidents: IncidentWindows;
  /** The organisation's rule set versions; each day uses the one in force on its date. */
  ruleSets: readonly RuleSet[];
  /**
   * The instant the days are judged at, for a list of today: a day whose check-out window
   * has not closed by then is in progress (belum_masuk / belum_pulang). Absent: every day
   * is judged as over.
   */
  asOf?: number;
}

/**
 * Daily statuses of one person over a period: assigns the punches to their days, then
 * derives each day's status. Pure: recomputing after a late event, an approved
 * correction or a rule change gives the new answer.
 *
 * @example dayStatuses({ plans, events, leaves: [], incidents: [], ruleSets: [PERMENTAN_68_2012] })
 */
export function dayStatuses(p: PersonPeriod): DayStatus[] {
  const assigned = assignEvents(p.plans, p.events);
  const out: DayStatus[] = new Array<DayStatus>(p.plans.length);
  let cached: RuleSet | null = null;
  let cachedUntil = '';
  for (let i = 0; i < p.plans.length; i++) {
    const plan = p.plans[i]!;
    if (cached === null || plan.date >= cachedUntil) {
      cached = ruleSetFor(p.ruleSets, plan.date);
      cachedUntil = nextVersionDate(p.ruleSets, plan.date);
    }
    const leave = p.leaves.length === 0 ? null : leaveOn(p.leaves, plan.date, cached);
    out[i] = dailyStatus(plan, assigned[i] ?? NO_EVENTS, leave, p.incidents, cached, p.asOf);
  }
  return out;
}

/** The first effectiveFrom after `date`, or a date past any plan. */
function nextVersionDate(ruleSets: readonly RuleSet[], date: string): string {
  let next = '9999-12-31';
  for (const r of ruleSets) if (r.effectiveFrom > date && r.effectiveFrom < next) next = r.effectiveFrom;
  return next;
}
