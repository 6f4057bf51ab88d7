/**
 * Every channel into one event log (issue 15): a punch now comes from the app, a
 * fingerprint machine, a shared kiosk, an admin's manual list or an import, and names
 * the machine or kiosk that produced it. Only the app must carry a position: a machine
 * or a kiosk stands at a work site, and that site stands for the position.
 *
 * - `punches.lat`, `lon`, `accuracy` become nullable (all three or none), with the
 *   checks that an app punch still has them and that the source is one of the five.
 * - `punches.terminal_id`: the machine (`machines.id`, migration 0011) or kiosk
 *   (`kiosks.id`) that produced the punch; null for the app. Indexed with the employee
 *   and the time of record, so "did this person press on this terminal in the last
 *   minute?" is one index probe.
 * - `kiosks`: tablets enrolled by an admin as the kiosk of a site, each with its own
 *   HMAC key (the phone's device binding, one key per tablet instead of per person).
 * - `kiosk_credentials`: what an employee identifies with at a kiosk: a PIN (scrypt
 *   hash) and the QR code on the ID card (SHA-256 of a random secret), and the count of
 *   wrong PINs that locks the PIN for a while.
 *
 * PostgreSQL drops the NOT NULLs in place (no rewrite). SQLite cannot drop a NOT NULL,
 * so it rebuilds the table the way SQLite documents (ALTER TABLE §7: new table, copy,
 * drop, rename, with foreign keys off for the length of it) and recreates the indexes
 * and the append-only triggers. Copying rows is not an edit of them: ids, times and
 * verdicts are carried over unchanged, and punch_photos keeps referring to them.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The sources a punch may have (core/model.ts PUNCH_SOURCES), frozen into the check. */
const SOURCES = ['app', 'fingerprint', 'kiosk', 'manual', 'import'] as const;

const sourceCheck = sql`source in (${sql.join(SOURCES.map((s) => sql.lit(s)))})`;
const locationCheck = sql`(lat is null) = (lon is null) and (lat is null) = (accuracy is null)`;
const appLocationCheck = sql`source <> 'app' or lat is not null`;

/** Every column of punches after this migration, in the order of 0001 then 0003. */
function punchColumns<T extends string>(t: CreateTableBuilder<T, never>, nullableLocation: boolean) {
  const loc = (c: ColumnDefinitionBuilder) => (nullableLocation ? c : c.notNull());
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('lat', 'double precision', loc)
    .addColumn('lon', 'double precision', loc)
    .addColumn('accuracy', 'double precision', loc)
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('local_time', 'text', (c) => c.notNull())
    .addColumn('fence_status', 'text', (c) => c.notNull())
    .addColumn('location_id', 'integer')
    .addColumn('location_name', 'text')
    .addColumn('distance_m', 'double precision', (c) => c.notNull())
    .addColumn('by_accuracy', 'integer', (c) => c.notNull())
    .addColumn('window', 'text', (c) => c.notNull())
    .addColumn('late_minutes', 'integer', (c) => c.notNull())
    .addColumn('early_minutes', 'integer', (c) => c.notNull())
    .addColumn('scheduled_start', 'text')
    .addColumn('scheduled_end', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('time_of_record', 'bigint')
    .addColumn('time_source', 'text')
    .addColumn('anchor_time', 'bigint')
    .addColumn('elapsed_ms', 'bigint')
    .addColumn('device_id', 'text')
    .addColumn('photo_sha256', 'text')
    .addColumn('photo_bytes', 'integer')
    .addCheckConstraint('punches_kind_check', sql`kind in ('in', 'out')`)
    .addCheckConstraint('punches_by_accuracy_check', sql`by_accuracy in (0, 1)`);
}

/** The columns both versions of the table have (everything but terminal_id). */
const OLD_COLUMNS = [
  'id',
  'employee_id',
  'kind',
  'source',
  'captured_at',
  'received_at',
  'lat',
  'lon',
  'accuracy',
  'request_hash',
  'work_date',
  'zone',
  'local_time',
  'fence_status',
  'location_id',
  'location_name',
  'distance_m',
  'by_accuracy',
  'window',
  'late_minutes',
  'early_minutes',
  'scheduled_start',
  'scheduled_end',
  'flags',
  'time_of_record',
  'time_source',
  'anchor_time',
  'elapsed_ms',
  'device_id',
  'photo_sha256',
  'photo_bytes',
] as const;

async function sqliteTriggersAndIndexes(db: Db): Promise<void> {
  await db.schema
    .createIndex('punches_employee_date_idx')
    .on('punches')
    .columns(['employee_id', 'work_date'])
    .execute();
  await db.schema.createIndex('punches_date_idx').on('punches').column('work_date').execute();
  await sql`create trigger punches_no_update before update on punches
    begin select raise(abort, 'punches are append-only'); end`.execute(db);
  await sql`create trigger punches_no_delete before delete on punches
    begin select raise(abort, 'punches are append-only'); end`.execute(db);
}

/**
 * Rebuilds punches on SQLite (ALTER TABLE §7 "Making Other Kinds Of Table Schema
 * Changes"), with or without the new column and checks.
 */
async function rebuildSqlite(db: Db, to: 'sources' | 'legacy'): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  await sql`begin immediate`.execute(db);
  try {
    let t = punchColumns(db.schema.createTable('punches_new'), to === 'sources');
    if (to === 'sources') {
      t = t
        .addColumn('terminal_id', 'text')
        .addCheckConstraint('punches_source_check', sourceCheck)
        .addCheckConstraint('punches_location_check', locationCheck)
        .addCheckConstraint('punches_app_location_check', appLocationCheck);
    }
    await t.execute();
    const cols = sql.join(OLD_COLUMNS.map((c) => sql.ref(c)));
    await sql`insert into punches_new (${cols}) select ${cols} from punches`.execute(db);
    await sql`drop trigger if exists punches_no_update`.execute(db);
    await sql`drop trigger if exists punches_no_delete`.execute(db);
    await sql`drop table punches`.execute(db);
    await sql`alter table punches_new rename to punches`.execute(db);
    await sqliteTriggersAndIndexes(db);
    if (to === 'sources') await terminalIndex(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error('punch rebuild left dangling foreign keys');
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function terminalIndex(db: Db): Promise<void> {
  await db.schema
    .createIndex('punches_terminal_idx')
    .on('punches')
    .columns(['terminal_id', 'employee_id', 'time_of_record'])
    .where(sql.ref('terminal_id'), 'is not', null)
    .execute();
}

async function up(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table punches
      alter column lat drop not null,
      alter column lon drop not null,
      alter column accuracy drop not null,
      add column terminal_id text,
      add constraint punches_source_check check (${sourceCheck}),
      add constraint punches_location_check check (${locationCheck}),
      add constraint punches_app_location_check check (${appLocationCheck})`.execute(db);
    await terminalIndex(db);
  } else {
    await rebuildSqlite(db, 'sources');
  }

  await db.schema
    .createTable('kiosks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'integer', (c) => c.notNull().references('locations.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('revoked_at', 'bigint')
    .addCheckConstraint('kiosks_status_check', sql`status in ('active', 'revoked')`)
    .execute();
  await db.schema.createIndex('kiosks_site_idx').on('kiosks').column('site_id').execute();

  await db.schema
    .createTable('kiosk_credentials')
    .addColumn('employee_id', 'integer', (c) => c.primaryKey().references('employees.id'))
    .addColumn('pin_hash', 'text')
    .addColumn('card_hash', 'text')
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'integer')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .execute();
  await db.schema
    .createIndex('kiosk_credentials_card_key')
    .on('kiosk_credentials')
    .column('card_hash')
    .unique()
    .where(sql.ref('card_hash'), 'is not', null)
    .execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.dropTable('kiosk_credentials').execute();
  await db.schema.dropTable('kiosks').execute();
  if (isPostgres(db)) {
    await db.schema.dropIndex('punches_terminal_idx').execute();
    // Fails (as it should) when a punch without a position exists.
    await sql`alter table punches
      drop constraint punches_app_location_check,
      drop constraint punches_location_check,
      drop constraint punches_source_check,
      drop column terminal_id,
      alter column lat set not null,
      alter column lon set not null,
      alter column accuracy set not null`.execute(db);
  } else {
    await rebuildSqlite(db, 'legacy');
  }
}

export const punchSources: Migration = { up, down };
