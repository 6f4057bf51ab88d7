/** Employees: PNS/PPPK by NIP, non-ASN by internal id. */
import type { Kysely } from 'kysely';
import type { Employee, EmployeeKind } from '../../../core/model.js';
import type { Database, EmployeeRow } from '../../platform/db/schema.js';

export function rowToEmployee(r: EmployeeRow): Employee {
  return {
    id: r.id,
    kind: r.kind as EmployeeKind,
    nip: r.nip,
    internalId: r.internal_id,
    name: r.name,
    unitId: r.unit_id,
    position: r.position,
    active: r.active === 1,
  };
}

/** Inserts an employee. A duplicate NIP or internal id throws (see `isUniqueViolation`). */
export async function insertEmployee(db: Kysely<Database>, e: Omit<Employee, 'id'>): Promise<Employee> {
  const { id } = await db
    .insertInto('employees')
    .values({
      kind: e.kind,
      nip: e.nip,
      internal_id: e.internalId,
      name: e.name,
      unit_id: e.unitId,
      position: e.position,
      active: e.active ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...e };
}

export async function getEmployee(db: Kysely<Database>, id: number): Promise<Employee | undefined> {
  const r = await db.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToEmployee(r);
}

/** By normalised NIP (18 digits). */
export async function findEmployeeByNip(db: Kysely<Database>, nip: string): Promise<Employee | undefined> {
  const r = await db.selectFrom('employees').selectAll().where('nip', '=', nip).executeTakeFirst();
  return r && rowToEmployee(r);
}

export async function findEmployeeByInternalId(
  db: Kysely<Database>,
  internalId: string,
): Promise<Employee | undefined> {
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
): Promise<Employee[]> {
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
