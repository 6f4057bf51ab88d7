/**
 * SQLite behind the storage interface: one file in the data folder, WAL mode (readers
 * never block the writer) and `synchronous = FULL` by default, so a commit survives a
 * power loss. SQLite serves one server process; the change feed polls it (nothing pushes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { BulkInserter, BulkInsertSpec, DbHandle, OpenOptions } from './engine.js';
import type { Database } from './schema.js';
import { keepingStatements } from './sqlite-statements.js';

type Sync = 'full' | 'normal';

/** Opens a connection with Hadir's settings; `busyMs` is how long SQLite itself waits for a lock. */
function connect(file: string, sync: Sync, busyMs: number): SqliteDatabase.Database {
  const conn = new SqliteDatabase(file, { timeout: busyMs });
  conn.pragma('journal_mode = WAL');
  // `synchronous` decides what a commit survives: FULL a power loss, NORMAL a process crash.
  conn.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  conn.pragma('foreign_keys = ON');
  conn.pragma(`busy_timeout = ${busyMs}`);
  return conn;
}

const BUSY_RETRY_LIMIT_MS = 10_000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * A dedicated connection with one prepared statement; the whole batch in one synchronous
 * transaction (microseconds per row, one WAL sync per batch at FULL). It never waits for
 * a lock inside SQLite (busy_timeout 0): SQLite's busy wait would block the event loop,
 * and with it whichever Kysely transaction holds the lock. On SQLITE_BUSY it retries
 * after a short async pause.
 */
function bulkInserter<Row extends object>(
  file: string,
  sync: Sync,
  spec: BulkInsertSpec<Row>,
): BulkInserter<Row> {
  const conn = connect(file, sync, 0);
  const cols = spec.columns;
  const insert = conn.prepare(
    `insert into ${spec.table} (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})
     on conflict ("${spec.key}") do nothing`,
  );
  const announce = spec.announce;
  const log = announce && conn.prepare('insert into change_log (topic, key) values (?, ?)');
  const writeBatch = conn.transaction((rows: readonly Row[]) => {
    const inserted = new Set<string>();
    const through = announce?.through();
    let keys: Set<string> | null = null;
    for (const r of rows) {
      const values = cols.map((c) => r[c] ?? null);
      if (insert.run(values).changes !== 1) continue;
      inserted.add(r[spec.key] as string);
      if (announce && (r[announce.dateColumn] as string) <= through!)
        (keys ??= new Set()).add(String(r[announce.keyColumn]));
    }
    if (keys) for (const k of keys) log!.run(announce!.topic, k);
    return inserted;
  });
  // BEGIN IMMEDIATE: take the write lock at the start, so BUSY comes before any work.
  const write = async (rows: readonly Row[]): Promise<Set<string>> => {
    const started = performance.now();
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      try {
        return writeBatch.immediate(rows);
      } catch (err) {
        if (!isBusy(err) || performance.now() - started > BUSY_RETRY_LIMIT_MS) throw err;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  };
  return {
    insert: write,
    concurrency: 1,
    close: () => {
      conn.close();
      return Promise.resolve();
    },
  };
}

export function openSqlite(opts: OpenOptions): DbHandle {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, opts.sqliteFile ?? 'hadir.sqlite');
  const sync: Sync = opts.sqliteSync === 'normal' ? 'normal' : 'full';
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(connect(file, sync, 5000)) }) });
  return {
    db,
    engine: 'sqlite',
    label: `SQLite (${file})`,
    pushes: false,
    options: opts,
    verify: () => Promise.resolve(),
    bulkInserter: (spec) => bulkInserter(file, sync, spec),
    // One process per file: nothing to push; the change feed's poll sees the CLI's changes.
    listen: () => Promise.resolve(() => Promise.resolve()),
    // Kysely's SQLite driver closes the better-sqlite3 handle on destroy.
    close: () => db.destroy(),
  };
}
