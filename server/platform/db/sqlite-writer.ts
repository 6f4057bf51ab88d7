/**
 * SQLite's bulk inserter (the punch writer) on a thread of its own
 * (sqlite-writer-thread.ts). On the server thread a batch cost the event loop its
 * inserts and, at `synchronous = FULL`, the wait for the WAL's fsync: about 26 µs of each
 * check-in in the steady profile, during which no request was read or answered. Here the
 * server thread only hands over each row's values and waits for the answer; a check-in is
 * still acknowledged only after its batch committed.
 *
 * The thread starts with the first batch and is referenced only while a batch is out, so
 * an idle writer never keeps a process alive. If it stops, the batches out fail with
 * `WRITER_LOST` (503: the phone sends the same ids again, which are idempotent) and the
 * next batch starts a new one.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads.js';
import type { BatchSpec, Sync } from './sqlite-batch.js';
import type { BulkInserter, BulkInsertSpec } from './engine.js';

export interface WriterRequest {
  id: number;
  rows: unknown[][];
  through: string | null;
}

export type WriterReply =
  { id: number; inserted: string[] } | { id: number; error: { message: string; code: string | null } };

/** The code of a batch whose writer thread stopped before answering. */
export const WRITER_LOST = 'WRITER_LOST';

interface Out {
  resolve: (keys: Set<string>) => void;
  reject: (err: Error) => void;
}

function specOf<Row extends object>(spec: BulkInsertSpec<Row>): BatchSpec {
  const at = (c: string) => spec.columns.indexOf(c as keyof Row & string);
  const a = spec.announce;
  return {
    table: spec.table,
    columns: spec.columns,
    keyAt: at(spec.key),
    announce: a ? { topic: a.topic, keyAt: at(a.keyColumn), dateAt: at(a.dateColumn) } : null,
  };
}

function errorOf(e: { message: string; code: string | null }): Error {
  return Object.assign(new Error(e.message), e.code === null ? {} : { code: e.code });
}

/** The writer, and its thread while it runs (for tests and diagnostics). */
export interface ThreadBulkInserter<Row extends object> extends BulkInserter<Row> {
  thread(): Worker | null;
}

export function threadBulkInserter<Row extends object>(
  file: string,
  sync: Sync,
  spec: BulkInsertSpec<Row>,
): ThreadBulkInserter<Row> {
  const batchSpec = specOf(spec);
  const cols = spec.columns;
  const out = new Map<number, Out>();
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;

  const lost = (w: Worker, why: string) => {
    if (worker !== w) return;
    worker = null;
    const err = Object.assign(new Error(`the SQLite writer thread stopped: ${why}`), { code: WRITER_LOST });
    for (const o of out.values()) o.reject(err);
    out.clear();
  };

  const start = (): Worker => {
    const w = startModuleWorker(import.meta.url, 'sqlite-writer-thread', { file, sync, spec: batchSpec });
    w.unref();
    w.on('message', (reply: WriterReply) => {
      const o = out.get(reply.id);
      if (!o) return;
      out.delete(reply.id);
      if (out.size === 0) w.unref();
      if ('error' in reply) o.reject(errorOf(reply.error));
      else o.resolve(new Set(reply.inserted));
    });
    w.on('error', (err) => lost(w, err.message));
    w.on('exit', (code) => lost(w, `exit code ${code}`));
    return w;
  };

  return {
    // Two batches out: the next waits at the thread while one commits, so the thread
    // never idles while the server thread is busy answering (measured: bench/RESULTS.md).
    concurrency: 2,
    thread: () => worker,
    insert(rows) {
      if (closed) return Promise.reject(new Error('the SQLite writer is closed'));
      const values = new Array<unknown[]>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const v = new Array<unknown>(cols.length);
        for (let j = 0; j < cols.length; j++) v[j] = r[cols[j]!] ?? null;
        values[i] = v;
      }
      const through = spec.announce ? spec.announce.through() : null;
      const w = (worker ??= start());
      const id = nextId++;
      return new Promise<Set<string>>((resolve, reject) => {
        out.set(id, { resolve, reject });
        if (out.size === 1) w.ref();
        w.postMessage({ id, rows: values, through } satisfies WriterRequest);
      });
    },
    async close() {
      closed = true;
      const w = worker;
      if (!w) return;
      // It writes what it was given, then closes its connection; ended after 5 s if not.
      w.ref();
      const ended = new Promise<void>((done) => w.once('exit', () => done()));
      w.postMessage('close');
      const timer = setTimeout(() => void w.terminate(), 5000);
      await ended;
      clearTimeout(timer);
    },
  };
}
