/**
 * Placements: which unit a person belongs to from which date (migration 0008). A move is
 * a new placement; `employees.unit_id` mirrors the placement in force today, brought up
 * to date by {@link applyDueChanges} when a move dated in the future comes due. An
 * employee without any placement row has always been in `employees.unit_id`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/** Placements begin on this date when nothing earlier is known ("since always"). */
export const SINCE_ALWAYS = '1900-01-01';

export interface Placement {
  employeeId: number;
  unitId: number;
  /** First date in the unit. */
  fromDate: string;
}

/**
 * Records that the employee is in `unitId` from `fromDate` on. A placement already on
 * that date is replaced, and any placement after it is removed: the latest decision
 * wins for every date from `fromDate`. The employee's first placement (since always, in
 * the unit held so far) is written first when none exists, so the past keeps its unit.
 */
export async function placeEmployee(
  db: Kysely<Database>,
  p: Placement & { previousUnitId: number; at: number; by: number | null },
): Promise<void> {
  const any = await db
    .selectFrom('employee_placements')
    .select('id')
    .where('employee_id', '=', p.employeeId)
    .limit(1)
    .executeTakeFirst();
  if (!any && p.fromDate > SINCE_ALWAYS) {
    await db
      .insertInto('employee_placements')
      .values({
        employee_id: p.employeeId,
        unit_id: p.previousUnitId,
        from_date: SINCE_ALWAYS,
        created_at: p.at,
        created_by: p.by,
      })
      .execute();
  }
  await db
    .deleteFrom('employee_placements')
    .where('employee_id', '=', p.employeeId)
    .where('from_date', '>=', p.fromDate)
    .execute();
  await db
    .insertInto('employee_placements')
    .values({
      employee_id: p.employeeId,
      unit_id: p.unitId,
      from_date: p.fromDate,
      created_at: p.at,
      created_by: p.by,
    })
    .execute();
}

/** Writes first placements for new employees in multi-row statements (the import). */
export async function insertPlacements(
  db: Kysely<Database>,
  list: readonly Placement[],
  at: number,
  by: number | null,
): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    if (chunk.length === 0) break;
    await db
      .insertInto('employee_placements')
      .values(
        chunk.map((p) => ({
          employee_id: p.employeeId,
          unit_id: p.unitId,
          from_date: p.fromDate,
          created_at: at,
          created_by: by,
        })),
      )
      .execute();
  }
}

/** Every placement of the employees (all when null), by employee, each list in date order. */
export async function listPlacements(
  db: Kysely<Database>,
  employeeIds: readonly number[] | null,
): Promise<Map<number, Placement[]>> {
  const out = new Map<number, Placement[]>();
  if (employeeIds?.length === 0) return out;
  let q = db
    .selectFrom('employee_placements')
    .select(['employee_id', 'unit_id', 'from_date'])
    .orderBy('employee_id')
    .orderBy('from_date');
  if (employeeIds) q = q.where('employee_id', 'in', [...employeeIds]);
  for (const r of await q.execute()) {
    const p = { employeeId: r.employee_id, unitId: r.unit_id, fromDate: r.from_date };
    const list = out.get(r.employee_id);
    if (list) list.push(p);
    else out.set(r.employee_id, [p]);
  }
  return out;
}

/**
 * Ids of employees who belong to one of `unitIds` on some date of [from, to]: now (by
 * `employees.unit_id`, for those never moved) or through a placement that overlaps the
 * period. The recap of a past month finds the people who were there then.
 */
export async function employeeIdsPlacedIn(
  db: Kysely<Database>,
  unitIds: readonly number[],
  from: string,
  to: string,
): Promise<number[]> {
  if (unitIds.length === 0) return [];
  const units = [...unitIds];
  const rows = await db
    .selectFrom('employees')
    .select('employees.id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('employees.unit_id', 'in', units),
          eb.not(
            eb.exists(
              eb
                .selectFrom('employee_placements as p0')
                .select('p0.id')
                .whereRef('p0.employee_id', '=', 'employees.id'),
            ),
          ),
        ]),
        eb.exists(
          eb
            .selectFrom('employee_placements as p')
            .select('p.id')
            .whereRef('p.employee_id', '=', 'employees.id')
            .where('p.unit_id', 'in', units)
            .where('p.from_date', '<=', to)
            // The placement ends where the next one begins.
            .where((e2) =>
              e2.not(
                e2.exists(
                  e2
                    .selectFrom('employee_placements as q')
                    .select('q.id')
                    .whereRef('q.employee_id', '=', 'p.employee_id')
                    .whereRef('q.from_date', '>', 'p.from_date')
                    .where('q.from_date', '<=', from),
                ),
              ),
            ),
        ),
      ]),
    )
    .orderBy('employees.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Brings `employees` up to date on `today`: the unit of the placement in force (a move
 * dated in the future has come due) and `active` = 0 from `inactive_from`. Idempotent,
 * safe from several processes at once. Returns the ids whose unit changed and those
 * deactivated, so the caller can re-derive their inherited sites.
 */
export async function applyDueChanges(
  db: Kysely<Database>,
  today: string,
): Promise<{ moved: number[]; deactivated: number[] }> {
  const due = await db
    .selectFrom('employee_placements as p')
    .innerJoin('employees as e', 'e.id', 'p.employee_id')
    .select(['p.employee_id', 'p.unit_id'])
    .where('p.from_date', '<=', today)
    .whereRef('p.unit_id', '!=', 'e.unit_id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('employee_placements as q')
            .select('q.id')
            .whereRef('q.employee_id', '=', 'p.employee_id')
            .whereRef('q.from_date', '>', 'p.from_date')
            .where('q.from_date', '<=', today),
        ),
      ),
    )
    .execute();
  for (const d of due) {
    await db.updateTable('employees').set({ unit_id: d.unit_id }).where('id', '=', d.employee_id).execute();
  }
  const deactivated = await db
    .updateTable('employees')
    .set({ active: 0 })
    .where('active', '=', 1)
    .where('inactive_from', 'is not', null)
    .where('inactive_from', '<=', today)
    .returning('id')
    .execute();
  return { moved: due.map((d) => d.employee_id), deactivated: deactivated.map((r) => r.id) };
}

/** The latest placement's unit per employee (a move dated in the future counts), for the import plan. */
export async function latestUnits(
  db: Kysely<Database>,
  employeeIds: readonly number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < employeeIds.length; i += 5000) {
    const ids = employeeIds.slice(i, i + 5000);
    const rows = await db
      .selectFrom('employee_placements as p')
      .select(['p.employee_id', 'p.unit_id'])
      .where('p.employee_id', 'in', ids)
      .where(
        'p.from_date',
        '=',
        sql<string>`(select max(q.from_date) from employee_placements q where q.employee_id = p.employee_id)`,
      )
      .execute();
    for (const r of rows) out.set(r.employee_id, r.unit_id);
  }
  return out;
}
