/**
 * The check-in directory also keeps the rules that decide a working day (date-range
 * overrides such as Ramadan hours, person schedules, holidays and cuti bersama, and the
 * units' holiday settings), so a change to those tables bumps `directory_version` too,
 * with the same triggers as migration 0002 (and NOTIFY hadir_directory on PostgreSQL).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

export const DIRECTORY_RULE_TABLES = [
  'schedule_overrides',
  'person_schedules',
  'holidays',
  'unit_rules',
] as const;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function up(db: Db): Promise<void> {
  if (isPostgres(db)) {
    // directory_changed() comes from migration 0002.
    for (const t of DIRECTORY_RULE_TABLES) {
      await sql`create trigger ${sql.raw(`${t}_directory_changed`)} after insert or update or delete on ${sql.table(t)}
        for each statement execute function directory_changed()`.execute(db);
    }
  } else {
    for (const t of DIRECTORY_RULE_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`create trigger ${sql.raw(`${t}_directory_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
          begin update directory_version set version = version + 1 where id = 1; end`.execute(db);
      }
    }
  }
}

async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    for (const t of DIRECTORY_RULE_TABLES) {
      await sql`drop trigger ${sql.raw(`${t}_directory_changed`)} on ${sql.table(t)}`.execute(db);
    }
  } else {
    for (const t of DIRECTORY_RULE_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql`drop trigger ${sql.raw(`${t}_directory_${op}`)}`.execute(db);
      }
    }
  }
}

export const directoryRules: Migration = { up, down };
