/**
 * The punch log: append-only (the database refuses UPDATE and DELETE), idempotent on
 * the client-generated id, so a retry never stores a punch twice.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { addDays } from '../../../core/time.js';
import { publishChanges } from '../../platform/changes/feed.js';
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

/**
 * How many days behind today (UTC) a punch's work date must be for it to count as late.
 * A late punch may change a month that is over, whose TK count the report worker keeps
 * (features/reports/tk-cache.ts keeps only months ended more than {@link LATE_PUNCH_DAYS}
 * + 1 days ago, so the clocks of two machines may differ by a day): storing one logs a
 * change (topic `attendance`, key the employee id) in the same transaction. Punches
 * of today and yesterday, the morning's load, log nothing.
 */
export const LATE_PUNCH_DAYS = 2;

/** The latest work date that is late at `nowMs`. */
export function latePunchCutoff(nowMs: number): string {
  return addDays(new Date(nowMs).toISOString().slice(0, 10), -LATE_PUNCH_DAYS);
}

/** Logs the employees of the late punches among `stored` (those whose id is in `ids`). */
async function logLatePunches(
  db: Kysely<Database>,
  late: readonly NewPunchRow[],
  ids: ReadonlySet<string>,
): Promise<void> {
  const employees = new Set<string>();
  for (const p of late) if (ids.has(p.id)) employees.add(String(p.employee_id));
  if (employees.size > 0) await publishChanges(db, 'attendance', [...employees]);
}

/** Stores a punch unless one with the same id exists (the caller then compares request_hash). */
export async function insertPunch(db: Kysely<Database>, p: NewPunchRow): Promise<'inserted' | 'exists'> {
  const store = async (tx: Kysely<Database>) => {
    const r = await tx
      .insertInto('punches')
      .values(p)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r && p.work_date <= latePunchCutoff(Date.now())) await logLatePunches(tx, [p], new Set([r.id]));
    return r ? 'inserted' : 'exists';
  };
  // A late punch and its change-log row commit together (inside a caller's transaction, or in their own).
  if (db.isTransaction || p.work_date > latePunchCutoff(Date.now())) return store(db);
  return db.transaction().execute(store);
}

/**
 * Stores many punches in as few statements as the parameter limits allow, skipping ids
 * already stored (or repeated in the batch); returns the ids that were new. Not wrapped
 * in a transaction: the caller (the write queue) commits the batch as one (a batch with
 * a late punch outside a transaction gets one, for its change-log row).
 */
export async function insertPunches(db: Kysely<Database>, ps: readonly NewPunchRow[]): Promise<string[]> {
  const cutoff = latePunchCutoff(Date.now());
  let late: NewPunchRow[] | null = null;
  for (const p of ps) if (p.work_date <= cutoff) (late ??= []).push(p);
  // Late punches and their change-log rows commit together.
  if (late && !db.isTransaction) return db.transaction().execute((tx) => insertPunches(tx, ps));
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
  if (late) await logLatePunches(db, late, new Set(inserted));
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
