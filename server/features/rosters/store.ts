/**
 * Shift types of rostered units and the roster itself. Roster entries are append-only:
 * a swap or a change is a new entry with a higher revision (core/attendance/roster.ts).
 */
import type { Kysely } from 'kysely';
import type { RosterEntry, ShiftType } from '../../../core/attendance/index.js';
import type { Database } from '../../platform/db/schema.js';

export interface StoredShiftType extends ShiftType {
  id: number;
  unitId: number;
}

type Times = Omit<ShiftType, 'code' | 'name'>;

export async function insertShiftType(
  db: Kysely<Database>,
  unitId: number,
  s: ShiftType,
): Promise<StoredShiftType> {
  const times: Times = {
    start: s.start,
    end: s.end,
    checkInFrom: s.checkInFrom,
    checkInUntil: s.checkInUntil,
    checkOutFrom: s.checkOutFrom,
    checkOutUntil: s.checkOutUntil,
  };
  const { id } = await db
    .insertInto('shift_types')
    .values({ unit_id: unitId, code: s.code, name: s.name, times: JSON.stringify(times) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, unitId, ...s };
}

/** All shift types, or those of some units, by unit then code. */
export async function listShiftTypes(
  db: Kysely<Database>,
  unitIds?: readonly number[],
): Promise<StoredShiftType[]> {
  if (unitIds?.length === 0) return [];
  let q = db.selectFrom('shift_types').selectAll().orderBy('unit_id').orderBy('code');
  if (unitIds) q = q.where('unit_id', 'in', [...unitIds]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    code: r.code,
    name: r.name,
    ...(JSON.parse(r.times) as Times),
  }));
}

/** Appends roster entries (in chunks under the parameter limits). */
export async function insertRosterEntries(
  db: Kysely<Database>,
  entries: readonly RosterEntry[],
  at: number,
  by: number | null,
): Promise<void> {
  const CHUNK = 4000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db
      .insertInto('roster_entries')
      .values(
        entries.slice(i, i + CHUNK).map((e) => ({
          employee_id: e.employeeId,
          date: e.date,
          shift_code: e.shiftCode,
          revision: e.revision ?? 0,
          created_at: at,
          created_by: by,
        })),
      )
      .execute();
  }
}

/** Roster entries with dates in [from, to]; `employeeIds` null = everyone. */
export async function listRosterEntries(
  db: Kysely<Database>,
  employeeIds: readonly number[] | null,
  from: string,
  to: string,
): Promise<RosterEntry[]> {
  if (employeeIds?.length === 0) return [];
  let q = db
    .selectFrom('roster_entries')
    .select(['employee_id', 'date', 'shift_code', 'revision'])
    .where('date', '>=', from)
    .where('date', '<=', to);
  if (employeeIds) q = q.where('employee_id', 'in', [...employeeIds]);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    employeeId: r.employee_id,
    date: r.date,
    shiftCode: r.shift_code,
    revision: r.revision,
  }));
}
