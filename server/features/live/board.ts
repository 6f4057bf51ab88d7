/**
 * The live board of one date: where each person stands this morning (checked in on time
 * or late by band, not yet, on leave or dinas luar, no work today), with the review
 * facts of their punches (outside the fence, time unverified, late submission, selfie
 * missing), and the counts of any unit's subtree.
 *
 * A person's standing is the daily status the reports compute (core/attendance
 * dayStatuses over the same loaded inputs), so the board and the daily list never
 * disagree; a new punch recomputes only its person.
 */
import { dayStatuses, planRange } from '../../../core/attendance/index.js';
import type {
  AttendanceEvent,
  DayStatus,
  PlannedDay,
  RuleSet,
  TimeCause,
} from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import { isPunchSource } from '../../../core/model.js';
import type { Employee, Unit } from '../../../core/model.js';
import type { LoadedPeriod, PersonInputs } from '../reports/service.js';

/** Where a person stands today; exactly one per person. */
export const LIVE_CATEGORIES = ['checked_in', 'not_yet', 'leave', 'dinas_luar', 'off'] as const;
export type LiveCategory = (typeof LIVE_CATEGORIES)[number];

/** Punch flags the board counts (set by the check-in path, see check-ins/service.ts). */
export const LIVE_FLAGS = ['time_unverified', 'late_submission', 'selfie_missing'] as const;
export type LiveFlag = (typeof LIVE_FLAGS)[number];

/** A punch as the board needs it. */
export interface LivePunch {
  id: string;
  employeeId: number;
  kind: 'in' | 'out';
  source: string;
  /** Time of record, epoch ms. */
  at: number;
  workDate: string;
  fence: string;
  flags: readonly string[];
  /**
   * Why the server doubts its time (punches.time_cause): the rule set then decides
   * whether it counts before an admin accepts it, on the board as in the reports.
   */
  timeCause?: TimeCause;
}

export interface PersonLive {
  employee: Employee;
  category: LiveCategory;
  status: DayStatus;
  plan: PlannedDay;
  /** Any punch of the day judged outside every fence. */
  outside: boolean;
  flags: LiveFlag[];
}

interface PersonEntry {
  inputs: PersonInputs;
  plan: PlannedDay;
  ruleSets: readonly RuleSet[];
  punchIds: Set<string>;
  flags: Set<LiveFlag>;
  outside: boolean;
  live: PersonLive;
}

export interface Counts {
  /** People with work planned today (everyone but 'off'). */
  expected: number;
  checkedIn: number;
  onTime: number;
  /** Late check-ins by band code (TL1…), from the rule set in force. */
  late: Record<string, number>;
  notYet: number;
  /** Not yet, and the check-in window has closed. */
  missed: number;
  leave: number;
  dinasLuar: number;
  off: number;
  outside: number;
  flagged: Record<LiveFlag, number>;
}

/** All zeros. */
export function emptyCounts(): Counts {
  return {
    expected: 0,
    checkedIn: 0,
    onTime: 0,
    late: {},
    notYet: 0,
    missed: 0,
    leave: 0,
    dinasLuar: 0,
    off: 0,
    outside: 0,
    flagged: { time_unverified: 0, late_submission: 0, selfie_missing: 0 },
  };
}

function categoryOf(s: DayStatus): LiveCategory {
  if (s.status === 'libur' || s.status === 'tanpa_jadwal') return 'off';
  if (s.status === 'cuti_izin') return s.leaveType === 'dinas_luar' ? 'dinas_luar' : 'leave';
  return s.checkInAt !== null ? 'checked_in' : 'not_yet';
}

/** Whether a person's check-in window is over at `now` (nobody can still check in on time). */
export function windowClosed(p: PersonLive, now: number): boolean {
  return p.plan.work !== null && p.plan.work.checkIn.to <= now;
}

function isLiveFlag(f: string): f is LiveFlag {
  return (LIVE_FLAGS as readonly string[]).includes(f);
}

function eventOf(p: LivePunch): AttendanceEvent {
  return {
    id: p.id,
    employeeId: p.employeeId,
    kind: p.kind,
    at: p.at,
    // The column's check (migration 0010) admits only the punch sources.
    source: isPunchSource(p.source) ? p.source : 'app',
    fence: p.fence as AttendanceEvent['fence'],
    ...(p.timeCause && { timeCause: p.timeCause }),
  };
}

export class DayBoard {
  readonly #people = new Map<number, PersonEntry>();

  /**
   * @param period the date's inputs (loadPeriod(date, date)), punches included as events
   * @param punches the punches of the date with their flags and fence verdicts
   */
  constructor(
    readonly date: string,
    readonly builtAt: number,
    readonly units: ReadonlyMap<number, Unit>,
    period: LoadedPeriod,
    punches: readonly LivePunch[],
  ) {
    for (const inputs of period.people) {
      const ruleSets = period.ruleSets.get(inputs.organisationId) ?? [];
      if (!ruleSets.some((r) => r.effectiveFrom <= date))
        throw new AppError('rules_missing', {
          details: [{ field: 'organisation', reason: String(inputs.organisationId) }],
        });
      const plan = planRange(inputs.ctx, date, date)[0]!;
      const entry: PersonEntry = {
        inputs: { ...inputs, events: inputs.events.slice() },
        plan,
        ruleSets,
        punchIds: new Set(inputs.events.map((e) => e.id)),
        flags: new Set(),
        outside: false,
        live: undefined as unknown as PersonLive,
      };
      this.#people.set(inputs.employee.id, entry);
    }
    // The punch query and the period's events were read one after the other: a punch in
    // the first only is added as an event too.
    for (const p of punches) this.#add(p);
    for (const e of this.#people.values()) this.#recompute(e);
  }

  /** Everyone on the board. */
  people(): IterableIterator<PersonLive> {
    return [...this.#people.values()].map((e) => e.live).values();
  }

  person(employeeId: number): PersonLive | undefined {
    return this.#people.get(employeeId)?.live;
  }

  /** The rule set versions that apply to a person (their organisation's). */
  ruleSetsOf(employeeId: number): readonly RuleSet[] {
    return this.#people.get(employeeId)?.ruleSets ?? [];
  }

  /**
   * Adds a committed punch. Returns the person's new standing, or null when the punch
   * is not of this date, already known, or of someone the board does not hold (then
   * `unknown` is set, and the caller rebuilds).
   */
  apply(p: LivePunch): { live: PersonLive } | { unknown: true } | null {
    if (p.workDate !== this.date) return null;
    const entry = this.#people.get(p.employeeId);
    if (entry === undefined) return { unknown: true };
    if (!this.#add(p)) return null;
    this.#recompute(entry);
    return { live: entry.live };
  }

  /** Records a punch's event and review facts; false when it was known already. */
  #add(p: LivePunch): boolean {
    const entry = this.#people.get(p.employeeId);
    if (entry === undefined || p.workDate !== this.date) return false;
    if (p.fence === 'outside') entry.outside = true;
    for (const f of p.flags) if (isLiveFlag(f)) entry.flags.add(f);
    if (entry.punchIds.has(p.id)) return false;
    entry.punchIds.add(p.id);
    // The domain orders events itself (core/attendance/assign.ts).
    entry.inputs.events.push(eventOf(p));
    return true;
  }

  #recompute(e: PersonEntry): void {
    const status = dayStatuses({
      plans: [e.plan],
      events: e.inputs.events,
      leaves: e.inputs.leaves,
      incidents: e.inputs.incidents,
      ruleSets: e.ruleSets,
    })[0]!;
    e.live = {
      employee: e.inputs.employee,
      category: categoryOf(status),
      status,
      plan: e.plan,
      outside: e.outside,
      flags: [...e.flags].sort(),
    };
  }

  /**
   * Counts of the people whose unit is in `unitIds`, grouped by `groupOf` (the child unit
   * a person's unit lies under, say); people it maps to undefined are left out.
   */
  counts<K>(
    unitIds: ReadonlySet<number>,
    groupOf: (unitId: number) => K | undefined,
    now: number,
  ): Map<K, Counts> {
    const out = new Map<K, Counts>();
    for (const e of this.#people.values()) {
      const p = e.live;
      if (!unitIds.has(p.employee.unitId)) continue;
      const key = groupOf(p.employee.unitId);
      if (key === undefined) continue;
      let c = out.get(key);
      if (c === undefined) out.set(key, (c = emptyCounts()));
      add(c, p, now);
    }
    return out;
  }

  /** Local minute of day (of the person's site zone) of each first valid check-in in `unitIds`. */
  arrivals(unitIds: ReadonlySet<number>): Map<number, number> {
    const out = new Map<number, number>();
    for (const e of this.#people.values()) {
      const p = e.live;
      if (!unitIds.has(p.employee.unitId) || p.status.checkInAt === null || p.plan.work === null) continue;
      // Minutes from the planned start, placed on the start's local clock time.
      const [h, m] = p.plan.work.start.split(':').map(Number) as [number, number];
      const minute = h * 60 + m + Math.floor((p.status.checkInAt - p.plan.work.startAt) / 60_000);
      out.set(minute, (out.get(minute) ?? 0) + 1);
    }
    return out;
  }
}

function add(c: Counts, p: PersonLive, now: number): void {
  switch (p.category) {
    case 'off':
      c.off++;
      return;
    case 'leave':
      c.leave++;
      break;
    case 'dinas_luar':
      c.dinasLuar++;
      break;
    case 'checked_in':
      c.checkedIn++;
      if (p.status.lateMinutes > 0) {
        // A lateness below every band (a rule set starting at TL1 = 5 min, say) is still late.
        const band = p.status.lateBand ?? 'late';
        c.late[band] = (c.late[band] ?? 0) + 1;
      } else c.onTime++;
      break;
    case 'not_yet':
      c.notYet++;
      if (windowClosed(p, now)) c.missed++;
      break;
  }
  c.expected++;
  if (p.outside) c.outside++;
  for (const f of p.flags) c.flagged[f]++;
}
