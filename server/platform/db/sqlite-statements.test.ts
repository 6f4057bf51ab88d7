import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepingStatements } from './sqlite-statements.js';

interface Db {
  t: { id: number; name: string };
}

describe('SQLite statements kept by their text', () => {
  let conn: ReturnType<typeof keepingStatements>;
  let db: Kysely<Db>;

  const open = (max?: number) => {
    conn = keepingStatements(new SqliteDatabase(':memory:'), max);
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: conn }) });
  };

  beforeEach(async () => {
    open();
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    await db
      .insertInto('t')
      .values([1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` })))
      .execute();
  });
  afterEach(async () => {
    await db.destroy();
  });

  const nameOf = async (id: number) =>
    (await db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst())?.name;

  it('prepares a query once and runs it again with other parameters', async () => {
    const before = { ...conn.stats };
    expect(await nameOf(2)).toBe('n2');
    expect(await nameOf(4)).toBe('n4');
    expect(await nameOf(9)).toBeUndefined();
    expect(conn.stats.prepared - before.prepared).toBe(1);
    expect(conn.stats.reused - before.reused).toBe(2);
    // A write through a kept statement reports what it changed each time.
    const rename = (id: number) =>
      db.updateTable('t').set({ name: 'x' }).where('id', '=', id).executeTakeFirst();
    expect((await rename(1)).numUpdatedRows).toBe(1n);
    expect((await rename(42)).numUpdatedRows).toBe(0n);
    expect(await nameOf(1)).toBe('x');
  });

  it('runs a kept statement again after a stream of it was left half-read', async () => {
    const q = db.selectFrom('t').select(['id', 'name']).where('id', '>', 0).orderBy('id');
    const streamed: number[] = [];
    for await (const row of q.stream()) {
      streamed.push(row.id);
      if (row.id === 2) break;
    }
    expect(streamed).toEqual([1, 2]);
    expect((await q.execute()).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(conn.stats.reused).toBeGreaterThan(0);
  });

  it('hands out a fresh statement while the kept one is busy', () => {
    // Kysely holds its one connection for a stream, so this is better-sqlite3 directly.
    const text = 'select id from t order by id';
    const first = conn.prepare(text);
    const rows = first.iterate([]);
    expect((rows.next().value as { id: number }).id).toBe(1);
    const second = conn.prepare(text);
    expect(second).not.toBe(first);
    rows.return?.();
    expect(conn.prepare(text)).toBe(first);
  });

  it('forgets its statements when the schema changes', async () => {
    const all = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(db);
    expect(Object.keys((await all()).rows[0]!)).toEqual(['id', 'name']);
    expect(conn.kept()).toBeGreaterThan(0);
    await sql`alter table t add column rank text not null default 'III/a'`.execute(db);
    expect(conn.kept()).toBe(0);
    expect((await all()).rows[0]).toEqual({ id: 1, name: 'n1', rank: 'III/a' });
  });

  it('keeps at most its bound, and answers right past it', async () => {
    await db.destroy();
    open(3);
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    await db
      .insertInto('t')
      .values([1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` })))
      .execute();
    for (let n = 1; n <= 5; n++) {
      // Five texts: IN lists of five lengths.
      const ids = [1, 2, 3, 4, 5].slice(0, n);
      const rows = await db.selectFrom('t').select('id').where('id', 'in', ids).orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual(ids);
      expect(conn.kept()).toBeLessThanOrEqual(3);
    }
    expect(await nameOf(5)).toBe('n5');
  });
});
