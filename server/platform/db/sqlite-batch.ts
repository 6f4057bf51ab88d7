/**
 * What SQLite's connections have in common, and the punch writer's batch, shared by the
 * server thread (sqlite.ts) and the writer thread (sqlite-writer-thread.ts).
 */
import SqliteDatabase from 'better-sqlite3';

export type Sync = 'full' | 'normal';

/** Opens a connection with Hadir's settings; `busyMs` is how long SQLite itself waits for a lock. */
export function connect(file: string, sync: Sync, busyMs: number): SqliteDatabase.Database {
  const conn = new SqliteDatabase(file, { timeout: busyMs });
  conn.pragma('journal_mode = WAL');
  // `synchronous` decides what a commit survives: FULL a power loss, NORMAL a process crash.
  conn.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  conn.pragma('foreign_keys = ON');
  conn.pragma(`busy_timeout = ${busyMs}`);
  return conn;
}

/** How long a batch keeps retrying a locked database before its error stands. */
const BUSY_RETRY_LIMIT_MS = 10_000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** A batch writer's table, as plain data (it crosses to the writer thread). */
export interface BatchSpec {
  table: string;
  columns: readonly string[];
  /** The text primary key's position in `columns`: a row whose key exists is skipped. */
  keyAt: number;
  /** Rows inserted now whose date at `dateAt` is at most the batch's `through` are announced. */
  announce: { topic: string; keyAt: number; dateAt: number } | null;
}

/** A row's values in the order of the spec's columns. */
export type BatchRow = readonly unknown[];

/**
 * One synchronous transaction per batch on `conn` (BEGIN IMMEDIATE: the write lock at the
 * start, so BUSY comes before any work), with one prepared insert; resolves to the keys
 * inserted now. The announced rows get one change_log row per distinct key, in the same
 * transaction. Retries a locked database after short pauses.
 */
export function batchWriter(
  conn: SqliteDatabase.Database,
  spec: BatchSpec,
): (rows: readonly BatchRow[], through: string | null) => Promise<string[]> {
  const cols = spec.columns;
  const insert = conn.prepare(
    `insert into ${spec.table} (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})
     on conflict ("${cols[spec.keyAt]}") do nothing`,
  );
  const announce = spec.announce;
  const log = announce && conn.prepare('insert into change_log (topic, key) values (?, ?)');
  const writeBatch = conn.transaction((rows: readonly BatchRow[], through: string | null) => {
    const inserted: string[] = [];
    let keys: Set<string> | null = null;
    for (const r of rows) {
      if (insert.run(r).changes !== 1) continue;
      inserted.push(r[spec.keyAt] as string);
      if (announce && through !== null && (r[announce.dateAt] as string) <= through)
        (keys ??= new Set()).add(String(r[announce.keyAt]));
    }
    if (keys) for (const k of keys) log!.run(announce!.topic, k);
    return inserted;
  });
  return async (rows, through) => {
    const started = performance.now();
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      try {
        return writeBatch.immediate(rows, through);
      } catch (err) {
        if (!isBusy(err) || performance.now() - started > BUSY_RETRY_LIMIT_MS) throw err;
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  };
}
