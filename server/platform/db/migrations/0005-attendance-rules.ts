/**
 * The rules that decide pay (issue 5): rule sets, holidays, unit settings, schedule
 * overrides, person schedules, shift types, rosters, leave and correction requests,
 * attendance entries by admins and approved corrections, incident windows, and the
 * attachments that back requests.
 *
 * Rules are versioned data: a rule set is never edited, a new version with a later
 * `effective_from` replaces it from that date. Roster entries and attendance entries are
 * append-only (a swap is a new roster revision, a correction is a new event, a mistaken
 * entry is voided by another entry), guarded by triggers like the punches of 0001.
 * Requests (leave, correction) carry a decision: that is the state of a request, not
 * the attendance record, and the decision itself is written once (pending → approved /
 * rejected) and audited.
 *
 * Daily statuses and recaps are not stored: they are computed on demand from these
 * tables and the punches (server/attendance/recap.service.ts explains why).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { HOLIDAYS_2026 } from '../../../../core/attendance/holidays-2026.js';
import { RAMADAN_2026, RAMADAN_FIVE_DAY } from '../../../../core/attendance/ramadan-2026.js';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const APPEND_ONLY = ['roster_entries', 'attendance_entries', 'rule_sets'] as const;

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);

  // One row per version; `data` is the RuleSet JSON (core/attendance/types.ts).
  await db.schema
    .createTable('rule_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema
    .createIndex('rule_sets_org_idx')
    .on('rule_sets')
    .columns(['organisation_id', 'effective_from'])
    .execute();

  await db.schema
    .createTable('holidays')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON array of unit ids for regional holidays; null = everyone. */
    .addColumn('unit_ids', 'text')
    .addCheckConstraint('holidays_kind_check', sql`kind in ('national', 'cuti_bersama', 'regional')`)
    .execute();
  await db.schema.createIndex('holidays_date_idx').on('holidays').column('date').execute();

  await db.schema
    .createTable('unit_rules')
    .addColumn('unit_id', 'integer', (c) => c.primaryKey().references('units.id'))
    .addColumn('works_on_holidays', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flex_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late_grace_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('early_grace_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('schedule_overrides')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('unit_ids', 'text')
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('flex', 'text')
    .execute();

  await db.schema
    .createTable('person_schedules')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('flex', 'text')
    .execute();
  await db.schema
    .createIndex('person_schedules_emp_idx')
    .on('person_schedules')
    .column('employee_id')
    .execute();

  await db.schema
    .createTable('shift_types')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON of the ShiftType's minutes (start, end, the four window edges). */
    .addColumn('times', 'text', (c) => c.notNull())
    .addUniqueConstraint('shift_types_unit_code_uq', ['unit_id', 'code'])
    .execute();

  await db.schema
    .createTable('roster_entries')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('shift_code', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema
    .createIndex('roster_entries_emp_date_idx')
    .on('roster_entries')
    .columns(['employee_id', 'date'])
    .execute();
  await db.schema.createIndex('roster_entries_date_idx').on('roster_entries').column('date').execute();

  await db.schema
    .createTable('attachments')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'attachments_type_check',
      sql`content_type in ('application/pdf', 'image/jpeg', 'image/png')`,
    )
    .execute();

  await db.schema
    .createTable('leave_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('attachment_sha256', 'text', (c) => c.references('attachments.sha256'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'integer')
    .addColumn('decision_reason', 'text')
    .addCheckConstraint('leave_status_check', sql`status in ('pending', 'approved', 'rejected')`)
    .execute();
  await db.schema
    .createIndex('leave_requests_emp_idx')
    .on('leave_requests')
    .columns(['employee_id', 'from_date'])
    .execute();
  await db.schema.createIndex('leave_requests_status_idx').on('leave_requests').column('status').execute();

  await db.schema
    .createTable('correction_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('attachment_sha256', 'text', (c) => c.references('attachments.sha256'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'integer')
    .addColumn('decision_reason', 'text')
    .addCheckConstraint('correction_kind_check', sql`kind in ('in', 'out')`)
    .addCheckConstraint('correction_status_check', sql`status in ('pending', 'approved', 'rejected')`)
    .execute();
  await db.schema
    .createIndex('correction_requests_emp_idx')
    .on('correction_requests')
    .columns(['employee_id', 'work_date'])
    .execute();

  // Admin entries and approved corrections: new events with their author, never edits.
  await db.schema
    .createTable('attendance_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('author', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('voids', 'text')
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('attendance_entries_kind_check', sql`kind in ('in', 'out', 'void')`)
    .addCheckConstraint('attendance_entries_source_check', sql`source in ('admin', 'correction')`)
    .execute();
  await db.schema
    .createIndex('attendance_entries_emp_idx')
    .on('attendance_entries')
    .columns(['employee_id', 'work_date'])
    .execute();
  await db.schema
    .createIndex('attendance_entries_date_idx')
    .on('attendance_entries')
    .column('work_date')
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    .addColumn('to_at', 'bigint', (c) => c.notNull())
    .addColumn('unit_ids', 'text')
    .addColumn('employee_ids', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('incidents_from_idx').on('incidents').column('from_at').execute();

  if (pg) {
    await sql`
      create function attendance_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name;
      end
      $$`.execute(db);
    for (const t of APPEND_ONLY) {
      await sql`create trigger ${sql.raw(`${t}_no_change`)} before update or delete on ${sql.table(t)}
        for each row execute function attendance_append_only()`.execute(db);
    }
  } else {
    for (const t of APPEND_ONLY) {
      for (const op of ['update', 'delete']) {
        await sql`create trigger ${sql.raw(`${t}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(t)}
          begin select raise(abort, ${sql.lit(`${t} is append-only`)}); end`.execute(db);
      }
    }
  }

  // Seed data: the SKB 3 Menteri 2026 holidays and the national Ramadan 1447 H hours
  // (SE MenPANRB, 5-day week) for every unit. Both stay editable.
  for (const h of HOLIDAYS_2026) {
    await sql`insert into holidays (date, name, kind, unit_ids) values (${h.date}, ${h.name}, ${h.kind}, null)`.execute(
      db,
    );
  }
  await sql`insert into schedule_overrides (name, from_date, to_date, unit_ids, days, flex)
    values (${'Ramadan 1447 H (5 hari kerja)'}, ${RAMADAN_2026.from}, ${RAMADAN_2026.to}, null,
      ${JSON.stringify(RAMADAN_FIVE_DAY)}, null)`.execute(db);
}

async function down(db: Db): Promise<void> {
  for (const t of [
    'incidents',
    'attendance_entries',
    'correction_requests',
    'leave_requests',
    'attachments',
    'roster_entries',
    'shift_types',
    'person_schedules',
    'schedule_overrides',
    'unit_rules',
    'holidays',
    'rule_sets',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  if (isPostgres(db)) await sql`drop function attendance_append_only()`.execute(db);
}

export const attendanceRules: Migration = { up, down };
