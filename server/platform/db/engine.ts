/**
 * The one storage engine interface. Hadir runs on SQLite in the data folder by default
 * (zero setup) or on PostgreSQL when a connection string is given (several API nodes,
 * one store); each has its own module (sqlite.ts, postgres.ts) behind {@link DbHandle},
 * and everything above this folder speaks that interface without asking which engine it
 * is: queries through `db` (Kysely), the punch writer through `bulkInserter`, the change
 * feed through `listen`.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from './schema.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

export type Engine = 'sqlite' | 'postgres';

/** PostgreSQL's element type of each column array in a bulk insert. */
export type PgArrayType = 'text' | 'int4' | 'int8' | 'float8';

/** What a bulk insert writes: one table, a fixed column list, idempotent on a key. */
export interface BulkInsertSpec<Row extends object> {
  table: keyof Database;
  columns: readonly (keyof Row & string)[];
  /** The PostgreSQL type of every column (`unnest($1::text[], …)`). */
  pgTypes: Readonly<Record<keyof Row & string, PgArrayType>>;
  /** The text primary key: a row whose key exists is skipped (ON CONFLICT DO NOTHING). */
  key: keyof Row & string;
  /** PostgreSQL: the prepared statement's name (unused where statements cannot be named). */
  statementName: string;
  /** PostgreSQL: how many batches may commit at once (SQLite always commits one at a time). */
  concurrency: number;
  /**
   * Inserted rows to announce on the change feed (change_log, migration 0013) in the
   * batch's own transaction: each distinct `keyColumn` of a row inserted now whose
   * `dateColumn` is at most `through()`, under `topic`. Rows past it log nothing.
   */
  announce?: {
    topic: string;
    keyColumn: keyof Row & string;
    dateColumn: keyof Row & string;
    through: () => string;
  };
}

/** A dedicated connection (or small pool) that commits whole batches durably. */
export interface BulkInserter<Row extends object> {
  /** Inserts the batch in one transaction; resolves, after the commit, to the keys inserted now. */
  insert(rows: readonly Row[]): Promise<Set<string>>;
  /** Batches that can commit at once. */
  readonly concurrency: number;
  close(): Promise<void>;
}

/** Stops listening. */
export type Unlisten = () => Promise<void>;

export interface DbHandle {
  readonly db: Kysely<Database>;
  /** Which engine this is: a fact for health and logs, never a branch in feature code. */
  readonly engine: Engine;
  /** Where the data is, for logs: the SQLite file, or the PostgreSQL host and database. */
  readonly label: string;
  /**
   * Whether `listen` really pushes other processes' notifications (PostgreSQL with a
   * direct connection). Without it, `listen` only reports reconnects and the change feed
   * relies on its poll.
   */
  readonly pushes: boolean;
  /**
   * The options it was opened with, so another thread of this process (the report
   * worker) can open a handle of its own on the same data.
   */
  readonly options: OpenOptions;
  /**
   * Checks the settings Hadir's durability relies on and throws, saying what to change,
   * when one is wrong (PostgreSQL behind a pooler: `synchronous_commit` must not be off).
   * Run before migrating (migrate.ts).
   */
  verify(): Promise<void>;
  /** A writer of its own for one table (the punch writer), outside the Kysely pool. */
  bulkInserter<Row extends object>(spec: BulkInsertSpec<Row>): BulkInserter<Row>;
  /**
   * Calls `fn` for every notification on `channel`, on a dedicated connection, and once
   * with '' after the connection was lost and made again (notifications may have been
   * missed meanwhile). Resolves to a function that stops listening.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

/** How the PostgreSQL connection string reaches the server. */
export type PgPooler = 'none' | 'transaction';

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
  /**
   * 'transaction': `databaseUrl` goes through a transaction-pooling PgBouncer, so no
   * startup options, no named prepared statements and no session state go through it.
   * Default 'none' (a direct connection).
   */
  pooler?: PgPooler;
  /** PostgreSQL: a direct connection (not through a pooler) for LISTEN; default `databaseUrl` without a pooler. */
  directUrl?: string | null;
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

/** The options a configured process opens its database with (the server and the CLI alike). */
export function databaseOptions(config: Config): OpenOptions {
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteSync: config.sqliteSync,
    pooler: config.databasePooler,
    directUrl: config.databaseDirectUrl,
  };
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
