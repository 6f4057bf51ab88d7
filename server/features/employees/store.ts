/** Employees: PNS/PPPK by NIP, non-ASN by internal id. */
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Employee, EmployeeKind } from '../../../core/model.js';
import type { Database, EmployeeRow, EmployeesTable } from '../../platform/db/schema.js';

/**
 * An employee as the database holds it: rank, attendanceFrom, inactiveFrom and
 * inactiveReason are always there (null when unset), never absent as they may be on an
 * Employee built in memory.
 */
export type EmployeeRecord = Required<Employee>;

export function rowToEmployee(r: EmployeeRow): EmployeeRecord {
  return {
    id: r.id,
    kind: r.kind as EmployeeKind,
    nip: r.nip,
    internalId: r.internal_id,
    name: r.name,
    unitId: r.unit_id,
    position: r.position,
    active: r.active === 1,
    rank: r.rank,
    attendanceFrom: r.attendance_from,
    inactiveFrom: r.inactive_from,
    inactiveReason: r.inactive_reason,
  };
}

/** Inserts an employee. A duplicate NIP or internal id throws (see `isUniqueViolation`). */
export async function insertEmployee(db: Kysely<Database>, e: Omit<Employee, 'id'>): Promise<EmployeeRecord> {
  const { id } = await db
    .insertInto('employees')
    .values(employeeToRow(e))
    .returning('id')
    .executeTakeFirstOrThrow();
  return withDefaults(id, e);
}

function employeeToRow(e: Omit<Employee, 'id'>): Insertable<EmployeesTable> {
  return {
    kind: e.kind,
    nip: e.nip,
    internal_id: e.internalId,
    name: e.name,
    unit_id: e.unitId,
    position: e.position,
    active: e.active ? 1 : 0,
    rank: e.rank ?? null,
    attendance_from: e.attendanceFrom ?? null,
    inactive_from: e.inactiveFrom ?? null,
    inactive_reason: e.inactiveReason ?? null,
  };
}

function withDefaults(id: number, e: Omit<Employee, 'id'>): EmployeeRecord {
  return {
    id,
    ...e,
    rank: e.rank ?? null,
    attendanceFrom: e.attendanceFrom ?? null,
    inactiveFrom: e.inactiveFrom ?? null,
    inactiveReason: e.inactiveReason ?? null,
  };
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters (11 columns). */
const EMPLOYEES_PER_STATEMENT = 500;

/**
 * Inserts many employees in multi-row statements (the import's 10,000 rows in 20); the
 * result is in input order. A duplicate NIP or internal id throws (unique).
 */
export async function insertEmployees(
  db: Kysely<Database>,
  list: readonly Omit<Employee, 'id'>[],
): Promise<EmployeeRecord[]> {
  const out: EmployeeRecord[] = [];
  for (let i = 0; i < list.length; i += EMPLOYEES_PER_STATEMENT) {
    const chunk = list.slice(i, i + EMPLOYEES_PER_STATEMENT);
    const ids = await db.insertInto('employees').values(chunk.map(employeeToRow)).returning('id').execute();
    // RETURNING follows the VALUES order on both engines for a plain multi-row insert.
    chunk.forEach((e, k) => out.push(withDefaults(ids[k]!.id, e)));
  }
  return out;
}

/** The fields of an employee that change in place; the unit changes through placements. */
export type EmployeePatch = Partial<
  Pick<
    Employee,
    'name' | 'position' | 'rank' | 'attendanceFrom' | 'inactiveFrom' | 'inactiveReason' | 'active' | 'unitId'
  >
>;

/** Changes an employee's fields; false when there is no such employee. */
export async function updateEmployee(
  db: Kysely<Database>,
  id: number,
  patch: EmployeePatch,
): Promise<boolean> {
  const set: Updateable<EmployeesTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.position !== undefined) set.position = patch.position;
  if (patch.rank !== undefined) set.rank = patch.rank;
  if (patch.attendanceFrom !== undefined) set.attendance_from = patch.attendanceFrom;
  if (patch.inactiveFrom !== undefined) set.inactive_from = patch.inactiveFrom;
  if (patch.inactiveReason !== undefined) set.inactive_reason = patch.inactiveReason;
  if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
  if (patch.unitId !== undefined) set.unit_id = patch.unitId;
  if (Object.keys(set).length === 0) return (await getEmployee(db, id)) !== undefined;
  const r = await db.updateTable('employees').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function getEmployee(db: Kysely<Database>, id: number): Promise<EmployeeRecord | undefined> {
  const r = await db.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToEmployee(r);
}

/** By normalised NIP (18 digits). */
export async function findEmployeeByNip(
  db: Kysely<Database>,
  nip: string,
): Promise<EmployeeRecord | undefined> {
  const r = await db.selectFrom('employees').selectAll().where('nip', '=', nip).executeTakeFirst();
  return r && rowToEmployee(r);
}

export async function findEmployeeByInternalId(
  db: Kysely<Database>,
  internalId: string,
): Promise<EmployeeRecord | undefined> {
  const r = await db
    .selectFrom('employees')
    .selectAll()
    .where('internal_id', '=', internalId)
    .executeTakeFirst();
  return r && rowToEmployee(r);
}

/** Employees by id, optionally only in the given units (an empty list matches none). */
export async function listEmployees(
  db: Kysely<Database>,
  opts: { unitIds?: number[]; limit?: number; offset?: number } = {},
): Promise<EmployeeRecord[]> {
  if (opts.unitIds?.length === 0) return [];
  let q = db.selectFrom('employees').selectAll().orderBy('id');
  if (opts.unitIds) q = q.where('unit_id', 'in', opts.unitIds);
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  if (opts.offset !== undefined) q = q.offset(opts.offset);
  const rows = await q.execute();
  return rows.map(rowToEmployee);
}

export async function countEmployees(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('employees')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How an admin list of employees is filtered, sorted and paged. */
export interface EmployeeQuery {
  /** Part of the name (any case), the start of a NIP (spaces ignored) or part of an internal id. */
  q?: string;
  /** Only these units (an empty list matches none); absent = all. */
  unitIds?: readonly number[];
  kind?: EmployeeKind;
  /** Active on `today` (not inactive from a date on or before it), or the opposite. */
  active?: boolean;
  today: string;
  sort: 'name' | 'nip' | 'unit' | 'id';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A row of an admin list: the employee with the name and code of their unit. */
export type EmployeeListItem = EmployeeRecord & { unitName: string; unitCode: string | null };

/** One page of employees and the number of all that match. */
export async function searchEmployees(
  db: Kysely<Database>,
  query: EmployeeQuery,
): Promise<{ total: number; items: EmployeeListItem[] }> {
  if (query.unitIds?.length === 0) return { total: 0, items: [] };
  let base = db.selectFrom('employees').innerJoin('units', 'units.id', 'employees.unit_id');
  if (query.unitIds) base = base.where('employees.unit_id', 'in', [...query.unitIds]);
  if (query.kind) base = base.where('employees.kind', '=', query.kind);
  if (query.active !== undefined) {
    const today = query.today;
    base = query.active
      ? base.where((eb) =>
          eb.or([eb('employees.inactive_from', 'is', null), eb('employees.inactive_from', '>', today)]),
        )
      : base.where('employees.inactive_from', '<=', today);
  }
  const q = query.q?.trim();
  if (q) {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/[\s.-]/g, '');
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['employees.name']), 'like', sql<string>`${like} escape '\\'`),
        eb(eb.fn('lower', ['employees.internal_id']), 'like', sql<string>`${like} escape '\\'`),
        ...(/^[0-9]{1,18}$/.test(digits) ? [eb('employees.nip', 'like', `${digits}%`)] : []),
      ]),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const column = {
    name: 'employees.name',
    nip: 'employees.nip',
    unit: 'units.name',
    id: 'employees.id',
  } as const;
  const rows = await base
    .selectAll('employees')
    .select(['units.name as unit_name', 'units.code as unit_code'])
    .orderBy(column[query.sort], query.order)
    .orderBy('employees.id', query.order)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({ ...rowToEmployee(r), unitName: r.unit_name, unitCode: r.unit_code })),
  };
}

/** Employees with these NIPs or internal ids (the import looks up a whole file at once). */
export async function findEmployeesByKeys(
  db: Kysely<Database>,
  nips: readonly string[],
  internalIds: readonly string[],
): Promise<EmployeeRecord[]> {
  const out: EmployeeRecord[] = [];
  for (const [column, keys] of [
    ['nip', nips],
    ['internal_id', internalIds],
  ] as const) {
    for (let i = 0; i < keys.length; i += 5000) {
      const chunk = keys.slice(i, i + 5000);
      const rows = await db.selectFrom('employees').selectAll().where(column, 'in', chunk).execute();
      out.push(...rows.map(rowToEmployee));
    }
  }
  return out;
}
