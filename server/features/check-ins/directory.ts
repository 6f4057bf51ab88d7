/**
 * The check-in path's memory: every employee with the context a verdict needs (unit
 * chain, assigned fences, the chain's schedules), loaded at start so a check-in never
 * waits for the database to learn who is punching and where they may punch.
 *
 * Staleness: triggers bump `directory_version` on every change to the underlying tables
 * (migration 0002). The directory polls that one row and reloads when it moved; on
 * PostgreSQL it also LISTENs on `hadir_directory`, so another node's change is seen at
 * once. A reload builds a new snapshot while the old one keeps serving. An employee the
 * snapshot does not know yet (added a moment ago) is read from the database directly.
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
import type { DbHandle } from '../../platform/db/engine.js';
import { SILENT_LOG, type Log } from '../../platform/log.js';
import {
  listHolidays,
  listOverrides,
  listPersonSchedules,
  listPersonSchedulesOf,
  listUnitRules,
} from '../rules/store.js';
import type { UnitRules } from '../rules/store.js';
import type { Database } from '../../platform/db/schema.js';
import { rowToEmployee } from '../employees/store.js';
import { listLocations, listLocationsForEmployee } from '../sites/store.js';
import { getUnit, listUnits } from '../units/store.js';
import { listSchedules } from '../schedules/store.js';

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

interface Snapshot {
  version: number;
  entries: Map<number, DirectoryEntry>;
  rules: DayRuleData;
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

async function readVersion(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('directory_version').select('version').where('id', '=', 1).executeTakeFirst();
  return r ? Number(r.version) : 0;
}

/** Builds a whole snapshot from the database. */
async function loadSnapshot(db: Kysely<Database>): Promise<Snapshot> {
  const version = await readVersion(db);
  const units = new Map<number, Unit>((await listUnits(db)).map((u) => [u.id, u]));
  const schedules = await listSchedules(db);
  const locations = new Map<number, Location>((await listLocations(db)).map((l) => [l.id, l]));
  const selfie = await selfieSettings(db);
  const dayData = await loadDayRuleData(db);
  const persons = new Map<number, PersonSchedule[]>();
  for (const p of await listPersonSchedules(db, null, FIRST_DATE, LAST_DATE)) {
    const list = persons.get(p.employeeId);
    if (list) list.push(p);
    else persons.set(p.employeeId, [p]);
  }
  const unitSelfie = new Map<number, boolean>();
  const selfieOf = (unitId: number): boolean => {
    let v = unitSelfie.get(unitId);
    if (v === undefined) {
      v = selfieRequired(chainOf(unitId).map((u) => selfie.get(u.id)));
      unitSelfie.set(unitId, v);
    }
    return v;
  };

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

  const locationLists = new Map<string, Location[]>();
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
    const assigned = new Map<number, number[]>();
    const links = await db
      .selectFrom('employee_locations')
      .select(['employee_id', 'location_id'])
      .where('employee_id', '>=', first)
      .where('employee_id', '<=', last)
      .orderBy('employee_id')
      .orderBy('location_id')
      .execute();
    for (const l of links) {
      const list = assigned.get(l.employee_id);
      if (list) list.push(l.location_id);
      else assigned.set(l.employee_id, [l.location_id]);
    }
    for (const r of rows) {
      const employee = rowToEmployee(r);
      const ids = assigned.get(employee.id) ?? [];
      const key = ids.join(',');
      let locs = locationLists.get(key);
      if (!locs) {
        locs = ids.map((id) => locations.get(id)).filter((l): l is Location => l !== undefined && l.active);
        locationLists.set(key, locs);
      }
      const chain = chainOf(employee.unitId);
      const day = chainRules.get(employee.unitId);
      entries.set(employee.id, {
        employee,
        ctx: {
          unitChain: chain,
          locations: locs,
          schedules: chainSchedules.get(employee.unitId) ?? [],
          ...(day && { dayFor: dayResolver(day.rules, day.resolve, employee.id, persons.get(employee.id)) }),
        },
        selfieRequired: selfieOf(employee.unitId),
      });
    }
    if (rows.length < PAGE) break;
    after = last;
  }
  return { version, entries, rules: dayData };
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
  /** How often to compare the stored version with the snapshot's, ms. */
  pollMs?: number;
  /** Where a failed reload or version check is reported. */
  log?: Log;
}

export class Directory {
  readonly #handle: DbHandle;
  readonly #log: Log;
  #snapshot: Snapshot;
  /** The version check is failing (reported once, until it works again). */
  #pollFailing = false;
  #reloading: Promise<void> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #stopListening: (() => Promise<void>) | null = null;
  readonly stats = { reloads: 0, misses: 0, lastReloadMs: 0 };

  private constructor(handle: DbHandle, snapshot: Snapshot, log: Log) {
    this.#handle = handle;
    this.#snapshot = snapshot;
    this.#log = log;
  }

  /** Loads the first snapshot and starts watching for changes. */
  static async open(handle: DbHandle, opts: DirectoryOptions = {}): Promise<Directory> {
    const t0 = performance.now();
    const d = new Directory(handle, await loadSnapshot(handle.db), opts.log ?? SILENT_LOG);
    d.stats.lastReloadMs = Math.round(performance.now() - t0);
    const pollMs = opts.pollMs ?? 2000;
    if (pollMs > 0) {
      d.#timer = setInterval(() => void d.#checkVersion(), pollMs);
      d.#timer.unref();
    }
    d.#stopListening = await handle.listen('hadir_directory', () => d.invalidate());
    return d;
  }

  get size(): number {
    return this.#snapshot.entries.size;
  }

  get version(): number {
    return this.#snapshot.version;
  }

  /** The employee and their verdict context, from memory when known. */
  get(employeeId: number): DirectoryEntry | undefined | Promise<DirectoryEntry | undefined> {
    const e = this.#snapshot.entries.get(employeeId);
    if (e) return e;
    this.stats.misses++;
    return loadOne(this.#handle.db, employeeId, this.#snapshot.rules);
  }

  /** Marks the snapshot stale (after a change this process made); reloads in the background. */
  invalidate(): void {
    if (this.#reloading) {
      this.#again = true;
      return;
    }
    this.#reloading = (async () => {
      do {
        this.#again = false;
        const t0 = performance.now();
        try {
          this.#snapshot = await loadSnapshot(this.#handle.db);
          this.stats.reloads++;
          this.stats.lastReloadMs = Math.round(performance.now() - t0);
        } catch (err) {
          // Keep serving the old snapshot; the next change or poll tries again.
          this.#log.error({ err, version: this.#snapshot.version }, 'directory reload failed');
        }
      } while (this.#again);
      this.#reloading = null;
    })();
  }

  /** Resolves when no reload is running (tests, and after an admin change). */
  async settled(): Promise<void> {
    while (this.#reloading) await this.#reloading;
  }

  async #checkVersion(): Promise<void> {
    if (this.#reloading) return;
    try {
      if ((await readVersion(this.#handle.db)) !== this.#snapshot.version) this.invalidate();
      if (this.#pollFailing) this.#log.info({}, 'directory version check works again');
      this.#pollFailing = false;
    } catch (err) {
      // The database is unavailable for a moment; try at the next poll (said once, not every poll).
      if (!this.#pollFailing)
        this.#log.warn({ err }, 'directory version check failed; serving the last snapshot');
      this.#pollFailing = true;
    }
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#stopListening) await this.#stopListening();
    await this.settled();
  }
}
