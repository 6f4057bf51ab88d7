/**
 * Kysely's SQLite driver asks better-sqlite3 to prepare every query it runs, and
 * better-sqlite3 keeps nothing: each query parses and plans its SQL again (sqlite3_prepare,
 * about 10 µs for a short select). The queries of a server are a small set of texts, so
 * the connection handed to Kysely keeps the statements it prepared by their text.
 *
 * - A statement still being iterated (`busy`) is not handed out again: that query gets a
 *   statement of its own. (Kysely holds its one connection for the length of a stream, so
 *   through Kysely this is a guard, not a path.)
 * - A statement that changes the schema (create, alter, drop) is never kept, and running
 *   one drops every kept statement: SQLite re-prepares a statement whose schema changed,
 *   but a statement's shape (reader or not, its columns) is then best learned anew.
 * - At most `max` texts are kept; past it, the kept ones are dropped all at once (texts
 *   with IN lists of many lengths come and go; the hot queries come back at once).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Statement texts kept per connection. */
export const STATEMENTS_KEPT = 500;

const SCHEMA_CHANGE = /^\s*(create|alter|drop|vacuum|reindex)\b/i;

export interface StatementStats {
  prepared: number;
  reused: number;
}

/** `conn` for Kysely's SqliteDialect, reusing prepared statements by their SQL text. */
export function keepingStatements(
  conn: SqliteDatabase.Database,
  max = STATEMENTS_KEPT,
): KyselySqliteDatabase & { stats: StatementStats; kept(): number } {
  const kept = new Map<string, SqliteDatabase.Statement>();
  const stats: StatementStats = { prepared: 0, reused: 0 };
  const fresh = (sql: string): SqliteDatabase.Statement => {
    stats.prepared++;
    return conn.prepare(sql);
  };
  return {
    stats,
    kept: () => kept.size,
    close: () => {
      kept.clear();
      conn.close();
    },
    prepare(sql: string): SqliteStatement {
      const found = kept.get(sql);
      if (found !== undefined && !found.busy) {
        stats.reused++;
        return found;
      }
      if (SCHEMA_CHANGE.test(sql)) {
        kept.clear();
        return fresh(sql);
      }
      const stmt = fresh(sql);
      if (found === undefined) {
        if (kept.size >= max) kept.clear();
        kept.set(sql, stmt);
      }
      return stmt;
    },
  };
}
