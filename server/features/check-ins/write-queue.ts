/**
 * Group commit for punches. Requests offer their row and wait; one flush at a time
 * writes everything that arrived meanwhile in one transaction (one fsync for many
 * check-ins), then every waiter learns whether its row was new or already stored.
 *
 * Bounded: past `maxPending` rows the offer is refused at once (the caller answers 503
 * with Retry-After), so memory and latency stay bounded under any load.
 *
 * Exact idempotency under concurrency: an id already waiting or being written is not
 * written twice; the later offer waits for the earlier write and then reports 'exists',
 * so the caller reads the stored row and compares request hashes like any retry.
 */
import type { NewPunchRow } from '../../platform/db/schema.js';

/** Writes rows durably in one transaction; resolves with the ids that were new. */
export type FlushFn = (rows: NewPunchRow[]) => Promise<ReadonlySet<string>>;

export type OfferOutcome = 'inserted' | 'exists';

export interface WriteQueueOptions {
  flush: FlushFn;
  /** Most rows written in one transaction. */
  maxBatch: number;
  /** Most rows waiting (not yet being written); past it offers are refused. */
  maxPending: number;
  /** Batches written at once (1 for SQLite's single writer; more where the store commits in parallel). */
  concurrency?: number;
}

interface Entry {
  row: NewPunchRow;
  resolve: (o: OfferOutcome) => void;
  reject: (e: unknown) => void;
}

export class WriteQueue {
  readonly #opts: WriteQueueOptions;
  #pending: Entry[] = [];
  /** Ids waiting or being written → the promise of that write. */
  readonly #inFlight = new Map<string, Promise<OfferOutcome>>();
  #active = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  /** Counters for /health and the benchmark. */
  readonly stats = { batches: 0, rows: 0, refused: 0, largestBatch: 0 };

  constructor(opts: WriteQueueOptions) {
    this.#opts = opts;
  }

  /** Rows waiting to be written (excluding the batch being written). */
  get pending(): number {
    return this.#pending.length;
  }

  /** True when an offer would be refused now. */
  get full(): boolean {
    return this.#pending.length >= this.#opts.maxPending;
  }

  /**
   * Offers a row. Returns null when the queue is full (refuse fast); otherwise a promise
   * that settles after the row's transaction committed (or failed).
   */
  offer(row: NewPunchRow): Promise<OfferOutcome> | null {
    const earlier = this.#inFlight.get(row.id);
    if (earlier) return earlier.then(() => 'exists' as const);
    if (this.full) {
      this.stats.refused++;
      return null;
    }
    const p = new Promise<OfferOutcome>((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
    });
    this.#inFlight.set(row.id, p);
    // Settle bookkeeping whatever the outcome; the caller handles the rejection.
    p.then(
      () => this.#inFlight.delete(row.id),
      () => this.#inFlight.delete(row.id),
    );
    this.#schedule();
    return p;
  }

  /** Resolves when nothing is waiting or being written. */
  drain(): Promise<void> {
    if (this.#active === 0 && this.#pending.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }

  #schedule(): void {
    if (this.#scheduled || this.#active >= (this.#opts.concurrency ?? 1)) return;
    this.#scheduled = true;
    // setImmediate lets every request already read from the sockets join this batch.
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  /** Starts batches while there are rows waiting and a flush slot is free. */
  #pump(): void {
    while (this.#pending.length > 0 && this.#active < (this.#opts.concurrency ?? 1)) {
      const batch = this.#pending.splice(0, this.#opts.maxBatch);
      this.stats.batches++;
      this.stats.rows += batch.length;
      if (batch.length > this.stats.largestBatch) this.stats.largestBatch = batch.length;
      this.#active++;
      void this.#write(batch).finally(() => {
        this.#active--;
        // What arrived during the write goes next, at once.
        if (this.#pending.length > 0) this.#pump();
        else if (this.#active === 0) {
          const idle = this.#idle;
          this.#idle = [];
          for (const r of idle) r();
        }
      });
    }
  }

  async #write(batch: Entry[]): Promise<void> {
    try {
      const inserted = await this.#opts.flush(batch.map((e) => e.row));
      for (const e of batch) e.resolve(inserted.has(e.row.id) ? 'inserted' : 'exists');
    } catch (err) {
      for (const e of batch) e.reject(err);
    }
  }
}
