/**
 * Rule data of the attendance domain: rule set versions per organisation, holidays,
 * per-unit settings (works on holidays, flex and grace), date-range schedule overrides
 * (Ramadan) and person schedules. Rows ↔ core/attendance types live here.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  FlexPolicy,
  Holiday,
  PersonSchedule,
  RuleSet,
  ScheduleOverride,
  WeekDays,
} from '../../../core/attendance/index.js';
import type { Database, PersonSchedulesTable, ScheduleOverridesTable } from '../../platform/db/schema.js';

function json<T>(s: string | null): T | null {
  return s === null ? null : (JSON.parse(s) as T);
}

// ---------------------------------------------------------------------------------------
// Rule sets (append-only versions)
// ---------------------------------------------------------------------------------------

export interface StoredRuleSet {
  organisationId: number;
  createdAt: number;
  createdBy: number | null;
  rules: RuleSet;
}

/** Stores a new version; an existing id is refused by the primary key (see isUniqueViolation). */
export async function insertRuleSet(
  db: Kysely<Database>,
  organisationId: number,
  rules: RuleSet,
  at: number,
  by: number | null,
): Promise<void> {
  await db
    .insertInto('rule_sets')
    .values({
      id: rules.id,
      organisation_id: organisationId,
      effective_from: rules.effectiveFrom,
      data: JSON.stringify(rules),
      created_at: at,
      created_by: by,
    })
    .execute();
}

/** Every version of an organisation's rules, oldest effective date first. */
export async function listRuleSets(db: Kysely<Database>, organisationId: number): Promise<StoredRuleSet[]> {
  const rows = await db
    .selectFrom('rule_sets')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('effective_from')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    rules: JSON.parse(r.data) as RuleSet,
  }));
}

// ---------------------------------------------------------------------------------------
// Holidays (editable)
// ---------------------------------------------------------------------------------------

export interface StoredHoliday extends Holiday {
  id: number;
}

export async function insertHoliday(db: Kysely<Database>, h: Holiday): Promise<StoredHoliday> {
  const unitIds = h.unitIds ?? null;
  const { id } = await db
    .insertInto('holidays')
    .values({ date: h.date, name: h.name, kind: h.kind, unit_ids: unitIds ? JSON.stringify(unitIds) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, date: h.date, name: h.name, kind: h.kind, unitIds };
}

export async function updateHoliday(db: Kysely<Database>, id: number, h: Holiday): Promise<boolean> {
  const unitIds = h.unitIds ?? null;
  const r = await db
    .updateTable('holidays')
    .set({ date: h.date, name: h.name, kind: h.kind, unit_ids: unitIds ? JSON.stringify(unitIds) : null })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteHoliday(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('holidays').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Holidays with dates in [from, to], by date then id. */
export async function listHolidays(db: Kysely<Database>, from: string, to: string): Promise<StoredHoliday[]> {
  const rows = await db
    .selectFrom('holidays')
    .selectAll()
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    name: r.name,
    kind: r.kind as Holiday['kind'],
    unitIds: json<number[]>(r.unit_ids),
  }));
}

// ---------------------------------------------------------------------------------------
// Unit rules
// ---------------------------------------------------------------------------------------

export interface UnitRules {
  unitId: number;
  worksOnHolidays: boolean;
  flex: FlexPolicy;
}

/** Sets (insert or replace) a unit's settings. */
export async function setUnitRules(db: Kysely<Database>, u: UnitRules): Promise<void> {
  const row = {
    unit_id: u.unitId,
    works_on_holidays: u.worksOnHolidays ? 1 : 0,
    flex_minutes: u.flex.flexMinutes,
    late_grace_minutes: u.flex.lateGraceMinutes,
    early_grace_minutes: u.flex.earlyGraceMinutes,
  };
  await db
    .insertInto('unit_rules')
    .values(row)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({
        works_on_holidays: row.works_on_holidays,
        flex_minutes: row.flex_minutes,
        late_grace_minutes: row.late_grace_minutes,
        early_grace_minutes: row.early_grace_minutes,
      }),
    )
    .execute();
}

/** A unit's own settings row, if it has one (a unit without one inherits its parent's). */
export async function getUnitRules(db: Kysely<Database>, unitId: number): Promise<UnitRules | undefined> {
  const r = await db.selectFrom('unit_rules').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  return (
    r && {
      unitId: r.unit_id,
      worksOnHolidays: r.works_on_holidays === 1,
      flex: {
        flexMinutes: r.flex_minutes,
        lateGraceMinutes: r.late_grace_minutes,
        earlyGraceMinutes: r.early_grace_minutes,
      },
    }
  );
}

export async function listUnitRules(db: Kysely<Database>): Promise<Map<number, UnitRules>> {
  const rows = await db.selectFrom('unit_rules').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.unit_id,
      {
        unitId: r.unit_id,
        worksOnHolidays: r.works_on_holidays === 1,
        flex: {
          flexMinutes: r.flex_minutes,
          lateGraceMinutes: r.late_grace_minutes,
          earlyGraceMinutes: r.early_grace_minutes,
        },
      },
    ]),
  );
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
