/**
 * SQLite behind the storage interface: one file in the data folder, WAL mode (readers
 * never block the writer) and `synchronous = FULL` by default, so a commit survives a
 * power loss. SQLite serves one server process; the change feed polls it (nothing pushes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { DbHandle, OpenOptions } from './engine.js';
import type { Database } from './schema.js';
import { connect } from './sqlite-batch.js';
import type { Sync } from './sqlite-batch.js';
import { keepingStatements } from './sqlite-statements.js';
import { threadBulkInserter } from './sqlite-writer.js';

export function openSqlite(opts: OpenOptions): DbHandle {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, opts.sqliteFile ?? 'hadir.sqlite');
  const sync: Sync = opts.sqliteSync === 'normal' ? 'normal' : 'full';
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: keepingStatements(connect(file, sync, 5000)) }),
  });
  return {
    db,
    engine: 'sqlite',
    label: `SQLite (${file})`,
    pushes: false,
    options: opts,
    verify: () => Promise.resolve(),
    bulkInserter: (spec) => threadBulkInserter(file, sync, spec),
    // One process per file: nothing to push; the change feed's poll sees the CLI's changes.
    listen: () => Promise.resolve(() => Promise.resolve()),
    // Kysely's SQLite driver closes the better-sqlite3 handle on destroy.
    close: () => db.destroy(),
  };
}
