/**
 * Loads what one period needs for a set of employees in a few bulk queries (units,
 * employees, schedules, overrides, person schedules, shift types, roster, holidays,
 * unit rules, rule sets, approved leave, attendance entries, incidents, punches of the
 * period ± 1 day) and computes daily statuses and the monthly recap with the pure
 * domain (core/attendance).
 *
 * Why statuses are computed on demand, not stored: a day's status depends on punches
 * that may arrive days late (offline capture), on requests approved later, on holidays
 * and rule versions edited later. A stored status would have to be invalidated by every
 * one of those writes, and a missed invalidation silently changes someone's pay. The
 * computation is pure and fast (a month of 10,000 employees in well under the 2 s
 * budget, see `npm run bench -- --scenario recap`), so every read recomputes from the
 * event log and the rules as they are now: a late punch, an approval or a new rule
 * version is reflected by the next read, and every day names the rule version it used
 * (`ruleVersion`), which the exports print.
 *
 * One thing is kept: the year-to-date TK count reads every month since January, and a
 * December recap of 10,000 people re-judged five million events for it. The report
 * worker keeps each closed month's TK segment per person (tk-cache.ts), and only
 * because every write a status depends on is logged to the change feed, which drops
 * exactly what it touched; a test checks the tables read here against those logged.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import {
  dayStatuses,
  holidayCalendar,
  incidentWindows,
  indexRoster,
  monthlyRecap,
  planDay,
  planRange,
  yearlyTk,
  yearlyTkOf,
  tallySegment,
  tkSegment,
  NO_TK,
} from '../../../core/attendance/index.js';
import type {
  AttendanceEvent,
  DayStatus,
  FlexPolicy,
  HolidayCalendar,
  Incident,
  LeaveGrant,
  PersonRecap,
  PersonSchedule,
  PlanContext,
  Recap,
  RosterIndex,
  RuleSet,
  ScheduleOverride,
  ShiftType,
  TkSegment,
  TkTally,
  YearlyTk,
} from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import type { Employee, EmployeeKind, PunchSource, Unit, WeeklySchedule } from '../../../core/model.js';
import { unitChain } from '../../../core/org.js';
import { addDays, daysInMonth, localParts, zonedToInstant } from '../../../core/time.js';
import type { Caller } from '../../platform/access/access.js';
import type { Database } from '../../platform/db/schema.js';
import { requireDate } from '../../platform/http/input.js';
import { employeeFor } from '../employees/service.js';
import { rowToEmployee } from '../employees/store.js';
import { unitFor } from '../units/service.js';
import { fileName, renderReport } from './render.js';
import { CONTENT_TYPES } from './report.js';
import type { ExportFormat, ReportTable } from './report.js';
import type { ReportRunner } from './runner.js';
import { cardReport, dailyReport, recapReport } from './tables.js';
import { SINCE_ALWAYS, employeeIdsPlacedIn, listPlacements } from '../employees/placements.store.js';
import type { Placement } from '../employees/placements.store.js';
import { listUnits } from '../units/store.js';
import { listHolidays } from '../calendar/store.js';
import { listEntryEvents } from '../entries/store.js';
import { listIncidents } from '../incidents/store.js';
import { listOverrides, listPersonSchedules, listSchedules } from '../schedules/store.js';
import { listLeaveGrants } from '../requests/store.js';
import { listRosterEntries, listShiftTypes } from '../rosters/store.js';
import type { StoredShiftType } from '../rosters/store.js';
import { listRuleSets, listUnitRules } from '../rules/store.js';
import { latestReviewsOfPeriod } from '../reviews/store.js';
import { timeCauseOf } from '../reviews/views.js';
import type { UnitRules } from '../rules/store.js';
import { TkCache, tkCacheOf } from './tk-cache.js';

/** Whom to compute: employees of these units (already expanded to subtrees), or these employees. */
export interface Scope {
  unitIds?: readonly number[];
  employeeIds?: readonly number[];
}

/** Everything one period needs, loaded. */
export interface LoadedPeriod {
  from: string;
  to: string;
  units: Map<number, Unit>;
  employees: Employee[];
  /** Per employee: plan context, events (period ± 1 day), approved leave, incident windows. */
  people: PersonInputs[];
  /** Rule set versions per organisation (root unit id). */
  ruleSets: Map<number, RuleSet[]>;
}

export interface PersonInputs {
  employee: Employee;
  organisationId: number;
  ctx: PlanContext;
  /**
   * For a person who changed units inside the period (migration 0008 placements): the
   * plan context of each stretch, in date order; absent when one unit covers it all.
   */
  segments?: { from: string; to: string; ctx: PlanContext; unitId: number }[];
  /**
   * Whether a date counts for this load: within the person's employment (attendance
   * start, deactivation) and, for a load by units, placed in one of them that day.
   * Absent = every date.
   */
  keep?: (date: string) => boolean;
  /** The unit the person is counted in for this load (their placement in scope). */
  unitId: number;
  events: AttendanceEvent[];
  leaves: LeaveGrant[];
  incidents: readonly number[];
}

/** 'YYYY-MM' → first and last date. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

function groupBy<T>(list: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const t of list) {
    const k = key(t);
    const l = out.get(k);
    if (l) l.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** The nearest unit rules up the chain (a unit without a row inherits its parent's). */
function unitRulesFor(chain: readonly Unit[], rules: ReadonlyMap<number, UnitRules>): UnitRules | null {
  for (const u of chain) {
    const r = rules.get(u.id);
    if (r) return r;
  }
  return null;
}

/**
 * The employees of a scope for [from, to]: by units, everyone placed in one of them on
 * some date of the period (so a recap of last month still lists who has moved since).
 */
async function loadEmployees(
  db: Kysely<Database>,
  scope: Scope,
  from: string,
  to: string,
): Promise<Employee[]> {
  if (scope.employeeIds?.length === 0 || scope.unitIds?.length === 0) return [];
  let q = db.selectFrom('employees').selectAll().orderBy('id');
  if (scope.employeeIds) q = q.where('id', 'in', [...scope.employeeIds]);
  if (scope.unitIds) {
    const ids = await employeeIdsPlacedIn(db, scope.unitIds, from, to);
    if (ids.length === 0) return [];
    const out: Employee[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      out.push(...(await q.where('id', 'in', ids.slice(i, i + 5000)).execute()).map(rowToEmployee));
    }
    return out;
  }
  return (await q.execute()).map(rowToEmployee);
}

/**
 * Punches of the scope with work dates in [from, to], as attendance events, each with the
 * admin's review decision in force (punch_reviews; one more query, of reviewed punches only).
 */
async function loadPunchEvents(
  db: Kysely<Database>,
  scope: Scope,
  from: string,
  to: string,
): Promise<AttendanceEvent[]> {
  // Nobody in scope: no query (PostgreSQL refuses the empty `in ()` an empty list makes).
  if (scope.employeeIds?.length === 0 || scope.unitIds?.length === 0) return [];
  let q = db
    .selectFrom('punches')
    .select(['id', 'employee_id', 'kind', 'source', 'fence_status', 'time_cause'])
    // Rows from before migration 0003 have no time of record: their captured_at is it.
    .select(sql<number>`coalesce(time_of_record, captured_at)`.as('at'))
    .where('work_date', '>=', from)
    .where('work_date', '<=', to);
  if (scope.employeeIds) q = q.where('employee_id', 'in', [...scope.employeeIds]);
  if (scope.unitIds) {
    const units = [...scope.unitIds];
    q = q.where('employee_id', 'in', (eb) =>
      eb.selectFrom('employees').select('employees.id').where('employees.unit_id', 'in', units),
    );
  }
  const [rows, reviews] = await Promise.all([q.execute(), latestReviewsOfPeriod(db, scope, from, to)]);
  const out = new Array<AttendanceEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = {
      id: r.id,
      employeeId: r.employee_id,
      kind: r.kind as 'in' | 'out',
      at: Number(r.at),
      // The column's check (migration 0010) admits only the punch sources.
      source: r.source as PunchSource,
      fence: r.fence_status as AttendanceEvent['fence'],
    };
    const timeCause = timeCauseOf(r.time_cause);
    if (timeCause) out[i]!.timeCause = timeCause;
    const review = reviews.size === 0 ? undefined : reviews.get(r.id);
    if (review)
      out[i]!.review = { decision: review.decision, by: review.by, reason: review.reason, at: review.at };
  }
  return out;
}

/**
 * Loads the period [from, to] for a scope: about a dozen queries whatever the number of
 * employees. Throws AppError('rules_missing') when an organisation has no rule set in
 * force on `from`.
 */
export async function loadPeriod(
  db: Kysely<Database>,
  scope: Scope,
  from: string,
  to: string,
): Promise<LoadedPeriod> {
  const before = addDays(from, -1);
  const after = addDays(to, 1);
  const [unitList, employees, schedules, overrides, shiftTypes, holidays, unitRules] = await Promise.all([
    listUnits(db),
    loadEmployees(db, scope, from, to),
    listSchedules(db),
    listOverrides(db, before, after),
    listShiftTypes(db),
    listHolidays(db, before, after),
    listUnitRules(db),
  ]);
  const units = new Map(unitList.map((u) => [u.id, u]));
  const empIds = employees.map((e) => e.id);
  // Scope the per-employee queries by unit when the scope is by unit (a short IN list),
  // unless someone of the period has moved out of those units since: then by employee.
  const unitSet = new Set(scope.unitIds ?? []);
  // A scope naming employees too (some people of units) is read by those employees.
  const rowScope: Scope =
    scope.unitIds && !scope.employeeIds && employees.every((e) => unitSet.has(e.unitId))
      ? { unitIds: scope.unitIds }
      : { employeeIds: empIds };
  const placements = await listPlacements(db, empIds.length > 0 ? empIds : []);
  const [personSchedules, roster, leaves, entries, punches, incidents] = await Promise.all([
    listPersonSchedules(db, rowScope.employeeIds ?? null, before, after),
    listRosterEntries(db, rowScope.employeeIds ?? null, before, after),
    listLeaveGrants(db, rowScope, from, to),
    listEntryEvents(db, rowScope, before, after),
    loadPunchEvents(db, rowScope, before, after),
    listIncidents(
      db,
      zonedToInstant(before, 0, 'Asia/Jayapura'),
      zonedToInstant(after, 1440, 'Asia/Jakarta'),
    ),
  ]);
  return assemble({
    from,
    to,
    units,
    employees,
    schedules,
    overrides,
    shiftTypes,
    holidays: holidayCalendar(holidays),
    unitRules,
    personSchedules,
    roster: indexRoster(roster),
    leaves,
    events: punches.concat(entries),
    incidents,
    ruleSets: await loadRuleSets(db, employees, units, scope.unitIds ?? []),
    placements,
    scopeUnits: scope.unitIds ? unitSet : null,
  });
}

async function loadRuleSets(
  db: Kysely<Database>,
  employees: readonly Employee[],
  units: ReadonlyMap<number, Unit>,
  scopeUnitIds: readonly number[],
): Promise<Map<number, RuleSet[]>> {
  const orgs = new Set<number>();
  for (const e of employees) orgs.add(rootOf(units, e.unitId));
  // A unit nobody works in (yet, or any more) still has its organisation's rules.
  const first = scopeUnitIds[0];
  if (first !== undefined) orgs.add(rootOf(units, first));
  const out = new Map<number, RuleSet[]>();
  for (const org of orgs)
    out.set(
      org,
      (await listRuleSets(db, org)).map((s) => s.rules),
    );
  return out;
}

function rootOf(units: ReadonlyMap<number, Unit>, unitId: number): number {
  let u = units.get(unitId);
  while (u && u.parentId !== null) u = units.get(u.parentId);
  return u?.id ?? unitId;
}

interface Raw {
  from: string;
  to: string;
  units: Map<number, Unit>;
  employees: Employee[];
  schedules: WeeklySchedule[];
  overrides: ScheduleOverride[];
  shiftTypes: StoredShiftType[];
  holidays: HolidayCalendar;
  unitRules: Map<number, UnitRules>;
  personSchedules: PersonSchedule[];
  roster: RosterIndex;
  leaves: LeaveGrant[];
  events: AttendanceEvent[];
  incidents: Incident[];
  ruleSets: Map<number, RuleSet[]>;
  placements: Map<number, Placement[]>;
  /** The units of a load by units; null for a load by employees. */
  scopeUnits: ReadonlySet<number> | null;
}

/** The stretches of [from, to] a person spent in each unit, from their placements. */
function stretches(
  list: readonly Placement[],
  from: string,
  to: string,
): { from: string; to: string; unitId: number }[] {
  const out: { from: string; to: string; unitId: number }[] = [];
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    const next = list[i + 1];
    const start = p.fromDate > from ? p.fromDate : from;
    const end = next && addDays(next.fromDate, -1) < to ? addDays(next.fromDate, -1) : to;
    if (start <= end) out.push({ from: start, to: end, unitId: p.unitId });
  }
  return out;
}

interface UnitContext {
  chain: Unit[];
  schedules: WeeklySchedule[];
  shiftTypes: Map<string, ShiftType>;
  worksOnHolidays: boolean;
  flex: FlexPolicy | undefined;
  organisationId: number;
}

/**
 * The first date attendance counts for a person: the latest of their own attendance
 * start, the go-live of their unit or any unit above it, and their first placement (the
 * date they joined, when known). Null: since always. Days before it are never TK.
 */
export function attendanceStart(
  employee: Employee,
  chain: readonly Unit[],
  placements: readonly Placement[] | undefined,
): string | null {
  let start = employee.attendanceFrom ?? null;
  const later = (d: string | null | undefined) => {
    if (d != null && (start === null || d > start)) start = d;
  };
  for (const u of chain) later(u.attendanceFrom);
  const first = placements?.[0]?.fromDate;
  if (first !== undefined && first > SINCE_ALWAYS) later(first);
  return start;
}

/** Builds each person's inputs; per-unit work (chain, schedules, shift types) is done once per unit. */
function assemble(r: Raw): LoadedPeriod {
  const byUnit = new Map<number, UnitContext>();
  const unitCtx = (unitId: number): UnitContext => {
    let c = byUnit.get(unitId);
    if (c) return c;
    const chain = unitChain(r.units, unitId);
    const ids = new Set(chain.map((u) => u.id));
    const shiftTypes = new Map<string, ShiftType>();
    // Root first, so the nearest unit's shift type of the same code wins.
    for (const u of chain.slice().reverse()) {
      for (const s of r.shiftTypes) if (s.unitId === u.id) shiftTypes.set(s.code, s);
    }
    const ur = unitRulesFor(chain, r.unitRules);
    c = {
      chain,
      schedules: r.schedules.filter((s) => ids.has(s.unitId)),
      shiftTypes,
      worksOnHolidays: ur?.worksOnHolidays ?? false,
      flex: ur?.flex,
      organisationId: chain[chain.length - 1]?.id ?? unitId,
    };
    byUnit.set(unitId, c);
    return c;
  };
  const events = groupBy(r.events, (e) => e.employeeId);
  const leaves = groupBy(r.leaves, (l) => l.employeeId);
  const persons = groupBy(r.personSchedules, (p) => p.employeeId);
  const people: PersonInputs[] = r.employees.map((employee) => {
    const ctxOf = (u: UnitContext): PlanContext => {
      const ctx: PlanContext = {
        employeeId: employee.id,
        unitChain: u.chain,
        schedules: u.schedules,
        personSchedules: persons.get(employee.id) ?? [],
        overrides: r.overrides,
        roster: r.roster,
        shiftTypes: u.shiftTypes,
        holidays: r.holidays,
        worksOnHolidays: u.worksOnHolidays,
      };
      if (u.flex) ctx.flex = u.flex;
      return ctx;
    };
    // Placements: each stretch of the period is planned with the unit of that stretch.
    const parts = stretches(r.placements.get(employee.id) ?? [], r.from, r.to);
    const moved = parts.length > 1 || (parts.length === 1 && parts[0]!.unitId !== employee.unitId);
    const inScope = parts.filter((p) => r.scopeUnits === null || r.scopeUnits.has(p.unitId));
    const countedUnit = (inScope[inScope.length - 1] ?? parts[parts.length - 1])?.unitId ?? employee.unitId;
    const u = unitCtx(countedUnit);
    const ctx = ctxOf(u);
    const start = attendanceStart(employee, u.chain, r.placements.get(employee.id));
    const end = employee.inactiveFrom ?? null;
    const limited = start !== null || end !== null || (moved && r.scopeUnits !== null);
    const keep = limited
      ? (date: string) =>
          (start === null || date >= start) &&
          (end === null || date < end) &&
          (!moved || r.scopeUnits === null || inScope.some((p) => p.from <= date && date <= p.to))
      : undefined;
    return {
      employee,
      unitId: countedUnit,
      ...(moved && {
        segments: parts.map((p) => ({
          from: p.from,
          to: p.to,
          unitId: p.unitId,
          ctx: ctxOf(unitCtx(p.unitId)),
        })),
      }),
      ...(keep && { keep }),
      organisationId: u.organisationId,
      ctx,
      events: events.get(employee.id) ?? [],
      leaves: leaves.get(employee.id) ?? [],
      incidents: r.incidents.length === 0 ? [] : incidentWindows(r.incidents, employee.id, u.chain),
    };
  });
  return { from: r.from, to: r.to, units: r.units, employees: r.employees, people, ruleSets: r.ruleSets };
}

/** The rule versions of an organisation, refusing a period no version covers. */
function rulesOf(p: LoadedPeriod, organisationId: number): RuleSet[] {
  const list = p.ruleSets.get(organisationId) ?? [];
  if (!list.some((r) => r.effectiveFrom <= p.from)) {
    throw new AppError('rules_missing', {
      details: [{ field: 'organisation', reason: String(organisationId) }],
    });
  }
  return list;
}

/**
 * Daily statuses of every person of the period, in employee order; each list in date
 * order. With `asOf`, a day whose check-out window has not closed by then is judged as
 * in progress (belum masuk / belum waktunya pulang), never TK or a missing check-out.
 */
export function computeStatuses(p: LoadedPeriod, asOf?: number): DayStatus[][] {
  const out: DayStatus[][] = new Array<DayStatus[]>(p.people.length);
  for (let i = 0; i < p.people.length; i++) {
    const person = p.people[i]!;
    const plans = person.segments
      ? person.segments.flatMap((s) =>
          planRange(s.ctx, s.from > p.from ? s.from : p.from, s.to < p.to ? s.to : p.to),
        )
      : planRange(person.ctx, p.from, p.to);
    const days = dayStatuses({
      plans,
      events: person.events,
      leaves: person.leaves,
      incidents: person.incidents,
      ruleSets: rulesOf(p, person.organisationId),
      ...(asOf !== undefined && { asOf }),
    });
    const keep = person.keep;
    out[i] = keep ? days.filter((d) => keep(d.date)) : days;
  }
  return out;
}

export interface MonthResult {
  month: string;
  period: LoadedPeriod;
  statuses: DayStatus[][];
  recap: Recap;
}

/** The recap of a loaded month (one rule set family: the organisation of the first person). */
export function computeMonth(month: string, p: LoadedPeriod): MonthResult {
  const statuses = computeStatuses(p);
  const org = p.people[0]?.organisationId ?? (p.ruleSets.size === 1 ? [...p.ruleSets.keys()][0] : undefined);
  const ruleSets = org === undefined ? [] : rulesOf(p, org);
  const recap = monthlyRecap(
    month,
    p.people.map((person, i) => ({
      employeeId: person.employee.id,
      unitId: person.unitId,
      days: statuses[i]!,
    })),
    ruleSets,
  );
  return { month, period: p, statuses, recap };
}

/**
 * The last date whose working day is over everywhere: yesterday in WIB, the westernmost
 * zone (when it is midnight in Jakarta it is already 02:00 in Jayapura). Days after it
 * are not charged yet: an unfinished day is neither TK nor a missing check-out.
 *
 * @example lastClosedDate(Date.UTC(2026, 2, 18, 3)) // '2026-03-17' (10:00 WIB on the 18th)
 */
export function lastClosedDate(nowMs: number): string {
  return addDays(localParts(nowMs, 'Asia/Jakarta').date, -1);
}

/** The month's dates up to `through` (inclusive); `to < from` when none has closed yet. */
function closedRange(month: string, through: string | undefined): { from: string; to: string } {
  const { from, to } = monthRange(month);
  return { from, to: through !== undefined && through < to ? through : to };
}

/**
 * Loads and computes a month for a scope, charging only the days up to `through`
 * (pass `lastClosedDate(now)`; omit only for a month known to be over).
 */
export async function recapMonth(
  db: Kysely<Database>,
  scope: Scope,
  month: string,
  through?: string,
): Promise<MonthResult> {
  const { from, to } = closedRange(month, through);
  // A month none of whose days has closed: the people, and no day to charge.
  const p = await loadPeriod(db, scope, from, to < from ? from : to);
  return computeMonth(month, to < from ? { ...p, to } : p);
}

/**
 * The working days a leave grant of one employee covers under their plan (holidays and
 * days off excluded, days before their attendance start or after they left not counted),
 * for the length limit of types counted in working days (cuti tahunan: 12). A grant
 * crossing the year end counts its days in both years. Reversed dates count 0 (the
 * check of the grant reports the order).
 *
 * @example await grantWorkingDays(db, 7, '2025-12-29', '2026-01-16') // 13
 */
export async function grantWorkingDays(
  db: Kysely<Database>,
  employeeId: number,
  from: string,
  to: string,
): Promise<number> {
  if (to < from) return 0;
  const p = await loadPeriod(db, { employeeIds: [employeeId] }, from, to);
  const person = p.people[0];
  if (!person) return 0;
  const plans = person.segments
    ? person.segments.flatMap((s) => planRange(s.ctx, s.from > from ? s.from : from, s.to < to ? s.to : to))
    : planRange(person.ctx, from, to);
  const keep = person.keep;
  return plans.filter((d) => d.work !== null && (!keep || keep(d.date))).length;
}

/**
 * Statuses of one date for a scope. Pass `now` (the clock) so that a day in progress,
 * today, is shown as it stands: "belum masuk" before a check-in, "belum waktunya pulang"
 * after it, nothing charged for a window that has not closed.
 */
export async function dailyList(
  db: Kysely<Database>,
  scope: Scope,
  date: string,
  now?: number,
): Promise<{ period: LoadedPeriod; statuses: DayStatus[] }> {
  const p = await loadPeriod(db, scope, date, date);
  const all = computeStatuses(p, now);
  // People not counted on that date (not yet started, gone, or in another unit then).
  const people = p.people.filter((_, i) => all[i]!.length > 0);
  const statuses = all.filter((s) => s.length > 0).map((s) => s[0]!);
  return { period: { ...p, people, employees: people.map((x) => x.employee) }, statuses };
}

/**
 * The PP 94/2021 yearly TK count of one employee, from 1 January to the end of `month`
 * (statuses computed the same way as the recap).
 */
export async function yearToDateTk(
  db: Kysely<Database>,
  employeeId: number,
  month: string,
  through?: string,
  known?: MonthResult,
): Promise<YearlyTk> {
  const all = await yearToDateTkOf(db, { employeeIds: [employeeId] }, month, through, known);
  return all.get(employeeId) ?? yearlyTk(month.slice(0, 4), []);
}

/**
 * The PP 94/2021 yearly TK counts of everyone in `scope`, from 1 January to the end of
 * `month`, by employee id: statuses computed the same way as the recap, one month at a
 * time (one load of the month for the whole scope, no query per person), each person's
 * month summed up as a TK segment (core/attendance tkSegment) and folded into a running
 * tally, so a December count holds one month in memory, not the year. Months before an
 * organisation's first rule version have no statuses to count.
 *
 * Where the handle keeps a {@link TkCache} (the report worker does), months that are
 * over come from it for the people it holds, and only the others' months are loaded.
 * `known`: the recap of `month` itself, already computed for the same scope and
 * `through` (the unit recap has it), so that month is not loaded twice.
 */
export async function yearToDateTkOf(
  db: Kysely<Database>,
  scope: Scope,
  month: string,
  through?: string,
  known?: MonthResult,
): Promise<Map<number, YearlyTk>> {
  const cache = tkCacheOf(db);
  if (cache) await cache.fresh();
  const since = cache?.begin() ?? 0;
  try {
    return await countYear(db, cache, since, scope, month, through, known);
  } finally {
    cache?.end();
  }
}

async function countYear(
  db: Kysely<Database>,
  cache: TkCache | undefined,
  since: number,
  scope: Scope,
  month: string,
  through: string | undefined,
  known: MonthResult | undefined,
): Promise<Map<number, YearlyTk>> {
  const year = month.slice(0, 4);
  const jan1 = `${year}-01-01`;
  const closed = closedRange(month, through).to;
  const end = closed < jan1 ? jan1 : closed;
  const nowMs = Date.now();
  const tallies = new Map<number, { tally: TkTally; kind: EmployeeKind }>();
  const fold = (id: number, seg: TkSegment, kind: EmployeeKind) =>
    tallies.set(id, { tally: tallySegment(tallies.get(id)?.tally ?? NO_TK, seg), kind });
  const last = Number(month.slice(5, 7));
  for (let m = 1; m <= last; m++) {
    const ym = `${year}-${String(m).padStart(2, '0')}`;
    const range = monthRange(ym);
    if (range.from > end) break;
    if (m === last && known?.month === month) {
      known.period.people.forEach((person, i) =>
        fold(person.employee.id, tkSegment(year, known.statuses[i] ?? []), person.employee.kind),
      );
      continue;
    }
    const to = range.to < end ? range.to : end;
    const keeps =
      cache !== undefined &&
      to === range.to &&
      (scope.unitIds !== undefined || scope.employeeIds !== undefined) &&
      TkCache.keeps(range.to, nowMs);
    let load = scope;
    if (keeps) {
      const ids =
        scope.employeeIds ?? (await employeeIdsPlacedIn(db, scope.unitIds ?? [], range.from, range.to));
      const missing: number[] = [];
      for (const id of ids) {
        const k = cache.get(ym, id);
        if (k) fold(id, k.seg, k.kind);
        else missing.push(id);
      }
      if (missing.length === 0) continue;
      if (missing.length < ids.length) load = { ...scope, employeeIds: missing };
    }
    const p = await loadPeriod(db, load, range.from, to);
    for (const [org, people] of groupBy(p.people, (person) => person.organisationId)) {
      const rules = p.ruleSets.get(org) ?? [];
      const start = rules.reduce((x, r) => (r.effectiveFrom < x ? r.effectiveFrom : x), '9999-12-31');
      const statuses =
        start > p.to ? [] : computeStatuses({ ...p, from: start > p.from ? start : p.from, people });
      people.forEach((person, i) => {
        const { id, kind } = person.employee;
        const seg = tkSegment(year, statuses[i] ?? []);
        fold(id, seg, kind);
        // Someone who moved that month is counted by the units asked for: not kept.
        if (keeps && !person.segments) cache.put(ym, id, { seg, kind }, since);
      });
    }
  }
  const out = new Map<number, YearlyTk>();
  for (const [id, { tally, kind }] of tallies) out.set(id, yearlyTkOf(year, tally, kind));
  return out;
}

// ---------------------------------------------------------------------------------------
// What the reports API answers: daily lists, recaps, cards and their exports, scoped
// ---------------------------------------------------------------------------------------

export interface ReportDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Where unit recaps and exports are built: a worker thread, or this event loop. */
  reports: ReportRunner;
}

/** An export to send: the bytes, their type and the file name. */
export interface ExportFile {
  data: Buffer;
  contentType: string;
  fileName: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function statusView(d: DayStatus, name: string) {
  const { reviews, ...rest } = d;
  return {
    ...rest,
    name,
    checkInAt: isoOrNull(d.checkInAt),
    checkOutAt: isoOrNull(d.checkOutAt),
    ...(reviews && { reviews: reviews.map((r) => ({ ...r, at: iso(r.at) })) }),
  };
}
function recapView(p: PersonRecap, name: string) {
  return { ...p, name };
}
function yearlyView(y: YearlyTk) {
  return {
    year: y.year,
    tkDays: y.tkDays,
    longestRun: y.longestRun,
    step: y.step ? { level: y.step.level, penalty: y.step.penalty } : null,
  };
}

async function cardOf(db: Kysely<Database>, employeeId: number, month: string, through: string) {
  const result = await recapMonth(db, { employeeIds: [employeeId] }, month, through);
  const yearly = await yearToDateTk(db, employeeId, month, through, result);
  return { result, yearly };
}

function cardView(result: MonthResult, yearly: YearlyTk) {
  const p = result.recap.people[0];
  const person = result.period.people[0];
  if (!p || !person) throw new AppError('not_found');
  return {
    recap: recapView(p, person.employee.name),
    ledger: p.ledger,
    days: (result.statuses[0] ?? []).map((d) => statusView(d, person.employee.name)),
    yearly: yearlyView(yearly),
  };
}

async function exportOf(
  table: ReportTable,
  format: ExportFormat,
  unitName: string,
  period: string,
): Promise<ExportFile> {
  return {
    data: await renderReport(table, format),
    contentType: CONTENT_TYPES[format],
    fileName: fileName(table, unitName, period, format),
  };
}

/** The caller's own card of a month (employees). */
export async function myCard(deps: ReportDeps, caller: Caller, month: string) {
  const { result, yearly } = await cardOf(deps.db, caller.claims.emp ?? 0, month, lastClosedDate(deps.now()));
  return cardView(result, yearly);
}

/** A person's card of a month: their own, or an admin's in scope. */
export async function employeeCard(deps: ReportDeps, caller: Caller, employeeId: number, month: string) {
  await employeeFor(deps.db, caller.claims, employeeId, { own: true });
  const { result, yearly } = await cardOf(deps.db, employeeId, month, lastClosedDate(deps.now()));
  return cardView(result, yearly);
}

// The heavy half of each unit report, as a job of the report runner (runner.ts): it reads
// and computes from the database alone, after the scope was checked, so it can run on a
// worker thread with a handle of its own. Arguments and answers are plain data.

/** The daily statuses of units (scope already checked) on a real date, with the planned work. */
export async function unitDailyJob(
  db: Kysely<Database>,
  a: { unitId: number; ids: number[]; date: string; nowMs: number },
) {
  const { period, statuses } = await dailyList(db, { unitIds: a.ids }, a.date, a.nowMs);
  return {
    date: a.date,
    unitId: a.unitId,
    days: statuses.map((d, i) => {
      const person = period.people[i]!;
      const plan = planDay(person.ctx, a.date);
      return {
        ...statusView(d, person.employee.name),
        planned: { source: plan.source, start: plan.work?.start ?? null, end: plan.work?.end ?? null },
      };
    }),
  };
}

/** A month's recap and year-to-date TK of the people of units, closed through `through`. */
async function unitMonth(db: Kysely<Database>, ids: number[], month: string, through: string) {
  const r = await recapMonth(db, { unitIds: ids }, month, through);
  // The month itself is counted from the recap's statuses, not loaded again.
  return [r, await yearToDateTkOf(db, { unitIds: ids }, month, through, r)] as const;
}

/** The monthly recap of units (scope already checked): per person, per unit, totals. */
export async function unitRecapJob(
  db: Kysely<Database>,
  a: { unitId: number; ids: number[]; month: string; through: string },
) {
  const [r, yearly] = await unitMonth(db, a.ids, a.month, a.through);
  const year = r.month.slice(0, 4);
  return {
    month: r.month,
    unitId: a.unitId,
    people: r.recap.people.map((p, i) => ({
      ...recapView(p, r.period.people[i]!.employee.name),
      yearly: yearlyView(yearly.get(p.employeeId) ?? yearlyTk(year, [])),
    })),
    units: [...r.recap.units].map(([id, t]) => ({ unitId: id, ...t })),
    totals: r.recap.organisation,
  };
}

/**
 * A month's recap of units for the console's pages (scope already checked): the recap,
 * the people and units it names, and year-to-date TK — without the loaded period, which
 * is many times larger and not needed to sort and page.
 */
export async function monthSummaryJob(
  db: Kysely<Database>,
  a: { ids: number[]; month: string; through: string },
) {
  const [r, yearly] = await unitMonth(db, a.ids, a.month, a.through);
  return {
    recap: r.recap,
    employees: r.period.people.map((p) => p.employee),
    units: r.period.units,
    yearly,
  };
}

/** The daily list of units (scope already checked) as a file. */
export async function dailyExportJob(
  db: Kysely<Database>,
  a: { unit: Unit; ids: number[]; date: string; nowMs: number; format: ExportFormat },
): Promise<ExportFile> {
  const { period, statuses } = await dailyList(db, { unitIds: a.ids }, a.date, a.nowMs);
  return exportOf(dailyReport(a.unit, a.date, period, statuses), a.format, a.unit.name, a.date);
}

/** The monthly recap of units (scope already checked) as a file. */
export async function recapExportJob(
  db: Kysely<Database>,
  a: { unit: Unit; ids: number[]; month: string; through: string; format: ExportFormat },
): Promise<ExportFile> {
  const [result, yearly] = await unitMonth(db, a.ids, a.month, a.through);
  return exportOf(recapReport(a.unit, result, yearly), a.format, a.unit.name, a.month);
}

/** The daily statuses of a unit in scope (with its sub-units) on a real date, with the planned work. */
export async function unitDaily(deps: ReportDeps, caller: Caller, unitId: number, date: string) {
  const { unit, ids } = await unitFor(deps.db, caller.claims, unitId);
  requireDate(date, '/date');
  return deps.reports.run('unitDaily', { unitId: unit.id, ids, date, nowMs: deps.now() });
}

/** The monthly recap of a unit in scope (with its sub-units): per person, per unit, totals. */
export async function unitRecap(deps: ReportDeps, caller: Caller, unitId: number, month: string) {
  const { unit, ids } = await unitFor(deps.db, caller.claims, unitId);
  return deps.reports.run('unitRecap', { unitId: unit.id, ids, month, through: lastClosedDate(deps.now()) });
}

export interface ExportQuery {
  month?: string;
  date?: string;
  format: ExportFormat;
}

function monthOf(q: ExportQuery): string {
  if (!q.month) throw new AppError('invalid_month');
  return q.month;
}

/** The daily list of a unit in scope as a file; the date is required and real. */
export async function unitDailyExport(deps: ReportDeps, caller: Caller, unitId: number, q: ExportQuery) {
  const { unit, ids } = await unitFor(deps.db, caller.claims, unitId);
  if (!q.date) throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'required' }] });
  const date = requireDate(q.date, '/date');
  return deps.reports.run('dailyExport', { unit, ids, date, nowMs: deps.now(), format: q.format });
}

/** The monthly recap of a unit in scope as a file. */
export async function unitRecapExport(deps: ReportDeps, caller: Caller, unitId: number, q: ExportQuery) {
  const { unit, ids } = await unitFor(deps.db, caller.claims, unitId);
  const month = monthOf(q);
  return deps.reports.run('recapExport', {
    unit,
    ids,
    month,
    through: lastClosedDate(deps.now()),
    format: q.format,
  });
}

/** A person's card as a file: their own, or an admin's in scope. */
export async function employeeCardExport(
  deps: ReportDeps,
  caller: Caller,
  employeeId: number,
  q: ExportQuery,
) {
  const e = await employeeFor(deps.db, caller.claims, employeeId, { own: true });
  const month = monthOf(q);
  const { result, yearly } = await cardOf(deps.db, employeeId, month, lastClosedDate(deps.now()));
  return exportOf(cardReport(result, 0, yearly).table, q.format, e.name, month);
}
