/**
 * Last contact of each machine, kept in memory and written every few seconds in one
 * transaction: 500 machines polling every 30 s would otherwise be a write a few
 * milliseconds apart, each waiting for the disk, for a time nobody needs to the second.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Log } from '../../platform/log.js';
import { noteContacts } from './store.js';
import type { Contact } from './store.js';

export class ContactBook {
  readonly #db: Kysely<Database>;
  readonly #log: Log;
  #dirty = new Map<string, Contact>();
  readonly #latest = new Map<string, Contact>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, log: Log, everyMs = 5000) {
    this.#db = db;
    this.#log = log;
    if (everyMs > 0) {
      this.#timer = setInterval(() => void this.flush(), everyMs);
      this.#timer.unref();
    }
  }

  note(serial: string, c: Contact): void {
    const before = this.#dirty.get(serial);
    const merged: Contact = {
      at: c.at,
      address: c.address,
      firmware: c.firmware ?? before?.firmware ?? null,
      pushVersion: c.pushVersion ?? before?.pushVersion ?? null,
    };
    this.#dirty.set(serial, merged);
    this.#latest.set(serial, merged);
  }

  /** The last contact this process saw (newer than the stored one until the next flush). */
  get(serial: string): Contact | undefined {
    return this.#latest.get(serial);
  }

  /** Writes what changed since the last flush. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#dirty.size === 0) return;
      const batch = this.#dirty;
      this.#dirty = new Map();
      try {
        await this.#db.transaction().execute((trx) => noteContacts(trx, batch));
      } catch (err) {
        this.#log.error({ err }, 'could not store machine contacts');
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
