/**
 * Employees: the admin list (search, filters, paging, sorting on the server, with unit
 * names), read, create, edit, move to another unit from a date, deactivate from a date
 * and reactivate. Scoped (a unit admin sees and changes only their subtree; anything
 * else answers 404), audited in the same transaction, and reaching every check-in
 * directory through the employees and placements triggers.
 */
import type { Kysely } from 'kysely';
import { normalizeRank, validateEmployeeIdentity } from '../../../core/employee.js';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { EmployeeKind } from '../../../core/model.js';
import { authorize } from '../../platform/access/access.js';
import type { AuthorizeOptions } from '../../platform/access/access.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { syncSiteLinks } from '../sites/links.js';
import { employeeInScope, scopeOf, unitInScope } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { auditChange } from '../units/audit.js';
import { requireDate, todayOf } from '../units/dates.js';
import { getUnit, subtreeUnitIds } from '../units/store.js';
import { listPlacements, placeEmployee } from './placements.store.js';
import type { Placement } from './placements.store.js';
import { getEmployee, insertEmployee, searchEmployees, updateEmployee } from './store.js';
import type { EmployeeListItem, EmployeePatch, EmployeeQuery, EmployeeRecord } from './store.js';

export interface EmployeeDeps {
  db: Kysely<Database>;
  now: () => number;
  changed?: () => void;
}

/** Why a person stops working here (Indonesian terms as officers use them). */
export const INACTIVE_REASONS = [
  'pensiun',
  'mutasi_keluar',
  'berhenti',
  'meninggal',
  'cltn',
  'lainnya',
] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

function invalid(field: string, reason: string): AppError {
  return new AppError('invalid_body', { details: [{ field, reason }] });
}

function fail(details: ErrorDetail[] | undefined, prefix = '/'): never {
  throw new AppError('invalid_body', {
    details: (details ?? []).map((d) => ({ field: `${prefix}${d.field}`, reason: d.reason })),
  });
}

async function uniqueIdentity<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('employee_exists');
    throw err;
  }
}

/**
 * The employee when the caller may see them (admins in scope; with `own`, also the
 * employee themself); 404 not_found otherwise, whether missing or out of scope.
 */
export async function employeeFor(
  db: Kysely<Database>,
  claims: TokenClaims,
  employeeId: number,
  opts: AuthorizeOptions = {},
): Promise<EmployeeRecord> {
  await authorize(db, claims, { kind: 'employee', id: employeeId }, opts);
  const e = await getEmployee(db, employeeId);
  if (!e) throw new AppError('not_found');
  return e;
}

/** The caller's own employee record (employee accounts); 403 account_inactive when it is gone. */
export async function ownEmployee(db: Kysely<Database>, claims: TokenClaims): Promise<EmployeeRecord> {
  const e = await getEmployee(db, claims.emp ?? 0);
  if (!e) throw new AppError('account_inactive');
  return e;
}

/** The admin list: one page, sorted on the server, with unit names. */
export async function listEmployeesFor(
  deps: EmployeeDeps,
  actor: Actor,
  q: Omit<EmployeeQuery, 'today' | 'unitIds'> & { unitId?: number; subtree?: boolean },
): Promise<{ total: number; items: EmployeeListItem[] }> {
  const scope = await scopeOf(deps.db, actor);
  let unitIds: number[] | undefined = scope === null ? undefined : [...scope];
  if (q.unitId !== undefined) {
    await unitInScope(deps.db, actor, q.unitId);
    if (q.subtree === false) unitIds = [q.unitId];
    else unitIds = await subtreeUnitIds(deps.db, q.unitId);
  }
  return searchEmployees(deps.db, { ...q, today: todayOf(deps.now()), ...(unitIds && { unitIds }) });
}

/** An employee with their unit's name and their placements (unit history). */
export async function readEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  id: number,
): Promise<{ employee: EmployeeRecord; unitName: string; placements: (Placement & { unitName: string })[] }> {
  const employee = await employeeInScope(deps.db, actor, id);
  const unit = await getUnit(deps.db, employee.unitId);
  const placements = (await listPlacements(deps.db, [id])).get(id) ?? [];
  const names = new Map<number, string>();
  for (const p of placements)
    if (!names.has(p.unitId)) names.set(p.unitId, (await getUnit(deps.db, p.unitId))?.name ?? '');
  return {
    employee,
    unitName: unit?.name ?? '',
    placements: placements.map((p) => ({ ...p, unitName: names.get(p.unitId) ?? '' })),
  };
}

export interface NewEmployee {
  kind: EmployeeKind;
  nip: string | null;
  internalId: string | null;
  name: string;
  unitId: number;
  position: string;
  rank: string | null;
  attendanceFrom: string | null;
}

/** Checks the fields of a new or edited employee; returns them normalised. */
export function checkEmployeeFields(e: NewEmployee): NewEmployee {
  const identity = validateEmployeeIdentity(e.kind, e.nip, e.internalId);
  if (!identity.ok) fail(identity.details);
  const rank = normalizeRank(e.kind, e.rank);
  if (!rank.ok) fail(rank.details);
  const name = e.name.trim().replace(/\s+/g, ' ');
  if (name === '') throw invalid('/name', 'required');
  if (e.attendanceFrom !== null) requireDate(e.attendanceFrom, '/attendanceFrom');
  return { ...e, ...identity.value, name, position: e.position.trim(), rank: rank.value };
}

/** Creates an employee in a unit of the actor's scope that is open today. */
export async function createEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  input: NewEmployee,
): Promise<EmployeeRecord> {
  const e = checkEmployeeFields(input);
  const saved = await deps.db.transaction().execute(async (trx) => {
    const unit = await unitInScope(trx, actor, e.unitId);
    if (unit.closedFrom != null && unit.closedFrom <= todayOf(deps.now())) throw new AppError('unit_closed');
    const created = await uniqueIdentity(() => insertEmployee(trx, { ...e, active: true }));
    await syncSiteLinks(trx, [created.id]);
    await auditChange(trx, actor, deps.now(), 'employee.create', `employee:${created.id}`, { ...created });
    return created;
  });
  deps.changed?.();
  return saved;
}

export type EmployeeEdit = Partial<
  Pick<NewEmployee, 'name' | 'position' | 'rank' | 'attendanceFrom' | 'nip' | 'internalId'>
>;

/**
 * Edits an employee's record. A new NIP (a PPPK's next contract) must be of the same
 * kind; the account's username follows it. The unit changes only by a move.
 */
export async function editEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  id: number,
  edit: EmployeeEdit,
): Promise<EmployeeRecord> {
  const saved = await deps.db.transaction().execute(async (trx) => {
    const before = await employeeInScope(trx, actor, id);
    const next = checkEmployeeFields({
      kind: before.kind,
      nip: edit.nip !== undefined ? edit.nip : before.nip,
      internalId: edit.internalId !== undefined ? edit.internalId : before.internalId,
      name: edit.name ?? before.name,
      unitId: before.unitId,
      position: edit.position ?? before.position,
      rank: edit.rank !== undefined ? edit.rank : (before.rank ?? null),
      attendanceFrom:
        edit.attendanceFrom !== undefined ? edit.attendanceFrom : (before.attendanceFrom ?? null),
    });
    const patch: EmployeePatch & { nip?: string | null; internalId?: string | null } = {
      name: next.name,
      position: next.position,
      rank: next.rank,
      attendanceFrom: next.attendanceFrom,
    };
    await updateEmployee(trx, id, patch);
    const oldLogin = before.nip ?? before.internalId;
    const newLogin = next.nip ?? next.internalId;
    if (oldLogin !== newLogin) {
      await uniqueIdentity(() =>
        trx
          .updateTable('employees')
          .set({ nip: next.nip, internal_id: next.internalId })
          .where('id', '=', id)
          .execute(),
      );
      await trx
        .updateTable('accounts')
        .set({ username: newLogin ?? '' })
        .where('employee_id', '=', id)
        .where('username', '=', oldLogin ?? '')
        .execute();
    }
    const after = (await getEmployee(trx, id))!;
    await auditChange(trx, actor, deps.now(), 'employee.update', `employee:${id}`, { before, after });
    return after;
  });
  deps.changed?.();
  return saved;
}

/**
 * Moves an employee to another unit from a date. The past keeps the old unit (placements),
 * so a recap of an earlier month is unchanged; a move dated today or earlier takes effect
 * on the check-in path at once, a later one when its day comes (applyDueChanges).
 */
export async function moveEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  id: number,
  to: { unitId: number; from: string },
): Promise<EmployeeRecord> {
  requireDate(to.from, '/from');
  const saved = await deps.db.transaction().execute(async (trx) => {
    const before = await employeeInScope(trx, actor, id);
    const target = await unitInScope(trx, actor, to.unitId);
    if (target.closedFrom != null && target.closedFrom <= to.from) throw new AppError('unit_closed');
    const placements = (await listPlacements(trx, [id])).get(id) ?? [];
    const inForce = [...placements].reverse().find((p) => p.fromDate <= to.from)?.unitId ?? before.unitId;
    const now = deps.now();
    await placeEmployee(trx, {
      employeeId: id,
      unitId: to.unitId,
      fromDate: to.from,
      previousUnitId: before.unitId,
      at: now,
      by: actor.accountId,
    });
    if (to.from <= todayOf(now)) {
      await updateEmployee(trx, id, { unitId: to.unitId });
      await syncSiteLinks(trx, [id]);
    }
    await auditChange(trx, actor, now, 'employee.move', `employee:${id}`, {
      fromUnitId: inForce,
      toUnitId: to.unitId,
      from: to.from,
    });
    return (await getEmployee(trx, id))!;
  });
  deps.changed?.();
  return saved;
}

/** Deactivates from a date (pensiun, mutasi keluar, …); from that date the person is not expected. */
export async function deactivateEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  id: number,
  d: { from: string; reason: InactiveReason },
): Promise<EmployeeRecord> {
  requireDate(d.from, '/from');
  const saved = await deps.db.transaction().execute(async (trx) => {
    await employeeInScope(trx, actor, id);
    const now = deps.now();
    await updateEmployee(trx, id, {
      inactiveFrom: d.from,
      inactiveReason: d.reason,
      ...(d.from <= todayOf(now) && { active: false }),
    });
    await auditChange(trx, actor, now, 'employee.deactivate', `employee:${id}`, d);
    return (await getEmployee(trx, id))!;
  });
  deps.changed?.();
  return saved;
}

/** Undoes a deactivation (a mistaken one, or a return from CLTN). */
export async function reactivateEmployee(
  deps: EmployeeDeps,
  actor: Actor,
  id: number,
): Promise<EmployeeRecord> {
  const saved = await deps.db.transaction().execute(async (trx) => {
    const before = await employeeInScope(trx, actor, id);
    await updateEmployee(trx, id, { inactiveFrom: null, inactiveReason: null, active: true });
    await auditChange(trx, actor, deps.now(), 'employee.reactivate', `employee:${id}`, {
      inactiveFrom: before.inactiveFrom ?? null,
    });
    return (await getEmployee(trx, id))!;
  });
  deps.changed?.();
  return saved;
}
