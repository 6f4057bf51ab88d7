/**
 * Where unit recaps and exports are built (issue 14 item 5). A 10,000-person December
 * recap reads about five million events and a PDF of it takes seconds of CPU; on the
 * event loop that serves check-ins this held the health check for ~4.6 s (recap) and
 * ~14 s (PDF) — a morning's check-ins would wait behind one officer's export. So by
 * default the server hands these jobs to report worker threads (`HADIR_REPORT_WORKERS`,
 * default 1: one core keeps serving check-ins on a two-core machine), each with a
 * database handle of its own, and at most `HADIR_REPORT_QUEUE_MAX` jobs wait; past that
 * a report is refused at once with 503 `reports_busy` and `Retry-After`, as check-ins are.
 *
 * The scope is checked on the event loop before a job is queued (it is cheap and needs
 * the caller), so a worker only ever reads what the caller may see. A worker that dies
 * fails its job (500) and is started again for the next one.
 */
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import type { ErrorCode, ErrorDetail } from '../../../core/errors.js';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../platform/changes/feed.js';
import type { DbHandle } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { startModuleWorker } from '../../platform/threads.js';
import { REPORT_JOBS } from './jobs.js';
import type { JobArgs, JobName, JobResult } from './jobs.js';
import { TkCache } from './tk-cache.js';

export interface ReportRunner {
  /** 'worker': jobs run on report worker threads; 'inline': on this event loop. */
  readonly mode: 'worker' | 'inline';
  run<N extends JobName>(name: N, args: JobArgs<N>): Promise<JobResult<N>>;
  close(): Promise<void>;
}

/** A job as it crosses to a worker. */
export interface JobRequest {
  id: number;
  name: JobName;
  args: unknown;
}

/** A job's failure as plain data. */
export type JobError =
  { code: ErrorCode; details?: ErrorDetail[]; retryAfter?: number } | { message: string };

/** A worker's answer to one job. */
export type JobReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: JobError };

/** Jobs on this event loop (a single-process tool, `HADIR_REPORT_WORKERS=0`). */
export function inlineReports(db: Kysely<Database>): ReportRunner {
  return {
    mode: 'inline',
    run: (name, args) =>
      (REPORT_JOBS[name] as (db: Kysely<Database>, a: unknown) => Promise<never>)(db, args),
    close: () => Promise.resolve(),
  };
}

/**
 * The runner a server uses: worker threads when `workers` > 0, each with a change feed of
 * its own polled every `pollMs` (PostgreSQL also pushes); inline, the server's `feed`
 * when given. The handle the jobs run on then keeps the TK count of closed months
 * (tk-cache.ts).
 */
export function reportRunner(
  handle: DbHandle,
  opts: { workers: number; queueMax: number; pollMs?: number; feed?: ChangeFeed },
): ReportRunner {
  if (opts.workers > 0) return new WorkerReports(handle, opts.workers, opts.queueMax, opts.pollMs ?? 2000);
  const inline = inlineReports(handle.db);
  if (!opts.feed) return inline;
  const cache = TkCache.attach(handle.db, opts.feed);
  return {
    ...inline,
    close: () => {
      cache.detach();
      return inline.close();
    },
  };
}

interface Pending {
  id: number;
  name: JobName;
  args: unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker | null;
  job: Pending | null;
}

const startWorker = (workerData: unknown): Worker => startModuleWorker(import.meta.url, 'worker', workerData);

class WorkerReports implements ReportRunner {
  readonly mode = 'worker';
  readonly #handle: DbHandle;
  readonly #slots: Slot[];
  readonly #queue: Pending[] = [];
  readonly #queueMax: number;
  #nextId = 1;
  #closed = false;

  readonly #pollMs: number;

  constructor(handle: DbHandle, workers: number, queueMax: number, pollMs: number) {
    this.#handle = handle;
    this.#pollMs = pollMs;
    this.#queueMax = queueMax;
    this.#slots = Array.from({ length: workers }, () => ({ worker: null, job: null }));
  }

  run<N extends JobName>(name: N, args: JobArgs<N>): Promise<JobResult<N>> {
    if (this.#closed) return Promise.reject(new AppError('reports_busy', { retryAfter: 5 }));
    if (this.#queue.length >= this.#queueMax) {
      return Promise.reject(new AppError('reports_busy', { retryAfter: 5 }));
    }
    return new Promise<JobResult<N>>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, name, args, resolve: resolve as (v: unknown) => void, reject });
      this.#pump();
    });
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.job !== null) continue;
      const job = this.#queue.shift();
      if (!job) return;
      slot.job = job;
      this.#workerOf(slot).postMessage({ id: job.id, name: job.name, args: job.args } satisfies JobRequest);
    }
  }

  #workerOf(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    const w = startWorker({ options: this.#handle.options, pollMs: this.#pollMs });
    // Only open requests keep a server alive, never an idle worker.
    w.unref();
    w.on('message', (reply: JobReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      if (reply.ok) job.resolve(revive(reply.value));
      else job.reject(errorFrom(reply.error));
      this.#pump();
    });
    const lost = (err: unknown) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      const job = slot.job;
      slot.job = null;
      job?.reject(err instanceof Error ? err : new Error(`the report worker stopped (${String(err)})`));
      if (!this.#closed) this.#pump();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`the report worker exited with code ${code}`)));
    slot.worker = w;
    return w;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new AppError('reports_busy', { retryAfter: 5 }));
    await Promise.all(
      this.#slots.map(async (slot) => {
        const w = slot.worker;
        if (!w) return;
        slot.worker = null;
        slot.job?.reject(new AppError('reports_busy', { retryAfter: 5 }));
        slot.job = null;
        // Let it close its database handle; end it if it does not within a second.
        const ended = new Promise<void>((done) => w.once('exit', () => done()));
        w.postMessage('close');
        const timer = setTimeout(() => void w.terminate(), 1000);
        await ended;
        clearTimeout(timer);
      }),
    );
  }
}

/** Bytes come back from a worker as a Uint8Array: make an export's data a Buffer again. */
function revive(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'data' in value && value.data instanceof Uint8Array) {
    const d = value.data;
    return { ...value, data: Buffer.from(d.buffer, d.byteOffset, d.byteLength) };
  }
  return value;
}

function errorFrom(e: JobError): Error {
  if ('code' in e) {
    return new AppError(e.code, {
      ...(e.details && { details: e.details }),
      ...(e.retryAfter !== undefined && { retryAfter: e.retryAfter }),
    });
  }
  return new Error(`a report job failed: ${e.message}`);
}
