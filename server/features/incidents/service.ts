/**
 * Incidents: windows (an outage, a flood) in which lateness is excused, for the whole
 * organisation, some units or some people. The agency admin declares them; an admin
 * reads those of a month that concern their scope, seeing only the units and people of
 * it (OWASP ASVS 5.0 V8.2.2: no other unit's incident, its reason or its people).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Incident } from '../../../core/attendance/index.js';
import { uuidV7 } from '../../../core/uuid.js';
import { authorizeMany, inScope, scopeOf } from '../../platform/access/access.js';
import type { Caller, Scope } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { requireBoundedWindow } from '../../platform/http/input.js';
import { employeesOfUnits, insertIncident, listIncidents } from './store.js';
import type { StoredIncident } from './store.js';

export interface IncidentDeps {
  db: Kysely<Database>;
  now: () => number;
}

export interface IncidentInput {
  from: string;
  to: string;
  unitIds: number[] | null;
  employeeIds?: number[];
  reason: string;
}

export type IncidentView<T extends Incident = Incident> = Omit<T, 'from' | 'to'> & {
  from: string;
  to: string;
};

const iso = (ms: number) => new Date(ms).toISOString();
function view<T extends Incident>(i: T): IncidentView<T> {
  return { ...i, from: iso(i.from), to: iso(i.to) };
}

/**
 * Declares an incident (agency admin): units and people in scope (checked first), then a
 * real window of instants of at most a year (MAX_RANGE_DAYS): every recap of the period
 * looks at it for every person (OWASP ASVS 5.0 2.4.1).
 */
export async function declareIncident(
  deps: IncidentDeps,
  caller: Caller,
  b: IncidentInput,
): Promise<IncidentView> {
  await authorizeMany(deps.db, caller.claims, 'unit', b.unitIds ?? [], (i) => `/unitIds/${i}`);
  await authorizeMany(deps.db, caller.claims, 'employee', b.employeeIds ?? [], (i) => `/employeeIds/${i}`);
  const { from, to } = requireBoundedWindow(b.from, b.to, ['/from', '/to']);
  const now = deps.now();
  const incident: Incident = {
    id: uuidV7(now, randomBytes(10)),
    from,
    to,
    unitIds: b.unitIds,
    employeeIds: b.employeeIds ?? [],
    reason: b.reason,
  };
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await insertIncident(tx, incident, now, caller.claims.sub);
    return {
      value: undefined,
      action: 'incident.declare',
      target: `incident:${incident.id}`,
      after: view(incident),
    };
  });
  return view(incident);
}

/** The incidents overlapping a month (with a day's margin for the zones) that concern the caller's scope. */
export async function incidentsOfMonth(
  deps: IncidentDeps,
  caller: Caller,
  month: string,
): Promise<IncidentView<StoredIncident>[]> {
  const scope = await scopeOf(deps.db, caller.claims);
  const start = Date.parse(`${month}-01T00:00:00Z`);
  const list = await listIncidents(deps.db, start - 86_400_000, start + 32 * 86_400_000);
  return (await incidentsInScope(deps.db, scope, list)).map(view);
}

/**
 * The incidents that concern someone in the scope (organisation-wide, a unit of it or
 * above it, or a person of it), showing only the units and people of the scope.
 */
async function incidentsInScope<T extends Incident>(
  db: Kysely<Database>,
  scope: Scope,
  list: readonly T[],
): Promise<T[]> {
  if (scope.all) return [...list];
  const mine = await employeesOfUnits(
    db,
    [...new Set(list.flatMap((i) => i.employeeIds ?? []))],
    scope.unitIds,
  );
  const unitSeen = (id: number) => inScope(scope, id) || scope.above.includes(id);
  const out: T[] = [];
  for (const i of list) {
    const people = (i.employeeIds ?? []).filter((id) => mine.has(id));
    const everyone = i.unitIds === null && (i.employeeIds ?? []).length === 0;
    const byUnit = i.unitIds?.some(unitSeen) ?? false;
    if (!everyone && !byUnit && people.length === 0) continue;
    const shown: T = { ...i, unitIds: i.unitIds === null ? null : i.unitIds.filter(unitSeen) };
    if (i.employeeIds !== undefined) shown.employeeIds = people;
    out.push(shown);
  }
  return out;
}
