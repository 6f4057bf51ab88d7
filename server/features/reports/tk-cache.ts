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
 * arrived is not kept (generations, {@link TkCache.begin}).
 *
 * It lives in the worker's memory and is saved to a file ({@link TkCache.save}: at a
 * graceful stop, and now and then after jobs) with the feed position it is right up to
 * (`settled`). A starting worker loads the file and applies every change logged after
 * that position before its first job ({@link TkCache.restore}); a file older than the
 * log's pruning, unreadable or of another format is ignored, and that worker counts
 * from the events once. A crash loses only what was kept since the last save.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { TkSegment } from '../../../core/attendance/index.js';
import { EMPLOYEE_KINDS } from '../../../core/model.js';
import type { EmployeeKind } from '../../../core/model.js';
import { addDays } from '../../../core/time.js';
import { ChangeSet } from '../../platform/changes/feed.js';
import type { ChangeFeed, Topic } from '../../platform/changes/feed.js';
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

/** The saved file's first bytes: its format. */
const MAGIC = Buffer.from('HADIRTK1');
/** Bytes of the database identity in the file (a UUID). */
const TOKEN_BYTES = 36;
/** The header: format, database identity, feed position (float64), person-months (int32). */
const HEAD = MAGIC.length + TOKEN_BYTES + 12;
/** Int32 values per saved person-month: employee, year×12+month−1, tk, lead, trail, longest, flags. */
const FIELDS = 7;
/** More log rows than this after a saved file: it is not worth replaying; start over. */
const REPLAY_MAX = 100_000;

/** One person's month. */
export interface KeptMonth {
  seg: TkSegment;
  kind: EmployeeKind;
}

/** Topics whose change can touch anyone: the cache starts over. */
const EVERYONE: readonly Topic[] = ['unit', 'calendar', 'rules', 'directory', 'incident', 'shift'];
/** Topics keyed by employee id. */
const PERSONAL: readonly Topic[] = ['employee', 'attendance'];
/** Every topic the cache follows (change-sources.test.ts checks each table a status reads is logged under one). */
export const TK_TOPICS: readonly Topic[] = [...EVERYONE, ...PERSONAL, 'review'];

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
    this.#unsubscribe = feed.subscribe(TK_TOPICS, (cs) => this.#apply(cs));
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
    if (!m) this.#months.set(month, (m = new Map<number, KeptMonth>()));
    if (!m.has(employeeId)) this.#size++;
    m.set(employeeId, kept);
    this.stats.kept++;
  }

  /**
   * Writes what is kept to `file` (through a temporary file of this thread's, so a reader
   * never sees half of it and two workers never write into one another's), with this database's identity (migration 0027) and the feed position every
   * kept month is right up to.
   */
  async save(file: string): Promise<void> {
    const settled = this.#feed.settled;
    const token = await this.#token();
    const out = new Int32Array(this.#size * FIELDS);
    let i = 0;
    for (const [month, m] of this.#months) {
      const ym = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
      for (const [id, { seg, kind }] of m) {
        if (i + FIELDS > out.length) break;
        const flags = (seg.allTk ? 1 : 0) | (EMPLOYEE_KINDS.indexOf(kind) << 1);
        out.set([id, ym, seg.tkDays, seg.lead, seg.trail, seg.longest, flags], i);
        i += FIELDS;
      }
    }
    const head = Buffer.alloc(HEAD);
    MAGIC.copy(head);
    head.write(token.padEnd(TOKEN_BYTES).slice(0, TOKEN_BYTES), MAGIC.length, 'latin1');
    head.writeDoubleLE(settled, MAGIC.length + TOKEN_BYTES);
    head.writeInt32LE(i / FIELDS, MAGIC.length + TOKEN_BYTES + 8);
    const tmp = `${file}.${process.pid}.${threadId}.tmp`;
    await writeFile(tmp, Buffer.concat([head, Buffer.from(out.buffer, 0, i * 4)]));
    await rename(tmp, file);
  }

  /**
   * Loads a file written by {@link save} for this database and applies every change
   * logged since it was written. Call once, before the first count. Returns how many
   * person-months it kept: 0 when the file is missing, unreadable, of another database,
   * ahead of this log (a database restored from an older backup) or older than its
   * pruning.
   */
  async restore(file: string): Promise<number> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return 0;
    }
    if (bytes.length < HEAD || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 0;
    const token = bytes.toString('latin1', MAGIC.length, MAGIC.length + TOKEN_BYTES).trimEnd();
    const settled = bytes.readDoubleLE(MAGIC.length + TOKEN_BYTES);
    const count = bytes.readInt32LE(MAGIC.length + TOKEN_BYTES + 8);
    const body = bytes.subarray(HEAD);
    if (count < 0 || body.length !== count * FIELDS * 4 || token !== (await this.#token())) return 0;
    const log = await this.#db
      .selectFrom('change_feed')
      .select((e) => [
        'pruned_to',
        e
          .selectFrom('change_log')
          .select((l) => l.fn.max('seq').as('top'))
          .as('top'),
      ])
      .where('id', '=', 1)
      .executeTakeFirst();
    const pruned = Number(log?.pruned_to ?? 0);
    if (pruned > settled || settled > Math.max(pruned, Number(log?.top ?? 0))) return 0;
    const v = new Int32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
    const since = this.begin();
    try {
      for (let i = 0; i < v.length; i += FIELDS) {
        const ym = v[i + 1]!;
        const month = `${Math.floor(ym / 12)}-${String((ym % 12) + 1).padStart(2, '0')}`;
        const flags = v[i + 6]!;
        const kind = EMPLOYEE_KINDS[flags >> 1];
        if (!kind) return this.#forget();
        const seg = {
          tkDays: v[i + 2]!,
          lead: v[i + 3]!,
          trail: v[i + 4]!,
          longest: v[i + 5]!,
          allTk: (flags & 1) === 1,
        };
        this.put(month, v[i]!, { seg, kind }, since);
      }
      // Every change after the file's position, including any the feed delivered while
      // the file was being read (each is in the log): drops what they touch.
      const rows = await this.#db
        .selectFrom('change_log')
        .select(['topic', 'key'])
        .where('seq', '>', settled)
        .orderBy('seq')
        .limit(REPLAY_MAX + 1)
        .execute();
      if (rows.length > REPLAY_MAX) return this.#forget();
      const keys = new Map<Topic, Set<string>>();
      for (const r of rows) {
        const t = r.topic as Topic;
        const set = keys.get(t) ?? new Set<string>();
        set.add(r.key);
        keys.set(t, set);
      }
      await this.#apply(new ChangeSet(false, keys));
      return this.#size;
    } finally {
      this.end();
    }
  }

  async #token(): Promise<string> {
    const r = await this.#db
      .selectFrom('database_identity')
      .select('token')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return r.token;
  }

  #forget(): number {
    this.#clear();
    return 0;
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
