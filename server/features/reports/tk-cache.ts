/**
 * The TK count of months that are over, kept per person and month, so a December recap's
 * year-to-date TK count (PP 94/2021) reads eleven months of segments, not eleven months
 * of events: for 10,000 people about five million events, re-read and re-judged at every
 * call, took ~28 s of the 29.8 s the December recap took (bench/RESULTS.md).
 *
 * What is kept is a {@link TkSegment} (core/attendance/recap.ts) per person-month, which
 * joins with the months around it exactly as the days would. It is kept only for:
 * - a month whose last day is at least {@link CLOSED_MARGIN_DAYS} days before today
 *   (UTC): the punches that can still change it are the late ones, and those log a change
 *   (features/check-ins/store.ts LATE_PUNCH_DAYS, migration 0026);
 * - a person who stayed in one unit, their current one, the whole month: their statuses
 *   then do not depend on which units a recap asks for. Someone who moved that month is
 *   computed every time.
 *
 * Why it is right: every table a status reads logs its changes to the change feed
 * (migrations 0013, 0025, 0026; reports/change-sources.test.ts checks the list against
 * what loadPeriod reads), and this cache drops what a change touches: one person's
 * months for an employee, attendance or review change, everything for a change of units,
 * calendars, rules, shift types, incidents or a reset. Before each use it reads the feed
 * ({@link TkCache.fresh}), so a change committed before the request is never missed,
 * from whichever process it came. A month computed while a change of that person
 * arrived is not kept (generations, {@link TkCache.begin}). It lives in memory only (a
 * restart counts again from the events, once).
 */
import type { Kysely } from 'kysely';
import type { TkSegment } from '../../../core/attendance/index.js';
import type { EmployeeKind } from '../../../core/model.js';
import { addDays } from '../../../core/time.js';
import type { ChangeFeed, ChangeSet, Topic } from '../../platform/changes/feed.js';
import type { Database } from '../../platform/db/schema.js';
import { LATE_PUNCH_DAYS } from '../check-ins/store.js';

/**
 * Days between a kept month's last day and today: the late-punch margin, one more for
 * the punches of the day after a month (loadPeriod reads a period ± 1 day), and one for
 * two machines' clocks on either side of midnight.
 */
export const CLOSED_MARGIN_DAYS = LATE_PUNCH_DAYS + 2;

/** Person-months kept at most (about 100 bytes each); past it, the cache starts over. */
const MAX_ENTRIES = 2_000_000;

/** One person's month. */
export interface KeptMonth {
  seg: TkSegment;
  kind: EmployeeKind;
}

/** Topics whose change can touch anyone: the cache starts over. */
const EVERYONE: readonly Topic[] = ['unit', 'calendar', 'rules', 'directory', 'incident', 'shift'];
/** Topics keyed by employee id. */
const PERSONAL: readonly Topic[] = ['employee', 'attendance'];

const caches = new WeakMap<Kysely<Database>, TkCache>();

/** The cache kept for this database handle, if one was attached. */
export function tkCacheOf(db: Kysely<Database>): TkCache | undefined {
  return caches.get(db);
}

export class TkCache {
  readonly #db: Kysely<Database>;
  readonly #feed: ChangeFeed;
  /** 'YYYY-MM' → employee id → segment. */
  readonly #months = new Map<string, Map<number, KeptMonth>>();
  #size = 0;
  /** Bumped by every change applied. */
  #gen = 0;
  /** The generation of the last start-over. */
  #clearedAt = 0;
  /** While counts are running: employee id → generation of its last change. */
  readonly #touched = new Map<number, number>();
  #running = 0;
  readonly #unsubscribe: () => void;
  readonly stats = { hits: 0, misses: 0, kept: 0, dropped: 0, clears: 0 };

  private constructor(db: Kysely<Database>, feed: ChangeFeed) {
    this.#db = db;
    this.#feed = feed;
    this.#unsubscribe = feed.subscribe([...EVERYONE, ...PERSONAL, 'review'], (cs) => this.#apply(cs));
  }

  /** Keeps closed months' TK counts for every count made on `db`, told of changes by `feed`. */
  static attach(db: Kysely<Database>, feed: ChangeFeed): TkCache {
    const c = new TkCache(db, feed);
    caches.set(db, c);
    return c;
  }

  /** Stops keeping (the handle counts from the events again). */
  detach(): void {
    this.#unsubscribe();
    if (caches.get(this.#db) === this) caches.delete(this.#db);
  }

  /** Person-months kept. */
  get size(): number {
    return this.#size;
  }

  /** Whether `month` (YYYY-MM, last day `lastDay`) is over long enough to be kept at `nowMs`. */
  static keeps(lastDay: string, nowMs: number): boolean {
    return lastDay <= addDays(new Date(nowMs).toISOString().slice(0, 10), -CLOSED_MARGIN_DAYS);
  }

  /** Reads the change feed now: every change committed before this call is applied when it resolves. */
  fresh(): Promise<void> {
    return this.#feed.catchUp();
  }

  /** Starts a count: returns its generation, for {@link put}. Pair with {@link end}. */
  begin(): number {
    this.#running++;
    return this.#gen;
  }

  end(): void {
    if (--this.#running === 0) this.#touched.clear();
  }

  get(month: string, employeeId: number): KeptMonth | undefined {
    const k = this.#months.get(month)?.get(employeeId);
    if (k) this.stats.hits++;
    else this.stats.misses++;
    return k;
  }

  /** Keeps a month counted by a count begun at generation `since`, unless a change of the person came since. */
  put(month: string, employeeId: number, kept: KeptMonth, since: number): void {
    if (this.#clearedAt > since || (this.#touched.get(employeeId) ?? 0) > since) return;
    if (this.#size >= MAX_ENTRIES) this.#clear();
    let m = this.#months.get(month);
    if (!m) this.#months.set(month, (m = new Map()));
    if (!m.has(employeeId)) this.#size++;
    m.set(employeeId, kept);
    this.stats.kept++;
  }

  #clear(): void {
    this.#months.clear();
    this.#size = 0;
    this.#clearedAt = ++this.#gen;
    this.stats.clears++;
  }

  #drop(ids: ReadonlySet<number>): void {
    const gen = ++this.#gen;
    for (const id of ids) {
      if (this.#running > 0) this.#touched.set(id, gen);
      for (const m of this.#months.values()) {
        if (m.delete(id)) {
          this.#size--;
          this.stats.dropped++;
        }
      }
    }
  }

  async #apply(cs: ChangeSet): Promise<void> {
    if (
      cs.reset ||
      EVERYONE.some((t) => cs.touches(t)) ||
      PERSONAL.some((t) => cs.all(t)) ||
      cs.all('review')
    ) {
      this.#clear();
      return;
    }
    const ids = new Set<number>();
    for (const t of PERSONAL) for (const k of cs.keys(t)) ids.add(Number(k));
    // A review names a punch: whose it is (punches are never deleted). A month kept
    // during the lookup is dropped after it; one counted after it sees the review.
    const punches = [...cs.keys('review')];
    for (let i = 0; i < punches.length; i += 1000) {
      const rows = await this.#db
        .selectFrom('punches')
        .select('employee_id')
        .distinct()
        .where('id', 'in', punches.slice(i, i + 1000))
        .execute();
      for (const r of rows) ids.add(r.employee_id);
    }
    this.#drop(ids);
  }
}
