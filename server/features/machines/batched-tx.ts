/**
 * Group commit for the machines' bookkeeping: the lines, stamps and clocks of every
 * upload that arrives while a transaction is being written go into the next one. At
 * 07:00, 500 machines reconnecting are a few transactions instead of 500 fsyncs in a
 * row on SQLite's single writer. (Their punches already share the check-ins' queue.)
 *
 * A failing job fails its whole batch: every upload in it is answered with an error and
 * sent again by its machine, which is safe, as lines are keyed by (machine, PIN, time).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type Job = (trx: Kysely<Database>) => Promise<void>;

interface Entry {
  job: Job;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class BatchedTransactions {
  readonly #db: Kysely<Database>;
  #pending: Entry[] = [];
  #running = false;
  /** Counters for the benchmark. */
  readonly stats = { batches: 0, jobs: 0 };

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `job` in the next shared transaction; resolves once that transaction committed. */
  run(job: Job): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      this.stats.batches++;
      this.stats.jobs += batch.length;
      try {
        await this.#db.transaction().execute(async (trx) => {
          for (const e of batch) await e.job(trx);
        });
        for (const e of batch) e.resolve();
      } catch (err) {
        for (const e of batch) e.reject(err);
      }
    }
    this.#running = false;
  }
}
