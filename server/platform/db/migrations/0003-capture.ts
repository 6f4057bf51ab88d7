/**
 * Offline capture (issue 4): enrolled devices, and what a punch now records about how
 * its time was established and which device signed it.
 *
 * The new punch columns are nullable, and old rows keep null in them. Punches are
 * append-only (triggers of 0001 refuse UPDATE), so backfilling `time_of_record =
 * captured_at` would mean dropping the guard for the length of the migration and
 * rewriting every row of the event log — slow on a large table, and exactly the kind of
 * history edit the guard exists to prevent. A NOT NULL column with a constant DEFAULT
 * would store a wrong value (0) instead. So readers treat null as "before 0003":
 * `time_of_record` = captured_at and `time_source` = 'device_clock' (the phone's clock
 * was then the only time there was) — see punchToResponse and listPunches.
 *
 * Devices: one row per enrolled phone. Status moves pending → active → revoked (or
 * straight to active for an employee's first phone). On PostgreSQL a trigger sends
 * NOTIFY hadir_devices with the id on every change, so every API node drops its cached
 * copy at once, whoever made the change (another node, the CLI, SQL by hand).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const PUNCH_COLUMNS = [
  ['time_of_record', 'bigint'],
  ['time_source', 'text'],
  ['anchor_time', 'bigint'],
  ['elapsed_ms', 'bigint'],
  ['device_id', 'text'],
  ['photo_sha256', 'text'],
  ['photo_bytes', 'integer'],
] as const;

async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('approved_at', 'bigint')
    .addColumn('approved_by', 'integer')
    .addColumn('revoked_at', 'bigint')
    .addCheckConstraint('devices_status_check', sql`status in ('active', 'pending', 'revoked')`)
    .execute();
  await db.schema.createIndex('devices_employee_idx').on('devices').column('employee_id').execute();
  await db.schema.createIndex('devices_status_idx').on('devices').column('status').execute();

  for (const [name, type] of PUNCH_COLUMNS) {
    await db.schema.alterTable('punches').addColumn(name, type).execute();
  }

  if (isPostgres(db)) {
    await sql`
      create function devices_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hadir_devices', coalesce(new.id, old.id));
        return null;
      end $$`.execute(db);
    await sql`create trigger devices_changed after insert or update or delete on devices
      for each row execute function devices_changed()`.execute(db);
  }
}

async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger devices_changed on devices`.execute(db);
    await sql`drop function devices_changed()`.execute(db);
  }
  // Dropping columns of punches is allowed (DDL, not UPDATE); SQLite ≥ 3.35 supports it.
  for (const [name] of [...PUNCH_COLUMNS].reverse()) {
    await db.schema.alterTable('punches').dropColumn(name).execute();
  }
  await db.schema.dropTable('devices').execute();
}

export const capture: Migration = { up, down };
