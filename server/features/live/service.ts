/**
 * The live board service: keeps the board of each date someone is watching in memory,
 * applies punches as their batch commits, and pushes fresh counts to the subscribers
 * (server-sent events) whose units the punches concern.
 *
 * Cost on the check-in path: `committed` is called once per committed batch (never per
 * check-in) and only stores a reference to the batch; the work happens on a later turn
 * of the event loop. With no board in memory it returns at once.
 *
 * Staleness: punches committed by this process arrive at once. Everything else a board
 * depends on (punches taken by another process, approved leave, rosters, holidays) is
 * picked up by rebuilding the board from the database every `rebuildMs` while anyone
 * watches it, and at the next read after that otherwise.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Unit } from '../../../core/model.js';
import type { Database, NewPunchRow } from '../../platform/db/schema.js';
import { loadPeriod } from '../reports/service.js';
import { timeCauseOf } from '../reviews/views.js';
import { listUnits } from '../units/store.js';
import { DayBoard } from './board.js';
import type { LivePunch, PersonLive } from './board.js';

export interface LiveDeps {
  db: Kysely<Database>;
  now: () => number;
  /** How old a watched board may grow before it is rebuilt from the database (ms). */
  rebuildMs?: number;
  /** Pause between a punch and the counts pushed for it, so a burst is one message (ms). */
  pushDelayMs?: number;
}

/** What a subscriber is sent: the board of its unit, and each new punch of its people. */
export interface Subscriber {
  date: string;
  /** The units of the subscriber's view (a subtree), ids. */
  unitIds: ReadonlySet<number>;
  /** Fresh counts are due (the caller recomputes its view from the board). */
  onBoard(board: DayBoard): void;
  /** A punch of one of its people was committed. */
  onPunch(person: PersonLive, punch: LivePunch): void;
  /** The service is closing: end the stream. */
  end(): void;
}

interface Slot {
  board: DayBoard | null;
  building: Promise<DayBoard> | null;
  /** Punches committed while a build was running, applied to its result. */
  during: LivePunch[];
  usedAt: number;
}

/** A board nobody watched or read for this long is dropped. */
const IDLE_DROP_MS = 10 * 60_000;

function punchOf(r: NewPunchRow): LivePunch {
  return {
    id: r.id,
    employeeId: r.employee_id,
    kind: r.kind === 'out' ? 'out' : 'in',
    source: r.source,
    at: r.time_of_record ?? r.captured_at,
    workDate: r.work_date,
    fence: r.fence_status,
    flags: JSON.parse(r.flags) as string[],
    ...timeCauseField(r.time_cause),
  };
}

/** The punch's time cause as a LivePunch field (absent when its time is not in doubt). */
function timeCauseField(cause: string | null | undefined): Pick<LivePunch, 'timeCause'> {
  const timeCause = timeCauseOf(cause);
  return timeCause ? { timeCause } : {};
}

export class LiveService {
  readonly #deps: Required<LiveDeps>;
  readonly #slots = new Map<string, Slot>();
  readonly #subs = new Set<Subscriber>();
  /** Committed batches not yet applied (references only). */
  #inbox: { rows: readonly NewPunchRow[]; inserted: ReadonlySet<string> }[] = [];
  #scheduled = false;
  /** Subscribers owed a board message, and the timer that sends them. */
  readonly #due = new Set<Subscriber>();
  #pushTimer: NodeJS.Timeout | null = null;
  #rebuildTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(deps: LiveDeps) {
    this.#deps = { rebuildMs: 30_000, pushDelayMs: 500, ...deps };
  }

  /**
   * The write path's hook, after a batch committed: `inserted` are the ids that were new.
   * Called once per batch; does no work on the caller's turn.
   */
  committed(rows: readonly NewPunchRow[], inserted: ReadonlySet<string>): void {
    if (this.#slots.size === 0 || inserted.size === 0) return;
    this.#inbox.push({ rows, inserted });
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#scheduled = false;
    const inbox = this.#inbox;
    this.#inbox = [];
    for (const { rows, inserted } of inbox) {
      for (const r of rows) {
        if (!inserted.has(r.id)) continue;
        const slot = this.#slots.get(r.work_date);
        if (slot === undefined) continue;
        const punch = punchOf(r);
        if (slot.building !== null) slot.during.push(punch);
        if (slot.board === null) continue;
        const done = slot.board.apply(punch);
        if (done === null) continue;
        if ('unknown' in done) {
          // Someone the board does not hold yet (a new employee): read it afresh.
          this.#rebuild(r.work_date);
          continue;
        }
        for (const s of this.#subs) {
          if (s.date !== r.work_date || !s.unitIds.has(done.live.employee.unitId)) continue;
          s.onPunch(done.live, punch);
          this.#due.add(s);
        }
      }
    }
    this.#schedulePush();
  }

  #schedulePush(): void {
    if (this.#due.size === 0 || this.#pushTimer !== null || this.#closed) return;
    this.#pushTimer = setTimeout(() => {
      this.#pushTimer = null;
      const due = [...this.#due];
      this.#due.clear();
      for (const s of due) {
        const board = this.#slots.get(s.date)?.board;
        if (board && this.#subs.has(s)) s.onBoard(board);
      }
    }, this.#deps.pushDelayMs);
  }

  /** The board of `date`, built or rebuilt when missing or older than `rebuildMs`. */
  async board(date: string): Promise<DayBoard> {
    const now = this.#deps.now();
    let slot = this.#slots.get(date);
    if (slot === undefined) {
      slot = { board: null, building: null, during: [], usedAt: now };
      this.#slots.set(date, slot);
    }
    slot.usedAt = now;
    if (slot.board !== null && now - slot.board.builtAt < this.#deps.rebuildMs) return slot.board;
    if (slot.board !== null) {
      // Serve the current board; a fresh one replaces it shortly.
      this.#rebuild(date);
      return slot.board;
    }
    return this.#build(date, slot);
  }

  #rebuild(date: string): void {
    const slot = this.#slots.get(date);
    if (slot === undefined || slot.building !== null) return;
    this.#build(date, slot).then(
      (board) => {
        for (const s of this.#subs) if (s.date === date) this.#due.add(s);
        this.#schedulePush();
        return board;
      },
      () => undefined, // the old board stays; the next read tries again
    );
  }

  #build(date: string, slot: Slot): Promise<DayBoard> {
    if (slot.building !== null) return slot.building;
    slot.during = [];
    const building = loadBoard(this.#deps.db, date, this.#deps.now()).then(
      (board) => {
        for (const p of slot.during) board.apply(p);
        slot.during = [];
        slot.board = board;
        slot.building = null;
        return board;
      },
      (err: unknown) => {
        slot.building = null;
        if (slot.board === null) this.#slots.delete(date);
        throw err;
      },
    );
    slot.building = building;
    return building;
  }

  /** Starts sending `s` its board on every change; returns the unsubscribe function. */
  subscribe(s: Subscriber): () => void {
    this.#subs.add(s);
    this.#rebuildTimer ??= setInterval(() => this.#tick(), this.#deps.rebuildMs);
    this.#rebuildTimer.unref();
    return () => {
      this.#subs.delete(s);
      this.#due.delete(s);
      if (this.#subs.size === 0 && this.#rebuildTimer !== null) {
        clearInterval(this.#rebuildTimer);
        this.#rebuildTimer = null;
      }
    };
  }

  /** Subscribers at the moment (for tests and health figures). */
  get watchers(): number {
    return this.#subs.size;
  }

  #tick(): void {
    const now = this.#deps.now();
    const watched = new Set([...this.#subs].map((s) => s.date));
    for (const [date, slot] of this.#slots) {
      if (watched.has(date)) this.#rebuild(date);
      else if (now - slot.usedAt > IDLE_DROP_MS && slot.building === null) this.#slots.delete(date);
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#pushTimer !== null) clearTimeout(this.#pushTimer);
    if (this.#rebuildTimer !== null) clearInterval(this.#rebuildTimer);
    for (const s of [...this.#subs]) s.end();
    this.#subs.clear();
    this.#slots.clear();
  }
}

/** Builds the board of `date` for the whole organisation (every unit) from the database. */
export async function loadBoard(db: Kysely<Database>, date: string, now: number): Promise<DayBoard> {
  const units: Unit[] = await listUnits(db);
  const period = await loadPeriod(db, { unitIds: units.map((u) => u.id) }, date, date);
  const rows = await db
    .selectFrom('punches')
    .select(['id', 'employee_id', 'kind', 'source', 'work_date', 'fence_status', 'flags', 'time_cause'])
    .select(sql<number>`coalesce(time_of_record, captured_at)`.as('at'))
    .where('work_date', '=', date)
    .execute();
  const punches: LivePunch[] = rows.map((r) => ({
    id: r.id,
    employeeId: r.employee_id,
    kind: r.kind === 'out' ? 'out' : 'in',
    source: r.source,
    at: Number(r.at),
    workDate: r.work_date,
    fence: r.fence_status,
    flags: JSON.parse(r.flags) as string[],
    ...timeCauseField(r.time_cause),
  }));
  return new DayBoard(date, now, period.units, period, punches);
}
