/**
 * Schedules: weekly schedules per unit, date-range overrides of them (Ramadan) and
 * person schedules; `days` is stored as JSON (Mon..Sun, null = day off).
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  FlexPolicy,
  PersonSchedule,
  ScheduleOverride,
  WeekDays,
} from '../../../core/attendance/index.js';
import type { WeeklySchedule } from '../../../core/model.js';
import type {
  Database,
  PersonSchedulesTable,
  ScheduleOverridesTable,
  ScheduleRow,
} from '../../platform/db/schema.js';

function json<T>(s: string | null): T | null {
  return s === null ? null : (JSON.parse(s) as T);
}

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

// ---------------------------------------------------------------------------------------
// Schedule overrides and person schedules
// ---------------------------------------------------------------------------------------

export async function insertOverride(
  db: Kysely<Database>,
  o: Omit<ScheduleOverride, 'id'>,
): Promise<ScheduleOverride> {
  const { id } = await db
    .insertInto('schedule_overrides')
    .values({
      name: o.name,
      from_date: o.from,
      to_date: o.to,
      unit_ids: o.unitIds ? JSON.stringify(o.unitIds) : null,
      days: JSON.stringify(o.days),
      flex: o.flex ? JSON.stringify(o.flex) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...o };
}

/** Overrides overlapping [from, to]. */
export async function listOverrides(
  db: Kysely<Database>,
  from: string,
  to: string,
): Promise<ScheduleOverride[]> {
  const rows = await db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('from_date', '<=', to)
    .where('to_date', '>=', from)
    .orderBy('id')
    .execute();
  return rows.map(overrideOf);
}

function overrideOf(r: Selectable<ScheduleOverridesTable>): ScheduleOverride {
  const o: ScheduleOverride = {
    id: r.id,
    name: r.name,
    from: r.from_date,
    to: r.to_date,
    unitIds: json<number[]>(r.unit_ids),
    days: JSON.parse(r.days) as WeekDays,
  };
  const flex = json<FlexPolicy>(r.flex);
  if (flex) o.flex = flex;
  return o;
}

export async function insertPersonSchedule(
  db: Kysely<Database>,
  p: Omit<PersonSchedule, 'id'>,
): Promise<PersonSchedule> {
  const { id } = await db
    .insertInto('person_schedules')
    .values({
      employee_id: p.employeeId,
      effective_from: p.effectiveFrom,
      effective_to: p.effectiveTo,
      days: JSON.stringify(p.days),
      flex: p.flex ? JSON.stringify(p.flex) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...p };
}

/** Person schedules in force at some point of [from, to]; `employeeIds` null = everyone. */
export async function listPersonSchedules(
  db: Kysely<Database>,
  employeeIds: readonly number[] | null,
  from: string,
  to: string,
): Promise<PersonSchedule[]> {
  if (employeeIds?.length === 0) return [];
  let q = db
    .selectFrom('person_schedules')
    .selectAll()
    .where('effective_from', '<=', to)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', from)]));
  if (employeeIds) q = q.where('employee_id', 'in', [...employeeIds]);
  const rows = await q.orderBy('id').execute();
  return rows.map(personScheduleOf);
}

function personScheduleOf(r: Selectable<PersonSchedulesTable>): PersonSchedule {
  const p: PersonSchedule = {
    id: r.id,
    employeeId: r.employee_id,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    days: JSON.parse(r.days) as WeekDays,
  };
  const flex = json<FlexPolicy>(r.flex);
  if (flex) p.flex = flex;
  return p;
}

export async function getOverride(db: Kysely<Database>, id: number): Promise<ScheduleOverride | undefined> {
  const r = await db.selectFrom('schedule_overrides').selectAll().where('id', '=', id).executeTakeFirst();
  return r && overrideOf(r);
}

/**
 * Ends an override earlier: its last date becomes `to` (a date before its first date
 * cancels it). Only ever shortens; a longer or different period is a new override,
 * which wins over older ones from its first date (core/attendance/plan.ts).
 */
export async function endOverride(db: Kysely<Database>, id: number, to: string): Promise<void> {
  await db.updateTable('schedule_overrides').set({ to_date: to }).where('id', '=', id).execute();
}

export async function getPersonSchedule(
  db: Kysely<Database>,
  id: number,
): Promise<PersonSchedule | undefined> {
  const r = await db.selectFrom('person_schedules').selectAll().where('id', '=', id).executeTakeFirst();
  return r && personScheduleOf(r);
}

/** Every person schedule of one employee, past and future, oldest first. */
export async function listPersonSchedulesOf(
  db: Kysely<Database>,
  employeeId: number,
): Promise<PersonSchedule[]> {
  const rows = await db
    .selectFrom('person_schedules')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .orderBy('id')
    .execute();
  return rows.map(personScheduleOf);
}

/** Ends a person schedule: its last date becomes `to` (only ever shortens, like {@link endOverride}). */
export async function endPersonSchedule(db: Kysely<Database>, id: number, to: string): Promise<void> {
  await db.updateTable('person_schedules').set({ effective_to: to }).where('id', '=', id).execute();
}
