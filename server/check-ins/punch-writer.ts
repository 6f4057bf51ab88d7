/**
 * The durable end of the write queue: one transaction per batch, committed before any
 * check-in in it is acknowledged.
 *
 * SQLite: a dedicated better-sqlite3 connection with one prepared statement, and the
 * whole batch in one synchronous transaction (microseconds per row, one WAL sync per
 * batch at `synchronous = FULL`). It never waits for a lock inside SQLite (busy_timeout
 * 0): SQLite's busy wait would block the event loop, and with it whichever Kysely
 * transaction holds the lock. On SQLITE_BUSY it retries after a short async pause.
 *
 * PostgreSQL: a multi-row INSERT … ON CONFLICT DO NOTHING RETURNING id (one statement,
 * one commit, synchronous_commit on) through the shared pool.
 */
import Sqlite from 'better-sqlite3';
import { PUNCH_COLUMN_NAMES, insertPunches } from './punches.store.js';
import type { DbHandle } from '../db/connect.js';
import type { NewPunchRow } from '../db/schema.js';
import type { FlushFn } from './write-queue.js';

export interface PunchWriter {
  flush: FlushFn;
  close(): Promise<void>;
}

const BUSY_RETRY_LIMIT_MS = 10_000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

function sqliteWriter(file: string, sync: 'full' | 'normal'): PunchWriter {
  const conn = new Sqlite(file, { timeout: 0 });
  conn.pragma('journal_mode = WAL');
  conn.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  conn.pragma('foreign_keys = ON');
  const cols = PUNCH_COLUMN_NAMES;
  const insert = conn.prepare(
    `insert into punches (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})
     on conflict (id) do nothing`,
  );
  const writeBatch = conn.transaction((rows: readonly NewPunchRow[]) => {
    const inserted = new Set<string>();
    for (const r of rows) {
      const values = cols.map((c) => r[c] ?? null);
      if (insert.run(values).changes === 1) inserted.add(r.id);
    }
    return inserted;
  });
  // BEGIN IMMEDIATE: take the write lock at the start, so BUSY comes before any work.
  const flush: FlushFn = async (rows) => {
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
    flush,
    close: () => {
      conn.close();
      return Promise.resolve();
    },
  };
}

/** The writer for this database. */
export function punchWriter(handle: DbHandle): PunchWriter {
  if (handle.engine === 'sqlite') {
    if (!handle.sqliteFile) throw new Error('SQLite handle without a file');
    return sqliteWriter(handle.sqliteFile, handle.sqliteSync ?? 'full');
  }
  return {
    flush: async (rows) => new Set(await insertPunches(handle.db, rows)),
    close: () => Promise.resolve(),
  };
}
