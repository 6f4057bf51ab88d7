import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NewPunchRow } from '../../platform/db/schema.js';
import { WriteQueue, type FlushFn } from './write-queue.js';

function row(id: string): NewPunchRow {
  return {
    id,
    employee_id: 1,
    kind: 'in',
    source: 'app',
    captured_at: 0,
    received_at: 0,
    lat: 0,
    lon: 0,
    accuracy: 10,
    request_hash: 'h',
    work_date: '2026-01-05',
    zone: 'Asia/Jakarta',
    local_time: '07:00:00',
    fence_status: 'inside',
    location_id: null,
    location_name: null,
    distance_m: 0,
    by_accuracy: 0,
    window: 'ok',
    late_minutes: 0,
    early_minutes: 0,
    scheduled_start: null,
    scheduled_end: null,
    flags: '[]',
  };
}

/** The promise of an accepted offer (fails the test when the queue refused it). */
function accepted<T>(p: Promise<T> | null): Promise<T> {
  if (p === null) throw new Error('the queue refused an offer it had room for');
  return p;
}

/** A fake durable store: a set of ids, with every flush recorded. */
function memoryStore() {
  const stored = new Set<string>();
  const batches: string[][] = [];
  const flush: FlushFn = (rows) => {
    batches.push(rows.map((r) => r.id));
    const inserted = new Set<string>();
    for (const r of rows) {
      if (!stored.has(r.id)) {
        stored.add(r.id);
        inserted.add(r.id);
      }
    }
    return Promise.resolve(inserted);
  };
  return { stored, batches, flush };
}

describe('WriteQueue', () => {
  it('writes offers made in the same tick in one batch', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 100, maxPending: 1000 });
    const outcomes = await Promise.all(['a', 'b', 'c'].map((id) => accepted(q.offer(row(id)))));
    expect(outcomes).toEqual(['inserted', 'inserted', 'inserted']);
    expect(s.batches).toEqual([['a', 'b', 'c']]);
  });

  it('splits a long queue into batches of at most maxBatch rows', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 2, maxPending: 1000 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => accepted(q.offer(row(id)))));
    expect(s.batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(q.stats.largestBatch).toBe(2);
  });

  it('refuses at once when maxPending rows are waiting, and accepts again after the flush', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 10, maxPending: 2 });
    const a = q.offer(row('a'));
    const b = q.offer(row('b'));
    expect(q.offer(row('c'))).toBeNull();
    expect(q.stats.refused).toBe(1);
    await Promise.all([a, b]);
    expect(await q.offer(row('c'))).toBe('inserted');
  });

  it('reports an id already stored as exists', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 10, maxPending: 10 });
    expect(await q.offer(row('a'))).toBe('inserted');
    expect(await q.offer(row('a'))).toBe('exists');
    expect(s.stored.size).toBe(1);
  });

  it('writes an id offered twice at the same moment once: the first is inserted, the second exists', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 10, maxPending: 10 });
    const [first, second] = await Promise.all([accepted(q.offer(row('a'))), accepted(q.offer(row('a')))]);
    expect(first).toBe('inserted');
    expect(second).toBe('exists');
    expect(s.batches).toEqual([['a']]);
  });

  it('rejects every waiter of a failed batch and keeps going with the next', async () => {
    let fail = true;
    const s = memoryStore();
    const q = new WriteQueue({
      flush: (rows) => (fail ? Promise.reject(new Error('disk full')) : s.flush(rows)),
      maxBatch: 10,
      maxPending: 10,
    });
    const a = q.offer(row('a'));
    await expect(a).rejects.toThrow('disk full');
    fail = false;
    expect(await q.offer(row('a'))).toBe('inserted');
    expect([...s.stored]).toEqual(['a']);
  });

  it('writes up to `concurrency` batches at once, and the rest as slots free up', async () => {
    const s = memoryStore();
    let running = 0;
    let most = 0;
    const q = new WriteQueue({
      flush: async (rows) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return s.flush(rows);
      },
      maxBatch: 2,
      maxPending: 100,
      concurrency: 2,
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => accepted(q.offer(row(id)))));
    expect(most).toBe(2);
    expect(s.stored.size).toBe(7);
  });

  it('drain waits for everything offered', async () => {
    const s = memoryStore();
    const q = new WriteQueue({ flush: s.flush, maxBatch: 3, maxPending: 100 });
    for (const id of ['a', 'b', 'c', 'd']) void q.offer(row(id));
    await q.drain();
    expect(s.stored.size).toBe(4);
    expect(q.pending).toBe(0);
  });

  it('property: any sequence of offers, with repeats, stores each id once and inserts it exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (ids, maxBatch) => {
          const s = memoryStore();
          const q = new WriteQueue({ flush: s.flush, maxBatch, maxPending: 1000 });
          const outcomes = await Promise.all(ids.map((id) => accepted(q.offer(row(id)))));
          const insertedIds = ids.filter((_, i) => outcomes[i] === 'inserted');
          expect(new Set(insertedIds).size).toBe(insertedIds.length);
          expect(new Set(insertedIds)).toEqual(new Set(ids));
          expect(s.batches.flat().length).toBe(new Set(ids).size);
        },
      ),
    );
  });
});
