/**
 * The console's read models on top of the reports service: the units an admin may
 * view (for pickers), and the daily list and monthly recap of a unit searched, sorted
 * and paged here, so a regency of 10,000 people never travels to the browser whole.
 * The exports stay the reports API's own (/units/{id}/…/export).
 *
 * A month's recap of a large unit takes about a second to compute, and a person paging
 * through it asks for it again and again: the last few results are kept for
 * `RECAP_TTL_MS`, so paging and sorting within that time cost no recomputation.
 */
import type { Kysely } from 'kysely';
import { planDay } from '../../../core/attendance/index.js';
import type { AttendanceEvent, DayStatus } from '../../../core/attendance/index.js';
import type { Employee, Unit } from '../../../core/model.js';
import type { Database } from '../../platform/db/schema.js';
import type { JobResult } from '../reports/jobs.js';
import type { ReportRunner } from '../reports/runner.js';
import { dailyList, lastClosedDate } from '../reports/service.js';
import { listUnits } from '../units/store.js';
import type { ViewScope } from '../live/scope.js';
import { matchesText, searchKey, sortAndPage } from './paging.js';
import type { DailySort, RecapSort } from './schemas.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every unit of the scope in tree order, with its depth below the scope's top. */
export async function unitsInScope(db: Kysely<Database>, top: number, ids: ReadonlySet<number>) {
  const units = (await listUnits(db)).filter((u) => ids.has(u.id));
  const children = new Map<number | null, Unit[]>();
  for (const u of units) {
    const key = u.id === top ? null : u.parentId;
    const list = children.get(key);
    if (list) list.push(u);
    else children.set(key, [u]);
  }
  const out: (Pick<Unit, 'id' | 'parentId' | 'name' | 'kind' | 'zone'> & { depth: number })[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'id'))) {
      out.push({ id: u.id, parentId: u.parentId, name: u.name, kind: u.kind, zone: u.zone, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function person(e: Employee, units: ReadonlyMap<number, Unit>) {
  return {
    employeeId: e.id,
    name: e.name,
    nip: e.nip,
    internalId: e.internalId,
    unitId: e.unitId,
    unitName: units.get(e.unitId)?.name ?? '',
  };
}

const byText = (a: string, b: string) => a.localeCompare(b, 'id');

export async function dailyPage(
  db: Kysely<Database>,
  scope: ViewScope,
  /** The clock: today's list shows a day in progress as it stands, not as if it were over. */
  now: number,
  q: {
    date: string;
    status?: string | undefined;
    text?: string | undefined;
    sort: DailySort;
    desc: boolean;
    page: number;
    pageSize: number;
  },
) {
  const { period, statuses } = await dailyList(db, { unitIds: [...scope.ids] }, q.date, now);
  const rows = statuses.map((d, i) => ({ d, p: period.people[i]! }));
  const byStatus: Record<string, number> = {};
  for (const { d } of rows) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  // The channel each day's check-in and check-out came by, and how many came by each.
  const channel = (events: readonly AttendanceEvent[], id: string | null) =>
    id === null ? null : (events.find((e) => e.id === id)?.source ?? null);
  const byChannel: Record<string, number> = {};
  for (const { d, p } of rows) {
    const c = channel(p.events, d.checkInEventId);
    if (c !== null) byChannel[c] = (byChannel[c] ?? 0) + 1;
  }
  const key = searchKey(q.text);
  const picked = rows.filter(
    (r) => (q.status === undefined || r.d.status === q.status) && matchesText(r.p.employee, key),
  );
  const unitName = (id: number) => period.units.get(id)?.name ?? '';
  const cmp = (a: (typeof rows)[number], b: (typeof rows)[number]): number => {
    switch (q.sort) {
      case 'name':
        return 0;
      case 'unit':
        return byText(unitName(a.p.employee.unitId), unitName(b.p.employee.unitId));
      case 'status':
        return byText(a.d.status, b.d.status);
      case 'check_in':
        return (a.d.checkInAt ?? Infinity) - (b.d.checkInAt ?? Infinity);
      case 'late':
        return a.d.lateMinutes - b.d.lateMinutes;
      case 'early':
        return a.d.earlyMinutes - b.d.earlyMinutes;
    }
  };
  const paged = sortAndPage(picked, (r) => r.p.employee, cmp, q);
  return {
    date: q.date,
    unit: { id: scope.unit.id, name: scope.unit.name, zone: scope.unit.zone },
    byStatus,
    byChannel,
    total: paged.total,
    page: paged.page,
    pageSize: paged.pageSize,
    people: paged.items.map(({ d, p }) => {
      const plan = planDay(p.ctx, q.date);
      return {
        ...person(p.employee, period.units),
        ...dailyFields(d),
        checkInChannel: channel(p.events, d.checkInEventId),
        checkOutChannel: channel(p.events, d.checkOutEventId),
        plannedStart: plan.work?.start ?? null,
        plannedEnd: plan.work?.end ?? null,
      };
    }),
  };
}

function dailyFields(d: DayStatus) {
  return {
    status: d.status,
    checkInAt: iso(d.checkInAt),
    checkOutAt: iso(d.checkOutAt),
    lateMinutes: d.lateMinutes,
    lateBand: d.lateBand,
    earlyMinutes: d.earlyMinutes,
    earlyBand: d.earlyBand,
    leaveType: d.leaveType,
    ruleVersion: d.ruleVersion,
  };
}

const RECAP_TTL_MS = 60_000;
const RECAP_KEEP = 8;

type Computed = JobResult<'monthSummary'> & { at: number };

/**
 * Month results kept for a minute, by unit, month and the last closed date. They are
 * computed by the report runner (a worker thread by default), so a 10,000-person recap
 * never holds the event loop that serves check-ins.
 */
export class RecapCache {
  readonly #kept = new Map<string, Promise<Computed>>();
  readonly #reports: ReportRunner;

  constructor(reports: ReportRunner) {
    this.#reports = reports;
  }

  get(scope: ViewScope, month: string, now: number): Promise<Computed> {
    const through = lastClosedDate(now);
    const key = `${scope.unit.id}|${month}|${through}`;
    const hit = this.#kept.get(key);
    if (hit) {
      return hit.then((c) => {
        if (now - c.at <= RECAP_TTL_MS) return c;
        this.#kept.delete(key);
        return this.get(scope, month, now);
      });
    }
    const computing = this.#reports
      .run('monthSummary', { ids: [...scope.ids], month, through })
      .then((r) => ({ ...r, at: now }));
    this.#kept.set(key, computing);
    computing.catch(() => this.#kept.delete(key));
    while (this.#kept.size > RECAP_KEEP) this.#kept.delete(this.#kept.keys().next().value!);
    return computing;
  }
}

export async function recapPage(
  cache: RecapCache,
  scope: ViewScope,
  now: number,
  q: {
    month: string;
    text?: string | undefined;
    sort: RecapSort;
    desc: boolean;
    page: number;
    pageSize: number;
  },
) {
  const { recap, employees, units, yearly } = await cache.get(scope, q.month, now);
  const rows = recap.people.map((r, i) => ({ r, e: employees[i]! }));
  const key = searchKey(q.text);
  const picked = rows.filter((x) => matchesText(x.e, key));
  const tk = (id: number) => yearly.get(id)?.tkDays ?? 0;
  const cmp = (a: (typeof rows)[number], b: (typeof rows)[number]): number => {
    switch (q.sort) {
      case 'name':
        return 0;
      case 'unit':
        return byText(units.get(a.e.unitId)?.name ?? '', units.get(b.e.unitId)?.name ?? '');
      case 'deduction':
        return a.r.totalBp - b.r.totalBp;
      case 'late':
        return a.r.lateMinutes - b.r.lateMinutes;
      case 'early':
        return a.r.earlyMinutes - b.r.earlyMinutes;
      case 'tk':
        return a.r.counts.tanpaKeterangan - b.r.counts.tanpaKeterangan;
      case 'present':
        return a.r.counts.present - b.r.counts.present;
      case 'year_tk':
        return tk(a.e.id) - tk(b.e.id);
    }
  };
  const paged = sortAndPage(picked, (x) => x.e, cmp, q);
  return {
    month: q.month,
    unit: { id: scope.unit.id, name: scope.unit.name },
    totals: recap.organisation,
    units: [...recap.units]
      .map(([unitId, t]) => ({ unitId, name: units.get(unitId)?.name ?? '', ...t }))
      .sort((a, b) => byText(a.name, b.name)),
    total: paged.total,
    page: paged.page,
    pageSize: paged.pageSize,
    people: paged.items.map(({ r, e }) => {
      const y = yearly.get(e.id);
      return {
        ...person(e, units),
        counts: { ...r.counts },
        lateMinutes: r.lateMinutes,
        earlyMinutes: r.earlyMinutes,
        totalBp: r.totalBp,
        fullCut: r.fullCut,
        capped: r.capped,
        yearTk: y?.tkDays ?? 0,
        yearStep: y?.step?.level ?? null,
      };
    }),
  };
}
