/**
 * Date-range overrides of the weekly schedule (Ramadan hours) for units, and person
 * schedules (an employee's own week from a date). Both are only ever added or ended
 * earlier, never edited; both are scoped and audited. Organisation-wide overrides are
 * the agency admin's; a unit admin names units of their subtree. Weekly schedules per
 * unit are in weekly.service.ts.
 */
import type { Kysely } from 'kysely';
import type {
  FlexPolicy,
  PersonSchedule,
  ScheduleOverride,
  WeekDays,
} from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { WorkDay } from '../../../core/model.js';
import { validateWorkDay } from '../../../core/schedule.js';
import { addDays } from '../../../core/time.js';
import { AGENCY_ROLES, authorizeMany, inScope, requireRole, scopeOf } from '../../platform/access/access.js';
import type { Caller, Scope } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { requireBoundedPeriod, requireDate, requirePeriod, requireRange } from '../../platform/http/input.js';
import { employeeFor } from '../employees/service.js';
import {
  endOverride,
  endPersonSchedule,
  getOverride,
  getPersonSchedule,
  insertOverride,
  insertPersonSchedule,
  listOverrides,
  listPersonSchedulesOf,
} from './store.js';

export interface ScheduleDeps {
  db: Kysely<Database>;
  now: () => number;
}

export interface OverrideInput {
  name: string;
  from: string;
  to: string;
  unitIds: number[] | null;
  days: (WorkDay | null)[];
  flex?: FlexPolicy;
}

export interface PersonScheduleInput {
  effectiveFrom: string;
  effectiveTo: string | null;
  days: (WorkDay | null)[];
  flex?: FlexPolicy;
}

const flexOf = (f: FlexPolicy | undefined) => (f ? { ...f } : null);

export function overrideView(o: ScheduleOverride) {
  return {
    id: o.id,
    name: o.name,
    from: o.from,
    to: o.to,
    unitIds: o.unitIds,
    days: o.days,
    flex: flexOf(o.flex),
  };
}
export type OverrideView = ReturnType<typeof overrideView>;

export function personScheduleView(p: PersonSchedule) {
  return {
    id: p.id,
    employeeId: p.employeeId,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    days: p.days,
    flex: flexOf(p.flex),
  };
}
export type PersonScheduleView = ReturnType<typeof personScheduleView>;

/** Checks a week of working days with the core validator; details name `/days/<i>/<field>`. */
function checkWeek(days: readonly (WorkDay | null)[]): WeekDays {
  const details: ErrorDetail[] = [];
  days.forEach((d, i) => {
    if (d === null) return;
    const v = validateWorkDay(d);
    if (!v.ok)
      for (const e of v.details ?? []) details.push({ field: `/days/${i}/${e.field}`, reason: e.reason });
  });
  if (details.length > 0) throw new AppError('invalid_body', { details });
  return days as WeekDays;
}

/** The new last date of an end request: a real date, earlier than the current last date, not before `from` − 1 day. */
function checkEnd(to: string, from: string, current: string | null): string {
  requireDate(to, '/to');
  if (to < addDays(from, -1) || (current !== null && to >= current))
    throw new AppError('invalid_body', { details: [{ field: '/to', reason: 'range' }] });
  return to;
}

/** Whether an override concerns the scope: organisation-wide, or naming a unit of it or above it. */
function overrideVisible(unitIds: readonly number[] | null, scope: Scope): boolean {
  return (
    scope.all || unitIds === null || unitIds.some((id) => inScope(scope, id) || scope.above.includes(id))
  );
}

export async function addOverride(
  deps: ScheduleDeps,
  caller: Caller,
  b: OverrideInput,
): Promise<OverrideView> {
  // Organisation-wide overrides are the agency admin's; a unit admin names units of their own.
  if (b.unitIds === null) requireRole(caller.claims, AGENCY_ROLES);
  else await authorizeMany(deps.db, caller.claims, 'unit', b.unitIds, (i) => `/unitIds/${i}`);
  const unitIds = b.unitIds === null ? null : [...new Set(b.unitIds)];
  // An override is an exception of weeks (Ramadan), never longer than a year (ASVS 5.0 2.4.1).
  requireBoundedPeriod(b.from, b.to, ['/from', '/to']);
  const days = checkWeek(b.days);
  const o = await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const o = await insertOverride(tx, {
      name: b.name,
      from: b.from,
      to: b.to,
      unitIds,
      days,
      ...(b.flex ? { flex: b.flex } : {}),
    });
    return {
      value: o,
      action: 'schedule_override.add',
      target: `schedule_override:${o.id}`,
      after: overrideView(o),
    };
  });
  return overrideView(o);
}

/**
 * The overrides a caller's units are subject to in a date range: organisation-wide
 * ones, and those of their units, of the units above them and of those below.
 */
export async function overridesFor(
  deps: ScheduleDeps,
  caller: Caller,
  q: { from: string; to: string },
): Promise<OverrideView[]> {
  const { from, to } = requireRange(q);
  const scope = await scopeOf(deps.db, caller.claims);
  return (await listOverrides(deps.db, from, to))
    .filter((o) => overrideVisible(o.unitIds, scope))
    .map(overrideView);
}

/**
 * Ends an override earlier. Organisation-wide ones are the agency's; a unit admin's must
 * name units of their subtree only. One they cannot see is not found; one they see but
 * may not change (it applies to them from above) is forbidden.
 */
export async function endOverrideFor(
  deps: ScheduleDeps,
  caller: Caller,
  id: number,
  body: { to: string },
): Promise<OverrideView> {
  const o = await getOverride(deps.db, id);
  if (!o) throw new AppError('not_found');
  const scope = await scopeOf(deps.db, caller.claims);
  if (!overrideVisible(o.unitIds, scope)) throw new AppError('not_found');
  if (!scope.all && (o.unitIds === null || o.unitIds.some((u) => !inScope(scope, u))))
    throw new AppError('forbidden');
  const to = checkEnd(body.to, o.from, o.to);
  await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    await endOverride(tx, id, to);
    return {
      value: undefined,
      action: 'schedule_override.end',
      target: `schedule_override:${id}`,
      before: { to: o.to },
      after: { to },
    };
  });
  return overrideView({ ...o, to });
}

export async function addPersonSchedule(
  deps: ScheduleDeps,
  caller: Caller,
  employeeId: number,
  b: PersonScheduleInput,
): Promise<PersonScheduleView> {
  const e = await employeeFor(deps.db, caller.claims, employeeId);
  requirePeriod(b.effectiveFrom, b.effectiveTo, ['/effectiveFrom', '/effectiveTo']);
  const days = checkWeek(b.days);
  const p = await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const p = await insertPersonSchedule(tx, {
      employeeId: e.id,
      effectiveFrom: b.effectiveFrom,
      effectiveTo: b.effectiveTo,
      days,
      ...(b.flex ? { flex: b.flex } : {}),
    });
    return {
      value: p,
      action: 'person_schedule.add',
      target: `person_schedule:${p.id}`,
      detail: { employeeId: e.id },
      after: personScheduleView(p),
    };
  });
  return personScheduleView(p);
}

/** An employee's own schedules, past and future (the employee themself, or admins in scope). */
export async function personSchedulesOf(
  deps: ScheduleDeps,
  caller: Caller,
  employeeId: number,
): Promise<PersonScheduleView[]> {
  await employeeFor(deps.db, caller.claims, employeeId, { own: true });
  return (await listPersonSchedulesOf(deps.db, employeeId)).map(personScheduleView);
}

export async function endPersonScheduleFor(
  deps: ScheduleDeps,
  caller: Caller,
  employeeId: number,
  scheduleId: number,
  body: { to: string },
): Promise<PersonScheduleView> {
  const e = await employeeFor(deps.db, caller.claims, employeeId);
  const p = await getPersonSchedule(deps.db, scheduleId);
  if (!p || p.employeeId !== e.id) throw new AppError('not_found');
  const to = checkEnd(body.to, p.effectiveFrom, p.effectiveTo);
  await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    await endPersonSchedule(tx, p.id, to);
    return {
      value: undefined,
      action: 'person_schedule.end',
      target: `person_schedule:${p.id}`,
      detail: { employeeId: e.id },
      before: { to: p.effectiveTo },
      after: { to },
    };
  });
  return personScheduleView({ ...p, effectiveTo: to });
}
