/**
 * One change feed per process: every in-memory cache (the check-in directory, the device
 * cache, session revocations) subscribes to the topics it depends on and is told which
 * keys changed, so it reloads only those.
 *
 * Triggers write each change as (seq, topic, key) into `change_log` (migration 0013),
 * whoever makes it. The feed reads the log past its position: at once when PostgreSQL
 * sends NOTIFY hadir_changes (one LISTEN connection per process), and every `pollMs` as
 * the fallback (the only way on SQLite, or behind a pooler without a direct URL). A
 * notification carries nothing: the log is the one truth, the push only makes the read
 * earlier.
 *
 * Order and gaps: `seq` is given when a row is written, not when its transaction commits,
 * so on PostgreSQL seq 11 may become visible after seq 12. A number skipped over is kept
 * as a hole and read again until it shows up or `holeMs` passes (a rolled-back
 * transaction never fills its hole). When the log was pruned past this process's
 * position, or there are too many holes, changes may have been missed: subscribers get
 * a change set with `reset` and reload everything.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DbHandle, Unlisten } from '../db/engine.js';
import type { Database } from '../db/schema.js';
import { SILENT_LOG, type Log } from '../log.js';

/**
 * What changed (see migration 0013 for the tables behind each topic; `rules`, key an
 * organisation id, is 0025's: rule_sets; `attendance`, `review`, `incident` and `shift`
 * are 0026's, and `attendance` is also written for late punches). `unlock` (key: an
 * account id) is no table's: an admin's unlock of the sign-in throttle, which lives in
 * each process's memory, written by {@link publishChange}.
 */
export type Topic =
  | 'employee'
  | 'location'
  | 'unit'
  | 'calendar'
  | 'device'
  | 'session'
  | 'directory'
  | 'unlock'
  | 'rules'
  | 'attendance'
  | 'review'
  | 'incident'
  | 'shift';

/**
 * Logs a change no trigger sees — state held only in the processes' memory — so every
 * process's feed delivers it: at once on PostgreSQL (the NOTIFY the triggers send too,
 * sent when `db`'s transaction commits), at the next poll on SQLite. Give it the
 * transaction of the change it announces, so both commit or neither.
 *
 * @example await publishChange(trx, 'unlock', String(accountId));
 */
export async function publishChange(db: Kysely<Database>, topic: Topic, key: string): Promise<void> {
  await db.insertInto('change_log').values({ topic, key }).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_notify('hadir_changes', '')`.execute(db);
}

/**
 * {@link publishChange} for many keys of one topic at once (a batch's late punches, say),
 * a few hundred rows per statement and one NOTIFY.
 */
export async function publishChanges(
  db: Kysely<Database>,
  topic: Topic,
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 0) return;
  for (let i = 0; i < keys.length; i += 500) {
    await db
      .insertInto('change_log')
      .values(keys.slice(i, i + 500).map((key) => ({ topic, key })))
      .execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_notify('hadir_changes', '')`.execute(db);
}

/** The key meaning "every key of this topic" (a bulk change). */
export const ALL_KEYS = '*';

/** The changes a subscriber is told of at once. */
export class ChangeSet {
  readonly reset: boolean;
  readonly #keys: ReadonlyMap<Topic, ReadonlySet<string>>;

  constructor(reset: boolean, keys: ReadonlyMap<Topic, ReadonlySet<string>>) {
    this.reset = reset;
    this.#keys = keys;
  }

  /** The keys of `topic` that changed (empty when none). */
  keys(topic: Topic): ReadonlySet<string> {
    return this.#keys.get(topic) ?? EMPTY;
  }

  /** Whether every key of `topic` must be treated as changed (a reset, or a bulk change). */
  all(topic: Topic): boolean {
    return this.reset || this.keys(topic).has(ALL_KEYS);
  }

  /** Whether anything of `topic` changed. */
  touches(topic: Topic): boolean {
    return this.reset || this.keys(topic).size > 0;
  }

  /** This set and `other` together. */
  merge(other: ChangeSet): ChangeSet {
    const keys = new Map<Topic, Set<string>>();
    for (const cs of [this, other]) {
      for (const [t, ks] of cs.#keys) {
        const s = keys.get(t) ?? new Set<string>();
        for (const k of ks) s.add(k);
        keys.set(t, s);
      }
    }
    return new ChangeSet(this.reset || other.reset, keys);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export type ChangeHandler = (changes: ChangeSet) => void | Promise<void>;

export interface ChangeFeedOptions {
  /** How often to read the log without a notification, ms (0 = only on notifications and `catchUp`). */
  pollMs: number;
  /** How long a skipped seq is waited for before it counts as rolled back, ms; default 10 minutes. */
  holeMs?: number;
  /** Log rows kept behind the newest; older ones are deleted. Default 100,000. */
  keep?: number;
  /** Where a failed read (said once until reads work again) or a failed subscriber is reported. */
  log?: Log;
  /** The clock for hole ages; default Date.now. */
  now?: () => number;
}

interface Subscriber {
  topics: ReadonlySet<Topic>;
  fn: ChangeHandler;
  pending: ChangeSet | null;
  running: Promise<void> | null;
}

/** Rows read at once. */
const PAGE = 10_000;
/** More skipped numbers than this at once: give up tracking them and reset. */
const MAX_HOLES = 1_000;
/** How many reads between two prunes. */
const PRUNE_EVERY = 32;
/** Pause before a failed subscriber is given its changes again. */
const RETRY_MS = 1000;
/** Rows deleted per statement when pruning (a short lock each, on SQLite a short pause). */
const PRUNE_CHUNK = 10_000;

export class ChangeFeed {
  readonly #handle: DbHandle;
  readonly #holeMs: number;
  readonly #keep: number;
  readonly #log: Log;
  /** Reads are failing (reported once, until one works again). */
  #failing = false;
  readonly #now: () => number;
  readonly #subscribers = new Set<Subscriber>();
  /** Skipped seq → when it was first missed. */
  readonly #holes = new Map<number, number>();
  #position = 0;
  #reading: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #unlisten: Unlisten | null = null;
  #closed = false;
  readonly stats = { reads: 0, changes: 0, resets: 0, notifications: 0 };

  private constructor(handle: DbHandle, opts: ChangeFeedOptions) {
    this.#handle = handle;
    this.#holeMs = opts.holeMs ?? 600_000;
    this.#keep = opts.keep ?? 100_000;
    this.#log = opts.log ?? SILENT_LOG;
    this.#now = opts.now ?? Date.now;
  }

  /**
   * Starts at the newest change (what is in the database now is what the caches load),
   * listening and polling.
   *
   * @example
   *   const feed = await ChangeFeed.open(handle, { pollMs: 2000 });
   *   feed.subscribe(['device'], (cs) => { for (const id of cs.keys('device')) cache.delete(id); });
   */
  static async open(handle: DbHandle, opts: ChangeFeedOptions): Promise<ChangeFeed> {
    const f = new ChangeFeed(handle, opts);
    await f.#start();
    if (opts.pollMs > 0) {
      f.#timer = setInterval(() => void f.#read(), opts.pollMs);
      f.#timer.unref();
    }
    f.#unlisten = await handle.listen('hadir_changes', () => {
      f.stats.notifications++;
      void f.#read();
    });
    return f;
  }

  /** The newest seq this feed has read. */
  get position(): number {
    return this.#position;
  }

  /**
   * Every change with a seq up to this one has been delivered: the position, or just
   * below the oldest number still awaited (a transaction that took it has not committed).
   * A cache saved with it is brought up to date by the log rows after it.
   */
  get settled(): number {
    let s = this.#position;
    for (const h of this.#holes.keys()) if (h - 1 < s) s = h - 1;
    return s;
  }

  /** Whether other processes' changes arrive at once (PostgreSQL NOTIFY) rather than at the next poll. */
  get pushes(): boolean {
    return this.#handle.pushes;
  }

  /**
   * Calls `fn` with every change set touching one of `topics` (and every reset). Calls
   * of one subscriber never overlap; changes arriving meanwhile are merged into the next.
   * Returns a function that unsubscribes.
   */
  subscribe(topics: readonly Topic[], fn: ChangeHandler): () => void {
    const s: Subscriber = { topics: new Set(topics), fn, pending: null, running: null };
    this.#subscribers.add(s);
    return () => this.#subscribers.delete(s);
  }

  /**
   * Reads the log now and resolves when every subscriber has handled what was there: after
   * a change this process made, so its own next request sees it.
   */
  async catchUp(): Promise<void> {
    await this.#read();
    await Promise.all([...this.#subscribers].map((s) => s.running ?? Promise.resolve()));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#unlisten?.();
    await this.#reading;
    await Promise.all([...this.#subscribers].map((s) => s.running ?? Promise.resolve()));
  }

  async #start(): Promise<void> {
    const db = this.#handle.db;
    const top = await db
      .selectFrom('change_log')
      .select((e) => e.fn.max('seq').as('seq'))
      .executeTakeFirst();
    this.#position = Number(top?.seq ?? 0);
    // A transaction that took a number just below and has not committed yet would be
    // missed: treat the missing numbers of the last stretch as holes.
    const pruned = await this.#prunedTo();
    const from = Math.max(pruned, this.#position - MAX_HOLES);
    const present = await db.selectFrom('change_log').select('seq').where('seq', '>', from).execute();
    const seen = new Set(present.map((r) => Number(r.seq)));
    const at = this.#now();
    for (let s = from + 1; s <= this.#position; s++) if (!seen.has(s)) this.#holes.set(s, at);
  }

  async #prunedTo(): Promise<number> {
    const r = await this.#handle.db
      .selectFrom('change_feed')
      .select('pruned_to')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(r?.pruned_to ?? 0);
  }

  /** One read at a time; a request during a read makes one more read after it. */
  #read(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        try {
          await this.#readOnce();
          if (this.#failing) this.#log.info({}, 'change feed reads work again');
          this.#failing = false;
        } catch (err) {
          // The database is away for a moment: the next poll or notification reads again
          // (said once, not at every poll); the caches keep serving what they have.
          if (!this.#failing) this.#log.warn({ err }, 'change feed read failed; caches serve what they have');
          this.#failing = true;
        }
      } while (this.#again && !this.#closed);
      this.#reading = null;
    })();
    return this.#reading;
  }

  async #readOnce(): Promise<void> {
    this.stats.reads++;
    const db = this.#handle.db;
    const now = this.#now();
    let reset = false;
    const pruned = await this.#prunedTo();
    if (pruned > this.#position) {
      // Rows this process never read were deleted.
      reset = true;
      this.#position = pruned;
      this.#holes.clear();
    }
    for (const [seq, since] of this.#holes) {
      if (now - since > this.#holeMs || seq <= pruned) this.#holes.delete(seq);
    }
    const keys = new Map<Topic, Set<string>>();
    for (;;) {
      const holes = [...this.#holes.keys()];
      let q = db.selectFrom('change_log').select(['seq', 'topic', 'key']);
      q =
        holes.length > 0
          ? q.where((e) => e.or([e('seq', '>', this.#position), e('seq', 'in', holes)]))
          : q.where('seq', '>', this.#position);
      const rows = await q.orderBy('seq').limit(PAGE).execute();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq > this.#position) {
          for (let s = this.#position + 1; s < seq && this.#holes.size <= MAX_HOLES; s++)
            this.#holes.set(s, now);
          this.#position = seq;
        } else {
          this.#holes.delete(seq);
        }
        const topic = r.topic as Topic;
        const set = keys.get(topic) ?? new Set<string>();
        set.add(r.key);
        keys.set(topic, set);
        this.stats.changes++;
      }
      if (this.#holes.size > MAX_HOLES) {
        reset = true;
        this.#holes.clear();
      }
      if (rows.length < PAGE) break;
    }
    if (reset) this.stats.resets++;
    if (reset || keys.size > 0) this.#deliver(new ChangeSet(reset, keys));
    if (this.stats.reads % PRUNE_EVERY === 0) await this.#prune(pruned);
  }

  #deliver(cs: ChangeSet): void {
    for (const s of this.#subscribers) {
      if (!cs.reset && ![...s.topics].some((t) => cs.touches(t))) continue;
      s.pending = s.pending ? s.pending.merge(cs) : cs;
      s.running ??= (async () => {
        let failing = false;
        while (s.pending && !this.#closed) {
          const next = s.pending;
          s.pending = null;
          try {
            await s.fn(next);
            failing = false;
          } catch (err) {
            // The cache keeps serving its old copy and is given the same changes again
            // (with any newer ones) a moment later, until it manages.
            if (!failing)
              this.#log.error({ err, topics: [...s.topics] }, 'a cache failed to apply changes; retrying');
            failing = true;
            s.pending = s.pending ? next.merge(s.pending) : next;
            await new Promise((r) => setTimeout(r, RETRY_MS));
          }
        }
        s.running = null;
      })();
    }
  }

  /** Deletes log rows more than `keep` behind this process's position, a chunk at a time. */
  async #prune(pruned: number): Promise<void> {
    const to = this.#position - this.#keep;
    if (to <= pruned) return;
    const db = this.#handle.db;
    // Say first how far rows go, so a reader that still needed them resets rather than missing them.
    await db
      .updateTable('change_feed')
      .set({ pruned_to: to })
      .where('id', '=', 1)
      .where('pruned_to', '<', to)
      .execute();
    for (let lo = pruned; lo < to; lo += PRUNE_CHUNK) {
      await db
        .deleteFrom('change_log')
        .where('seq', '>', lo)
        .where('seq', '<=', Math.min(lo + PRUNE_CHUNK, to))
        .execute();
    }
  }
}
