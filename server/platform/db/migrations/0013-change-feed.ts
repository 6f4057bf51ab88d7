/**
 * The change feed (server/platform/changes/): triggers write which topic and key changed
 * into `change_log`, whoever makes the change (this process, the CLI, another API node),
 * and on PostgreSQL send NOTIFY hadir_changes, so each process's caches reload only what
 * changed: one employee, one fence, one device, one revoked session.
 *
 * Topics and keys:
 *   employee  employee id: employees, employee_locations, person_schedules
 *   location  location id: locations
 *   unit      unit id: units, schedules, unit_rules
 *   calendar  row id: schedule_overrides, holidays
 *   device    device id: devices
 *   session   session id: sessions, when revoked
 *   directory '*': any other table whose triggers still bump `directory_version`
 *             (migrations 0002 and 0007 style); the directory then reloads in full.
 *
 * PostgreSQL logs once per statement from its transition tables (a statement touching
 * more than 1,000 keys logs the key '*': "all of this topic"); SQLite, which has no
 * statement triggers, once per row. `seq` orders the log; the feed reads past its own
 * position, and `change_feed.pruned_to` says how far old rows were deleted, so a process
 * that fell behind knows it missed some and reloads everything.
 *
 * This replaces the directory triggers of 0002 and 0007 on the tables above (a bump of
 * directory_version is still logged, as topic `directory`), the NOTIFY hadir_devices of
 * 0003 and the NOTIFY hadir_sessions of 0006.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

/** A table whose changes are logged: the topic, and the column holding the key. */
export interface ChangeSource {
  table: string;
  topic: string;
  column: string;
}

export const CHANGE_SOURCES: readonly ChangeSource[] = [
  { table: 'employees', topic: 'employee', column: 'id' },
  { table: 'employee_locations', topic: 'employee', column: 'employee_id' },
  { table: 'person_schedules', topic: 'employee', column: 'employee_id' },
  { table: 'locations', topic: 'location', column: 'id' },
  { table: 'units', topic: 'unit', column: 'id' },
  { table: 'schedules', topic: 'unit', column: 'unit_id' },
  { table: 'unit_rules', topic: 'unit', column: 'unit_id' },
  { table: 'schedule_overrides', topic: 'calendar', column: 'id' },
  { table: 'holidays', topic: 'calendar', column: 'id' },
  { table: 'devices', topic: 'device', column: 'id' },
];

/** The tables whose directory_version triggers (0002, 0007) are replaced here. */
const OLD_DIRECTORY_TABLES = [
  'units',
  'employees',
  'locations',
  'employee_locations',
  'schedules',
  'schedule_overrides',
  'person_schedules',
  'holidays',
  'unit_rules',
];

const OPS = ['insert', 'update', 'delete'] as const;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Logs every change of `source.table` under its topic. Exported for later migrations:
 * a new table the caches depend on gets its triggers with this, its key being the id
 * the cache reloads (e.g. an employee id).
 */
export async function logChangesOf(db: Db, s: ChangeSource): Promise<void> {
  const name = (op: string) => sql.raw(`${s.table}_changes_${op}`);
  if (isPostgres(db)) {
    const args = sql.raw(`'${s.topic}', '${s.column}'`);
    await sql`create trigger ${name('insert')} after insert on ${sql.table(s.table)}
      referencing new table as new_rows for each statement execute function hadir_log_changes(${args})`.execute(
      db,
    );
    await sql`create trigger ${name('update')} after update on ${sql.table(s.table)}
      referencing old table as old_rows new table as new_rows
      for each statement execute function hadir_log_changes(${args})`.execute(db);
    await sql`create trigger ${name('delete')} after delete on ${sql.table(s.table)}
      referencing old table as old_rows for each statement execute function hadir_log_changes(${args})`.execute(
      db,
    );
    return;
  }
  const topic = sql.lit(s.topic);
  const at = (row: 'new' | 'old') => sql.raw(`${row}."${s.column}"`);
  await sql`create trigger ${name('insert')} after insert on ${sql.table(s.table)}
    begin insert into change_log (topic, key) values (${topic}, ${at('new')}); end`.execute(db);
  await sql`create trigger ${name('update')} after update on ${sql.table(s.table)}
    begin
      insert into change_log (topic, key) values (${topic}, ${at('new')});
      insert into change_log (topic, key) select ${topic}, ${at('old')} where ${at('old')} is not ${at('new')};
    end`.execute(db);
  await sql`create trigger ${name('delete')} after delete on ${sql.table(s.table)}
    begin insert into change_log (topic, key) values (${topic}, ${at('old')}); end`.execute(db);
}

/** Undoes {@link logChangesOf}. */
export async function stopLoggingChangesOf(db: Db, s: ChangeSource): Promise<void> {
  for (const op of OPS) {
    const name = sql.raw(`${s.table}_changes_${op}`);
    if (isPostgres(db)) await sql`drop trigger ${name} on ${sql.table(s.table)}`.execute(db);
    else await sql`drop trigger ${name}`.execute(db);
  }
}

async function dropOldDirectoryTriggers(db: Db): Promise<void> {
  for (const t of OLD_DIRECTORY_TABLES) {
    if (isPostgres(db)) {
      await sql`drop trigger ${sql.raw(`${t}_directory_changed`)} on ${sql.table(t)}`.execute(db);
    } else {
      for (const op of OPS) await sql`drop trigger ${sql.raw(`${t}_directory_${op}`)}`.execute(db);
    }
  }
}

async function restoreOldDirectoryTriggers(db: Db): Promise<void> {
  for (const t of OLD_DIRECTORY_TABLES) {
    if (isPostgres(db)) {
      await sql`create trigger ${sql.raw(`${t}_directory_changed`)} after insert or update or delete on ${sql.table(t)}
        for each statement execute function directory_changed()`.execute(db);
    } else {
      for (const op of OPS) {
        await sql`create trigger ${sql.raw(`${t}_directory_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
          begin update directory_version set version = version + 1 where id = 1; end`.execute(db);
      }
    }
  }
}

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('change_log')
    .addColumn('seq', pg ? sql`bigint generated always as identity` : 'integer', (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_feed')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('pruned_to', 'bigint', (c) => c.notNull())
    .addCheckConstraint('change_feed_single_row', sql`id = 1`)
    .execute();
  await sql`insert into change_feed (id, pruned_to) values (1, 0)`.execute(db);

  if (pg) {
    // The keys of the statement's rows (old and new), distinct; more than 1,000 is '*'.
    await sql`
      create function hadir_log_changes() returns trigger language plpgsql as $$
      declare
        src text;
        ks text[];
      begin
        if tg_op = 'INSERT' then
          src := format('select (%I)::text from new_rows', tg_argv[1]);
        elsif tg_op = 'DELETE' then
          src := format('select (%I)::text from old_rows', tg_argv[1]);
        else
          src := format('select (%I)::text from new_rows union select (%I)::text from old_rows', tg_argv[1], tg_argv[1]);
        end if;
        execute format('select array_agg(distinct k) from (%s) s(k) where k is not null', src) into ks;
        if ks is null then
          return null;
        end if;
        if cardinality(ks) > 1000 then
          ks := array['*'];
        end if;
        insert into change_log (topic, key) select tg_argv[0], unnest(ks);
        perform pg_notify('hadir_changes', '');
        return null;
      end $$`.execute(db);
    await sql`
      create function hadir_log_change_row() returns trigger language plpgsql as $$
      begin
        insert into change_log (topic, key) values (tg_argv[0], coalesce(tg_argv[1], new.id::text));
        perform pg_notify('hadir_changes', '');
        return null;
      end $$`.execute(db);
    await sql`drop trigger devices_changed on devices`.execute(db);
    await sql`drop function devices_changed()`.execute(db);
    await sql`drop trigger sessions_revoked on sessions`.execute(db);
    await sql`drop function session_revoked()`.execute(db);
    await sql`create trigger sessions_revoked_changes after update of revoked_at on sessions for each row
      when (old.revoked_at is null and new.revoked_at is not null)
      execute function hadir_log_change_row('session')`.execute(db);
    await sql`create trigger directory_version_changes after update on directory_version for each row
      execute function hadir_log_change_row('directory', '*')`.execute(db);
  } else {
    await sql`create trigger sessions_revoked_changes after update of revoked_at on sessions
      when old.revoked_at is null and new.revoked_at is not null
      begin insert into change_log (topic, key) values ('session', new.id); end`.execute(db);
    await sql`create trigger directory_version_changes after update on directory_version
      begin insert into change_log (topic, key) values ('directory', '*'); end`.execute(db);
  }
  await dropOldDirectoryTriggers(db);
  for (const s of CHANGE_SOURCES) await logChangesOf(db, s);
}

async function down(db: Db): Promise<void> {
  const pg = isPostgres(db);
  for (const s of CHANGE_SOURCES) await stopLoggingChangesOf(db, s);
  await restoreOldDirectoryTriggers(db);
  if (pg) {
    await sql`drop trigger directory_version_changes on directory_version`.execute(db);
    await sql`drop trigger sessions_revoked_changes on sessions`.execute(db);
    await sql`drop function hadir_log_change_row()`.execute(db);
    await sql`drop function hadir_log_changes()`.execute(db);
    // As migrations 0003 and 0006 made them.
    await sql`
      create function devices_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hadir_devices', coalesce(new.id, old.id));
        return null;
      end $$`.execute(db);
    await sql`create trigger devices_changed after insert or update or delete on devices
      for each row execute function devices_changed()`.execute(db);
    await sql`
      create function session_revoked() returns trigger language plpgsql as $$
      begin
        if new.revoked_at is not null and old.revoked_at is null then
          perform pg_notify('hadir_sessions', new.id);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger sessions_revoked after update on sessions
      for each row execute function session_revoked()`.execute(db);
  } else {
    await sql`drop trigger directory_version_changes`.execute(db);
    await sql`drop trigger sessions_revoked_changes`.execute(db);
  }
  await db.schema.dropTable('change_feed').execute();
  await db.schema.dropTable('change_log').execute();
}

export const changeFeed: Migration = { up, down };
