/**
 * SQLite's bulk inserter on its own thread (sqlite-writer.ts): what it answers, what a
 * refused batch leaves behind, and what becomes of batches out when the thread stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unavailableCause } from '../http/errors.js';
import { threadBulkInserter, WRITER_LOST, type ThreadBulkInserter } from './sqlite-writer.js';

interface Item {
  id: string;
  n: number;
  day: string;
}

describe('the SQLite writer thread', () => {
  let dir: string;
  let file: string;
  let peek: SqliteDatabase.Database;
  let writer: ThreadBulkInserter<Item>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-writer-'));
    file = join(dir, 'w.sqlite');
    peek = new SqliteDatabase(file);
    peek.pragma('journal_mode = WAL');
    peek.exec(`create table items (id text primary key, n integer not null check (n >= 0), day text not null);
      create table change_log (seq integer primary key autoincrement, topic text not null, key text not null)`);
    writer = threadBulkInserter<Item>(file, 'full', {
      table: 'items' as never,
      columns: ['id', 'n', 'day'],
      pgTypes: { id: 'text', n: 'int4', day: 'text' },
      key: 'id',
      statementName: 'unused',
      concurrency: 1,
      announce: { topic: 'items', keyColumn: 'n', dateColumn: 'day', through: () => '2026-01-31' },
    });
  });
  afterEach(async () => {
    await writer.close();
    peek.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = () =>
    (peek.prepare('select id from items order by id').all() as { id: string }[]).map((r) => r.id);
  const logged = () =>
    (peek.prepare('select key from change_log order by seq').all() as { key: string }[]).map((r) => r.key);

  it('commits a batch on its thread and answers the keys inserted now', async () => {
    expect(writer.thread()).toBeNull();
    const first = await writer.insert([
      { id: 'a', n: 1, day: '2026-01-05' },
      { id: 'b', n: 1, day: '2026-01-06' },
      { id: 'c', n: 2, day: '2026-02-01' },
    ]);
    expect(writer.thread()).not.toBeNull();
    expect([...first].sort()).toEqual(['a', 'b', 'c']);
    // A row whose key is stored is skipped, not refused.
    expect([
      ...(await writer.insert([
        { id: 'a', n: 1, day: '2026-01-05' },
        { id: 'd', n: 3, day: '2026-01-01' },
      ])),
    ]).toEqual(['d']);
    expect(ids()).toEqual(['a', 'b', 'c', 'd']);
    // Announced once per key and batch, and only through the batch's date.
    expect(logged()).toEqual(['1', '3']);
  });

  it('hands back SQLite’s error with its code, and writes nothing of the refused batch', async () => {
    const refused = await writer
      .insert([
        { id: 'a', n: 1, day: '2026-01-05' },
        { id: 'b', n: -1, day: '2026-01-05' },
      ])
      .then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
    expect(refused?.code).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(refused?.message).toMatch(/CHECK constraint failed/);
    expect(ids()).toEqual([]);
    expect([...(await writer.insert([{ id: 'a', n: 1, day: '2026-03-01' }]))]).toEqual(['a']);
  });

  it('waits for a lock another connection holds, then commits', async () => {
    peek.exec('begin immediate');
    const out = writer.insert([{ id: 'a', n: 1, day: '2026-03-01' }]);
    await new Promise((r) => setTimeout(r, 100));
    peek.exec('commit');
    expect([...(await out)]).toEqual(['a']);
  });

  it('fails the batches out when its thread stops, as a passing condition, and starts anew', async () => {
    // The batch cannot commit while another connection holds the write lock.
    peek.exec('begin immediate');
    const out = writer.insert([{ id: 'a', n: 1, day: '2026-03-01' }]);
    const failed = out.then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    await writer.thread()!.terminate();
    const err = await failed;
    expect((err as { code?: string }).code).toBe(WRITER_LOST);
    expect(unavailableCause(err)).toBe('database_unavailable');
    peek.exec('commit');
    expect(ids()).toEqual([]);
    // The phone sends the same id again: the next batch starts a new thread.
    expect([...(await writer.insert([{ id: 'a', n: 1, day: '2026-03-01' }]))]).toEqual(['a']);
    expect(ids()).toEqual(['a']);
  });

  it('writes the batch it was given before it closes', async () => {
    await writer.insert([{ id: 'a', n: 1, day: '2026-03-01' }]);
    const last = writer.insert([{ id: 'b', n: 1, day: '2026-03-01' }]);
    await writer.close();
    expect([...(await last)]).toEqual(['b']);
    expect(ids()).toEqual(['a', 'b']);
    await expect(writer.insert([{ id: 'c', n: 1, day: '2026-03-01' }])).rejects.toThrow(/closed/);
  });
});
