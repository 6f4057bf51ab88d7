/** Weekly schedules per unit; `days` is stored as JSON (Mon..Sun, null = day off). */
import type { Kysely } from 'kysely';
import type { WeeklySchedule } from '../../../core/model.js';
import type { Database, ScheduleRow } from '../../platform/db/schema.js';

export function rowToSchedule(r: ScheduleRow): WeeklySchedule {
  const days = JSON.parse(r.days) as WeeklySchedule['days'];
  if (!Array.isArray(days) || days.length !== 7)
    throw new Error(`schedule ${r.id}: days must hold 7 entries`);
  return { id: r.id, unitId: r.unit_id, name: r.name, effectiveFrom: r.effective_from, days };
}

export async function insertSchedule(
  db: Kysely<Database>,
  s: Omit<WeeklySchedule, 'id'>,
): Promise<WeeklySchedule> {
  const { id } = await db
    .insertInto('schedules')
    .values({
      unit_id: s.unitId,
      name: s.name,
      effective_from: s.effectiveFrom,
      days: JSON.stringify(s.days),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...s };
}

/** All schedules, or those of the given units (an empty list matches none), by unit, start date, id. */
export async function listSchedules(db: Kysely<Database>, unitIds?: number[]): Promise<WeeklySchedule[]> {
  if (unitIds?.length === 0) return [];
  let q = db.selectFrom('schedules').selectAll().orderBy('unit_id').orderBy('effective_from').orderBy('id');
  if (unitIds) q = q.where('unit_id', 'in', unitIds);
  const rows = await q.execute();
  return rows.map(rowToSchedule);
}
