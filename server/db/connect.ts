/**
 * Opens the one database Hadir runs on: SQLite in the data folder by default (zero
 * setup), PostgreSQL when a connection string is given (several API nodes, one store).
 * Everything above this file speaks `Kysely<Database>` and does not care which.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; null for SQLite. */
  databaseUrl: string | null;
  /** Folder for the SQLite file (created if missing). */
  dataDir: string;
  /** SQLite `synchronous`: 'full' survives power loss, 'normal' survives a process crash. */
  sqliteSync?: 'full' | 'normal';
  /** File name inside dataDir; default hadir.sqlite. */
  sqliteFile?: string;
  /** PostgreSQL pool size; default 10. */
  poolMax?: number;
}

const PG_INT8_OID = 20;

/**
 * int8 (bigint, and `count(*)`) as a JS number. Instants are epoch milliseconds, safe
 * far beyond any real date (2^53 ms is year 287396); a value beyond that is a bug, so it
 * fails loudly instead of silently losing precision.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond 2^53`);
  return n;
}

/**
 * Type parsers for this pool only: the global `pg.types` table is left alone, so other
 * code in the same process (tests, tools) sees pg's defaults.
 */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown),
};

function openSqlite(opts: OpenOptions): DbHandle {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, opts.sqliteFile ?? 'hadir.sqlite');
  const sqlite = new SqliteDatabase(file, { timeout: 5000 });
  // WAL: readers never block the writer. `synchronous` decides what a commit survives.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${opts.sqliteSync === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Kysely's SQLite driver closes the better-sqlite3 handle on destroy.
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, opts: OpenOptions): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 10, types: pgTypes });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Kysely's PostgreSQL driver ends the pool on destroy.
  return { db, engine: 'postgres', close: () => db.destroy() };
}

/**
 * Opens the database (no migration; see migrate.ts).
 *
 * @example
 *   const h = openDatabase({ databaseUrl: null, dataDir: './data' });
 *   await migrateToLatest(h);
 */
export function openDatabase(opts: OpenOptions): DbHandle {
  return opts.databaseUrl === null || opts.databaseUrl === ''
    ? openSqlite(opts)
    : openPostgres(opts.databaseUrl, opts);
}

/** True when `err` is a unique (or primary key) violation, on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = err.code;
  // PostgreSQL SQLSTATE 23505; better-sqlite3 extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `err` is a foreign key violation, on either engine. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = err.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
