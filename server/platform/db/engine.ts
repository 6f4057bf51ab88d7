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
  /** SQLite: the database file (the punch writer opens its own connection to it). */
  sqliteFile?: string;
  /** SQLite: the `synchronous` level the connections use. */
  sqliteSync?: 'full' | 'normal';
  /** PostgreSQL: the connection string (the punch writer and listeners use it). */
  databaseUrl?: string;
  /**
   * PostgreSQL: LISTEN on a channel with a dedicated connection; resolves to a function
   * that stops listening. Reconnects after a lost connection and then calls `fn` once,
   * since notifications may have been missed meanwhile.
   */
  listen?(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
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
  return {
    db,
    engine: 'sqlite',
    sqliteFile: file,
    sqliteSync: opts.sqliteSync === 'normal' ? 'normal' : 'full',
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, opts: OpenOptions): DbHandle {
  // synchronous_commit on, whatever the server's default: an acknowledged check-in must
  // survive a crash of the database machine, not only of this process.
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    types: pgTypes,
    options: '-c synchronous_commit=on',
  });
  // An idle connection that the server ends (restart, failover, an operator's
  // pg_terminate_backend) is dropped by the pool and replaced on next use; without a
  // listener its error would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Kysely's PostgreSQL driver ends the pool on destroy.
  return {
    db,
    engine: 'postgres',
    databaseUrl: url,
    listen: (ch, fn) => listenPostgres(url, ch, fn),
    close: () => db.destroy(),
  };
}

const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

async function listenPostgres(
  url: string,
  channel: string,
  fn: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (!CHANNEL_RE.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) fn(n.payload ?? '');
    });
    c.on('error', () => {
      // The connection broke: reconnect after a pause and assume something was missed.
      void c.end().catch(() => undefined);
      if (stopped) return;
      setTimeout(() => {
        if (!stopped)
          void connect().then(
            () => fn(''),
            () => undefined,
          );
      }, 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${channel}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
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
