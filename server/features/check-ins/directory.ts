/**
 * The check-in path's memory: every employee with the context a verdict needs (unit
 * chain, assigned fences, the chain's schedules), loaded at start so a check-in never
 * waits for the database to learn who is punching and where they may punch.
 *
 * Staleness: the directory subscribes to the process's change feed
 * (platform/changes/feed.ts; triggers of migration 0013 log which key changed, whoever
 * changed it) and reloads only what changed: a changed employee (or their fence
 * assignments or person schedule) is read again alone; a moved fence is read again
 * alone and replaced in the shared fence lists; a change to units, schedules or the
 * day rules re-reads those small tables and rebuilds every entry in memory without
 * reading employees; a bulk change ('*'), a reset of the feed, or a table that still
 * bumps `directory_version` reloads the whole snapshot, while the old one keeps
 * serving. An employee the snapshot does not know yet (added a moment ago) is read from
 * the database directly.
 *
 * The rules that decide a working day beyond the weekly schedule — date-range overrides
 * (Ramadan), person schedules, holidays and cuti bersama, units working on holidays
 * (migration 0007 makes those tables bump the version too) — are loaded as well and
 * offered to the verdict as `ctx.dayFor` (core/attendance/plan.ts officeDayOn), so the
 * answer to a check-in agrees with the daily status. Rosters (shift work, night shifts)
 * are not: a rostered person's answer still follows the office schedules.
 *
 * Memory: contexts share their arrays — one unit chain per unit, one schedule list per
 * unit, one location list per distinct assignment, one day resolver per unit (only
 * people with their own schedule get their own) — so a million employees cost about
 * one small object each.
 */
import type { Kysely } from 'kysely';
import { holidayCalendar, personDayResolver, unitDayResolver } from '../../../core/attendance/plan.js';
import type { DayRule, HolidayCalendar, UnitDayRules } from '../../../core/attendance/plan.js';
import type { PersonSchedule, ScheduleOverride } from '../../../core/attendance/types.js';
import type { Employee, Location, Unit, WeeklySchedule } from '../../../core/model.js';
import { unitChain } from '../../../core/org.js';
import { selfieRequired } from '../../../core/selfie.js';
import type { EmployeeContext } from '../../../core/verdict.js';
import { ChangeFeed, type ChangeSet } from '../../platform/changes/feed.js';
import type { DbHandle } from '../../platform/db/engine.js';
import { SILENT_LOG, type Log } from '../../platform/log.js';
import { listHolidays } from '../calendar/store.js';
import { listUnitRules } from '../rules/store.js';
import {
  listOverrides,
  listPersonSchedules,
  listPersonSchedulesOf,
  listSchedules,
} from '../schedules/store.js';
import type { UnitRules } from '../rules/store.js';
import type { Database } from '../../platform/db/schema.js';
import { rowToEmployee } from '../employees/store.js';
import { listLocations, listLocationsForEmployee, rowToLocation } from '../sites/store.js';
import { getUnit, listUnits } from '../units/store.js';

export interface DirectoryEntry {
  employee: Employee;
  ctx: EmployeeContext;
  /** Whether the employee's unit asks for a selfie with every punch (inherited, core/selfie.ts). */
  selfieRequired: boolean;
}

/** The day rules shared by every unit (see {@link unitDayRules}). */
interface DayRuleData {
  overrides: ScheduleOverride[];
  holidays: HolidayCalendar;
  unitRules: Map<number, UnitRules>;
}

// Every date: overrides, holidays and person schedules of any year (a few rows a year each).
const FIRST_DATE = '0000-01-01';
const LAST_DATE = '9999-12-31';

async function loadDayRuleData(db: Kysely<Database>): Promise<DayRuleData> {
  const [overrides, holidays, unitRules] = await Promise.all([
    listOverrides(db, FIRST_DATE, LAST_DATE),
    listHolidays(db, FIRST_DATE, LAST_DATE),
    listUnitRules(db),
  ]);
  return { overrides, holidays: holidayCalendar(holidays), unitRules };
}

/** The day rules of a unit: the overrides naming its chain (or everyone), the nearest unit's holiday setting. */
function unitDayRules(data: DayRuleData, chain: Unit[], schedules: WeeklySchedule[]): UnitDayRules {
  const ids = chain.map((u) => u.id);
  const overrides = data.overrides.filter(
    (o) => o.unitIds === null || o.unitIds.some((id) => ids.includes(id)),
  );
  let worksOnHolidays = false;
  for (const id of ids) {
    const r = data.unitRules.get(id);
    if (r) {
      worksOnHolidays = r.worksOnHolidays;
      break;
    }
  }
  return { unitChain: chain, schedules, overrides, holidays: data.holidays, worksOnHolidays };
}

function dayResolver(
  rules: UnitDayRules,
  unit: (date: string) => DayRule,
  employeeId: number,
  own: readonly PersonSchedule[] | undefined,
): (date: string) => DayRule {
  return own && own.length > 0 ? personDayResolver(rules, unit, own, employeeId) : unit;
}

const PAGE = 50_000;

/** Each unit's own selfie setting (null = inherit), for the units given or all. */
async function selfieSettings(
  db: Kysely<Database>,
  unitIds?: number[],
): Promise<Map<number, boolean | null>> {
  let q = db.selectFrom('units').select(['id', 'selfie_required']);
  if (unitIds) q = q.where('id', 'in', unitIds.length > 0 ? unitIds : [0]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.id, r.selfie_required === null ? null : r.selfie_required === 1]));
}

/**
 * The shared part of the snapshot: units, schedules, selfie settings and day rules, with
 * one unit chain, schedule list and day resolver per unit, built on first use.
 */
interface Org {
  rules: DayRuleData;
  persons: Map<number, PersonSchedule[]>;
  chainOf(unitId: number): Unit[];
  schedulesOf(unitId: number): WeeklySchedule[];
  dayOf(unitId: number): { rules: UnitDayRules; resolve: (date: string) => DayRule } | undefined;
  selfieOf(unitId: number): boolean;
  /**
   * The verdict context of someone of the unit with this fence list and no schedule of
   * their own: one object for all of them (most of a regency), not one each.
   */
  sharedContext(unitId: number, locations: Location[]): EmployeeContext;
}

async function loadOrg(db: Kysely<Database>, persons: Map<number, PersonSchedule[]>): Promise<Org> {
  const units = new Map<number, Unit>((await listUnits(db)).map((u) => [u.id, u]));
  const schedules = await listSchedules(db);
  const selfie = await selfieSettings(db);
  const dayData = await loadDayRuleData(db);
  const unitSelfie = new Map<number, boolean>();
  const chains = new Map<number, Unit[]>();
  const chainSchedules = new Map<number, WeeklySchedule[]>();
  const chainRules = new Map<number, { rules: UnitDayRules; resolve: (date: string) => DayRule }>();
  const chainOf = (unitId: number): Unit[] => {
    let c = chains.get(unitId);
    if (!c) {
      c = units.has(unitId) ? unitChain(units, unitId) : [];
      chains.set(unitId, c);
      const ids = new Set(c.map((u) => u.id));
      const own = schedules.filter((s) => ids.has(s.unitId));
      chainSchedules.set(unitId, own);
      const rules = unitDayRules(dayData, c, own);
      chainRules.set(unitId, { rules, resolve: unitDayResolver(rules) });
    }
    return c;
  };
  const shared = new Map<number, Map<Location[], EmployeeContext>>();
  const sharedContext = (unitId: number, locations: Location[]): EmployeeContext => {
    let byList = shared.get(unitId);
    if (!byList) {
      byList = new Map<Location[], EmployeeContext>();
      shared.set(unitId, byList);
    }
    let ctx = byList.get(locations);
    if (!ctx) {
      const unitChain = chainOf(unitId);
      const day = chainRules.get(unitId);
      ctx = {
        unitChain,
        locations,
        schedules: chainSchedules.get(unitId) ?? [],
        ...(day && { dayFor: day.resolve }),
      };
      byList.set(locations, ctx);
    }
    return ctx;
  };
  return {
    rules: dayData,
    persons,
    chainOf,
    sharedContext,
    schedulesOf: (unitId) => (chainOf(unitId), chainSchedules.get(unitId) ?? []),
    dayOf: (unitId) => (chainOf(unitId), chainRules.get(unitId)),
    selfieOf: (unitId) => {
      let v = unitSelfie.get(unitId);
      if (v === undefined) {
        v = selfieRequired(chainOf(unitId).map((u) => selfie.get(u.id)));
        unitSelfie.set(unitId, v);
      }
      return v;
    },
  };
}

/** Person schedules by employee, for the employees given or all. */
async function loadPersons(
  db: Kysely<Database>,
  employeeIds?: readonly number[],
): Promise<Map<number, PersonSchedule[]>> {
  const persons = new Map<number, PersonSchedule[]>();
  const all = employeeIds
    ? (await Promise.all(employeeIds.map((id) => listPersonSchedulesOf(db, id)))).flat()
    : await listPersonSchedules(db, null, FIRST_DATE, LAST_DATE);
  for (const p of all) {
    const list = persons.get(p.employeeId);
    if (list) list.push(p);
    else persons.set(p.employeeId, [p]);
  }
  return persons;
}

/** An employee's entry from the shared part and their (shared) fence list. */
function buildEntry(org: Org, employee: Employee, locations: Location[]): DirectoryEntry {
  const own = org.persons.get(employee.id);
  if (!own || own.length === 0) {
    return {
      employee,
      ctx: org.sharedContext(employee.unitId, locations),
      selfieRequired: org.selfieOf(employee.unitId),
    };
  }
  const day = org.dayOf(employee.unitId);
  return {
    employee,
    ctx: {
      unitChain: org.chainOf(employee.unitId),
      locations,
      schedules: org.schedulesOf(employee.unitId),
      ...(day && { dayFor: dayResolver(day.rules, day.resolve, employee.id, own) }),
    },
    selfieRequired: org.selfieOf(employee.unitId),
  };
}

/** Distinct values kept at most by a {@link StringPool}; past that, strings are kept as read. */
const POOL_MAX = 100_000;

/**
 * One copy of each repeated string of the employees kept (kind, position, golongan,
 * dates, reasons): a regency has a few hundred positions for thousands of people, and the
 * database hands each row its own copy.
 */
class StringPool {
  readonly #pool = new Map<string, string>();
  of<T extends string | null | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const kept = this.#pool.get(s);
    if (kept !== undefined) return kept as T;
    if (this.#pool.size < POOL_MAX) this.#pool.set(s, s);
    return s;
  }
}

/** The employee as the directory keeps it: the repeated strings shared. */
function pooled(pool: StringPool, e: Employee): Employee {
  return {
    ...e,
    kind: pool.of(e.kind),
    position: pool.of(e.position),
    rank: pool.of(e.rank),
    attendanceFrom: pool.of(e.attendanceFrom),
    inactiveFrom: pool.of(e.inactiveFrom),
    inactiveReason: pool.of(e.inactiveReason),
  };
}

/**
 * The fence lists, one array per distinct assignment, shared by every employee with that
 * assignment. A changed fence is replaced inside the arrays that hold it, so the
 * employees it touches see it without being rebuilt.
 */
class FenceLists {
  readonly #locations: Map<number, Location>;
  readonly #lists = new Map<string, { ids: number[]; locs: Location[] }>();

  constructor(locations: Map<number, Location>) {
    this.#locations = locations;
  }

  /** The active fences of an assignment (the same array for the same ids). */
  of(ids: number[]): Location[] {
    const key = ids.join(',');
    let l = this.#lists.get(key);
    if (!l) {
      l = { ids, locs: this.#active(ids) };
      this.#lists.set(key, l);
    }
    return l.locs;
  }

  /** Takes the fences as they are now (undefined: deleted) and refreshes the lists holding them. */
  update(changed: Map<number, Location | undefined>): void {
    for (const [id, loc] of changed) {
      if (loc) this.#locations.set(id, loc);
      else this.#locations.delete(id);
    }
    for (const l of this.#lists.values()) {
      if (!l.ids.some((id) => changed.has(id))) continue;
      const fresh = this.#active(l.ids);
      l.locs.splice(0, l.locs.length, ...fresh);
    }
  }

  #active(ids: number[]): Location[] {
    return ids.map((id) => this.#locations.get(id)).filter((l): l is Location => l !== undefined && l.active);
  }
}

interface Snapshot {
  entries: Map<number, DirectoryEntry>;
  org: Org;
  fences: FenceLists;
}

/** Assigned fence ids per employee, for the employees with ids in [first, last] or in `ids`. */
async function loadAssignments(
  db: Kysely<Database>,
  range: { first: number; last: number } | { ids: readonly number[] },
): Promise<Map<number, number[]>> {
  let q = db.selectFrom('employee_locations').select(['employee_id', 'location_id']);
  q =
    'ids' in range
      ? q.where('employee_id', 'in', range.ids.length > 0 ? [...range.ids] : [0])
      : q.where('employee_id', '>=', range.first).where('employee_id', '<=', range.last);
  const links = await q.orderBy('employee_id').orderBy('location_id').execute();
  const assigned = new Map<number, number[]>();
  for (const l of links) {
    const list = assigned.get(l.employee_id);
    if (list) list.push(l.location_id);
    else assigned.set(l.employee_id, [l.location_id]);
  }
  return assigned;
}

/** Builds a whole snapshot from the database. */
async function loadSnapshot(db: Kysely<Database>, pool: StringPool): Promise<Snapshot> {
  const org = await loadOrg(db, await loadPersons(db));
  const fences = new FenceLists(new Map<number, Location>((await listLocations(db)).map((l) => [l.id, l])));
  const entries = new Map<number, DirectoryEntry>();
  // Employees and their assigned fences, a page of ids at a time (a million rows is fine, in pieces).
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('employees')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    const first = rows[0]?.id;
    const last = rows[rows.length - 1]?.id;
    if (first === undefined || last === undefined) break;
    const assigned = await loadAssignments(db, { first, last });
    for (const r of rows) {
      const employee = pooled(pool, rowToEmployee(r));
      entries.set(employee.id, buildEntry(org, employee, fences.of(assigned.get(employee.id) ?? [])));
    }
    if (rows.length < PAGE) break;
    after = last;
  }
  return { entries, org, fences };
}

/** Reads one employee's context straight from the database (for one not yet in the snapshot). */
async function loadOne(
  db: Kysely<Database>,
  employeeId: number,
  dayData: DayRuleData,
): Promise<DirectoryEntry | undefined> {
  const r = await db.selectFrom('employees').selectAll().where('id', '=', employeeId).executeTakeFirst();
  if (!r) return undefined;
  const employee = rowToEmployee(r);
  const chain: Unit[] = [];
  for (let id: number | null = employee.unitId; id !== null && chain.length < 64;) {
    const u = await getUnit(db, id);
    if (!u) break;
    chain.push(u);
    id = u.parentId;
  }
  const [locations, schedules, selfie, own] = await Promise.all([
    listLocationsForEmployee(db, employeeId),
    listSchedules(
      db,
      chain.map((u) => u.id),
    ),
    selfieSettings(
      db,
      chain.map((u) => u.id),
    ),
    listPersonSchedulesOf(db, employeeId),
  ]);
  const rules = unitDayRules(dayData, chain, schedules);
  return {
    employee,
    ctx: {
      unitChain: chain,
      locations: locations.filter((l) => l.active),
      schedules,
      dayFor: dayResolver(rules, unitDayResolver(rules), employeeId, own),
    },
    selfieRequired: selfieRequired(chain.map((u) => selfie.get(u.id))),
  };
}

export interface DirectoryOptions {
  /**
   * The process's change feed. Without one the directory opens its own, polling every
   * `pollMs` (tests and tools).
   */
  feed?: ChangeFeed;
  /** With no feed given: how often its own feed reads the change log, ms. */
  pollMs?: number;
  /** Where a failed reload is reported. */
  log?: Log;
}

/** Rows read per query when reloading some employees or fences. */
const CHUNK = 1000;

function chunks<T>(all: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

function numericKeys(keys: ReadonlySet<string>): number[] {
  return [...keys].map(Number).filter((n) => Number.isSafeInteger(n));
}

export class Directory {
  readonly #handle: DbHandle;
  readonly #log: Log;
  readonly #pool: StringPool;
  #snapshot: Snapshot;
  #feed: ChangeFeed | null = null;
  #ownFeed = false;
  #unsubscribe: (() => void) | null = null;
  /** The feed position whose changes this directory has applied. */
  #version = 0;
  /**
   * reloads: whole snapshots; orgReloads: units, schedules and day rules re-read and every
   * entry rebuilt in memory; employeesRead / fencesRead: rows re-read for changed keys.
   */
  readonly stats = { reloads: 0, orgReloads: 0, employeesRead: 0, fencesRead: 0, misses: 0, lastReloadMs: 0 };

  private constructor(handle: DbHandle, snapshot: Snapshot, log: Log, pool: StringPool) {
    this.#handle = handle;
    this.#pool = pool;
    this.#snapshot = snapshot;
    this.#log = log;
  }

  /** Loads the first snapshot and subscribes to the change feed. */
  static async open(handle: DbHandle, opts: DirectoryOptions = {}): Promise<Directory> {
    const log = opts.log ?? SILENT_LOG;
    // The feed first: a change made while the snapshot loads is then applied after it.
    const feed = opts.feed ?? (await ChangeFeed.open(handle, { pollMs: opts.pollMs ?? 2000, log }));
    const t0 = performance.now();
    const pool = new StringPool();
    const d = new Directory(handle, await loadSnapshot(handle.db, pool), log, pool);
    d.stats.lastReloadMs = Math.round(performance.now() - t0);
    d.#feed = feed;
    d.#ownFeed = opts.feed === undefined;
    d.#version = feed.position;
    d.#unsubscribe = feed.subscribe(['employee', 'location', 'unit', 'calendar', 'directory'], (cs) =>
      d.#apply(cs),
    );
    return d;
  }

  get size(): number {
    return this.#snapshot.entries.size;
  }

  /** The change feed position this directory is up to date with. */
  get version(): number {
    return this.#version;
  }

  /** The employee and their verdict context, from memory when known. */
  get(employeeId: number): DirectoryEntry | undefined | Promise<DirectoryEntry | undefined> {
    const e = this.#snapshot.entries.get(employeeId);
    if (e) return e;
    this.stats.misses++;
    return loadOne(this.#handle.db, employeeId, this.#snapshot.org.rules);
  }

  /**
   * After a change this process made: reads the change feed now (in the background);
   * `settled()` resolves when it is applied.
   */
  invalidate(): void {
    void this.#feed?.catchUp();
  }

  /** Resolves when the changes in the log now are applied (tests, and after an admin change). */
  async settled(): Promise<void> {
    await this.#feed?.catchUp();
  }

  /** Applies one set of changes: only what changed is read again. */
  async #apply(cs: ChangeSet): Promise<void> {
    const position = this.#feed?.position ?? this.#version;
    const t0 = performance.now();
    try {
      if (cs.reset || cs.touches('directory') || cs.all('employee') || cs.all('location')) {
        this.#snapshot = await loadSnapshot(this.#handle.db, this.#pool);
        this.stats.reloads++;
      } else {
        if (cs.touches('unit') || cs.touches('calendar')) await this.#reloadOrg();
        if (cs.touches('location')) await this.#reloadFences(numericKeys(cs.keys('location')));
        if (cs.touches('employee')) await this.#reloadEmployees(numericKeys(cs.keys('employee')));
      }
      this.stats.lastReloadMs = Math.round(performance.now() - t0);
      this.#version = Math.max(this.#version, position);
    } catch (err) {
      // Keep serving what is in memory; the feed gives these changes again shortly.
      this.#log.error({ err, version: this.#version }, 'directory reload failed');
      throw err;
    }
  }

  /** Units, schedules or day rules changed: re-read those (small tables) and rebuild every entry in memory. */
  async #reloadOrg(): Promise<void> {
    const db = this.#handle.db;
    const { entries, fences, org: old } = this.#snapshot;
    const org = await loadOrg(db, old.persons);
    const rebuilt = new Map<number, DirectoryEntry>();
    for (const [id, e] of entries) rebuilt.set(id, buildEntry(org, e.employee, e.ctx.locations));
    this.#snapshot = { entries: rebuilt, org, fences };
    this.stats.orgReloads++;
  }

  /** Fences changed: re-read them and refresh the fence lists that hold them. */
  async #reloadFences(ids: number[]): Promise<void> {
    const db = this.#handle.db;
    const changed = new Map<number, Location | undefined>(ids.map((id) => [id, undefined]));
    for (const part of chunks(ids)) {
      const rows = await db.selectFrom('locations').selectAll().where('id', 'in', part).execute();
      for (const r of rows) changed.set(r.id, rowToLocation(r));
    }
    this.#snapshot.fences.update(changed);
    this.stats.fencesRead += ids.length;
  }

  /** Employees (or their fence assignments, or person schedules) changed: re-read those employees. */
  async #reloadEmployees(ids: number[]): Promise<void> {
    const db = this.#handle.db;
    const { entries, fences, org } = this.#snapshot;
    for (const part of chunks(ids)) {
      const [rows, assigned, persons] = await Promise.all([
        db.selectFrom('employees').selectAll().where('id', 'in', part).execute(),
        loadAssignments(db, { ids: part }),
        loadPersons(db, part),
      ]);
      for (const id of part) {
        const own = persons.get(id);
        if (own) org.persons.set(id, own);
        else org.persons.delete(id);
        entries.delete(id);
      }
      for (const r of rows) {
        const employee = pooled(this.#pool, rowToEmployee(r));
        entries.set(employee.id, buildEntry(org, employee, fences.of(assigned.get(employee.id) ?? [])));
      }
    }
    this.stats.employeesRead += ids.length;
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    if (this.#ownFeed) await this.#feed?.close();
  }
}
