/**
 * A change counter for the data the check-in path keeps in memory (units, employees,
 * locations, assignments, schedules). Triggers bump it on every change, whoever makes
 * it — this process, the CLI, another API node — so each server can tell cheaply that
 * its copy is stale. On PostgreSQL the trigger also sends NOTIFY hadir_directory so
 * the other nodes reload at once instead of at their next poll.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

export const DIRECTORY_TABLES = [
  'units',
  'employees',
  'locations',
  'employee_locations',
  'schedules',
] as const;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('directory_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addCheckConstraint('directory_version_single_row', sql`id = 1`)
    .execute();
  await sql`insert into directory_version (id, version) values (1, 1)`.execute(db);
  if (isPostgres(db)) {
    await sql`
      create function directory_changed() returns trigger language plpgsql as $$
      begin
        update directory_version set version = version + 1 where id = 1;
        perform pg_notify('hadir_directory', '');
        return null;
      end $$`.execute(db);
    for (const t of DIRECTORY_TABLES) {
      await sql`create trigger ${sql.raw(`${t}_directory_changed`)} after insert or update or delete on ${sql.table(t)}
        for each statement execute function directory_changed()`.execute(db);
    }
  } else {
    // SQLite has no statement-level triggers; a row-level bump costs one small update per row.
    for (const t of DIRECTORY_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`create trigger ${sql.raw(`${t}_directory_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
          begin update directory_version set version = version + 1 where id = 1; end`.execute(db);
      }
    }
  }
}

async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    for (const t of DIRECTORY_TABLES) {
      await sql`drop trigger ${sql.raw(`${t}_directory_changed`)} on ${sql.table(t)}`.execute(db);
    }
    await sql`drop function directory_changed()`.execute(db);
  } else {
    for (const t of DIRECTORY_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`drop trigger ${sql.raw(`${t}_directory_${op}`)}`.execute(db);
      }
    }
  }
  await db.schema.dropTable('directory_version').execute();
}

export const directoryVersion: Migration = { up, down };
