/**
 * The punch log: append-only (the database refuses UPDATE and DELETE), idempotent on
 * the client-generated id, so a retry never stores a punch twice.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, NewPunchRow, PunchesTable, PunchRow } from '../../platform/db/schema.js';

/** Every column once (the type makes a new column a compile error here until listed). */
const PUNCH_COLUMNS: Record<keyof PunchesTable, true> = {
  id: true,
  employee_id: true,
  kind: true,
  source: true,
  captured_at: true,
  received_at: true,
  lat: true,
  lon: true,
  accuracy: true,
  request_hash: true,
  work_date: true,
  zone: true,
  local_time: true,
  fence_status: true,
  location_id: true,
  location_name: true,
  distance_m: true,
  by_accuracy: true,
  window: true,
  late_minutes: true,
  early_minutes: true,
  scheduled_start: true,
  scheduled_end: true,
  flags: true,
  time_of_record: true,
  time_source: true,
  anchor_time: true,
  elapsed_ms: true,
  device_id: true,
  photo_sha256: true,
  photo_bytes: true,
  terminal_id: true,
  time_uncertainty_ms: true,
  time_cause: true,
  contact_at: true,
};
/** The column names in one fixed order (for hand-prepared statements). */
export const PUNCH_COLUMN_NAMES = Object.keys(PUNCH_COLUMNS) as (keyof PunchesTable)[];

/**
 * Rows per multi-row insert: one bound parameter per column per row, and SQLite allows
 * 32766 per statement (PostgreSQL 65535), so stay under the lower.
 */
export const PUNCHES_PER_STATEMENT = Math.floor(32766 / Object.keys(PUNCH_COLUMNS).length);

/** Stores a punch unless one with the same id exists (the caller then compares request_hash). */
export async function insertPunch(db: Kysely<Database>, p: NewPunchRow): Promise<'inserted' | 'exists'> {
  const r = await db
    .insertInto('punches')
    .values(p)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? 'inserted' : 'exists';
}

/**
 * Stores many punches in as few statements as the parameter limits allow, skipping ids
 * already stored (or repeated in the batch); returns the ids that were new. Not wrapped
 * in a transaction: the caller (the write queue) commits the batch as one.
 */
export async function insertPunches(db: Kysely<Database>, ps: readonly NewPunchRow[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < ps.length; i += PUNCHES_PER_STATEMENT) {
    const rows = await db
      .insertInto('punches')
      .values(ps.slice(i, i + PUNCHES_PER_STATEMENT))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of rows) inserted.push(r.id);
  }
  return inserted;
}

export async function getPunch(db: Kysely<Database>, id: string): Promise<PunchRow | undefined> {
  return db.selectFrom('punches').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An employee's punches with work dates in [fromDate, toDate], in order of their time of record. */
export async function listPunches(
  db: Kysely<Database>,
  employeeId: number,
  fromDate: string,
  toDate: string,
): Promise<PunchRow[]> {
  return (
    db
      .selectFrom('punches')
      .selectAll()
      .where('employee_id', '=', employeeId)
      .where('work_date', '>=', fromDate)
      .where('work_date', '<=', toDate)
      // Rows from before migration 0003 have no time of record: their captured_at is it.
      .orderBy(sql`coalesce(time_of_record, captured_at)`)
      .orderBy('id')
      .execute()
  );
}

export async function countPunches(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('punches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
