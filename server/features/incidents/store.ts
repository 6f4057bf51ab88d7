/** Incident windows (an outage, a flood) in which lateness is excused. */
import type { Kysely } from 'kysely';
import type { Incident } from '../../../core/attendance/index.js';
import type { Database } from '../../platform/db/schema.js';

export interface StoredIncident extends Incident {
  createdAt: number;
  createdBy: number | null;
}

export async function insertIncident(
  db: Kysely<Database>,
  i: Incident,
  at: number,
  by: number | null,
): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: i.id,
      from_at: i.from,
      to_at: i.to,
      unit_ids: i.unitIds ? JSON.stringify(i.unitIds) : null,
      employee_ids: i.employeeIds && i.employeeIds.length > 0 ? JSON.stringify(i.employeeIds) : null,
      reason: i.reason,
      created_at: at,
      created_by: by,
    })
    .execute();
}

/** Incidents overlapping [fromAt, toAt) (epoch ms). */
export async function listIncidents(
  db: Kysely<Database>,
  fromAt: number,
  toAt: number,
): Promise<StoredIncident[]> {
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where('from_at', '<', toAt)
    .where('to_at', '>', fromAt)
    .orderBy('from_at')
    .execute();
  return rows.map((r) => {
    const i: StoredIncident = {
      id: r.id,
      from: Number(r.from_at),
      to: Number(r.to_at),
      unitIds: r.unit_ids === null ? null : (JSON.parse(r.unit_ids) as number[]),
      reason: r.reason,
      createdAt: Number(r.created_at),
      createdBy: r.created_by,
    };
    if (r.employee_ids !== null) i.employeeIds = JSON.parse(r.employee_ids) as number[];
    return i;
  });
}

/** Those of `employeeIds` who belong to one of `unitIds`. */
export async function employeesOfUnits(
  db: Kysely<Database>,
  employeeIds: readonly number[],
  unitIds: readonly number[],
): Promise<Set<number>> {
  if (employeeIds.length === 0 || unitIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('employees')
    .select('id')
    .where('id', 'in', [...employeeIds])
    .where('unit_id', 'in', [...unitIds])
    .execute();
  return new Set(rows.map((r) => r.id));
}
