/**
 * What the console's people screens and adoption report read that the onboarding API
 * does not give: an employee's account, phones, work sites and the schedule in force on
 * one page; and per unit, how far Hadir has been taken up — accounts activated, phones
 * enrolled, the share of days checked in on time and of punches through each channel —
 * with the people who never activated. Counts come from SQL aggregates, so a regency of
 * 10,000 people never travels to the server's memory whole.
 */
import { sql, type Kysely } from 'kysely';
import { PUNCH_SOURCES, type PunchSource, type WorkDay } from '../../../core/model.js';
import { scheduleFor, workDayFor } from '../../../core/schedule.js';
import { addDays, formatHHMM, localParts } from '../../../core/time.js';
import type { Database } from '../../platform/db/schema.js';
import { NO_PASSWORD } from '../accounts/service.js';
import type { Directory } from '../check-ins/directory.js';
import { deviceView, listDevices } from '../devices/store.js';
import type { ViewScope } from '../live/scope.js';
import { listUnits } from '../units/store.js';

const iso = (ms: number) => new Date(ms).toISOString();

function dayView(d: WorkDay | null) {
  return d === null
    ? null
    : {
        start: formatHHMM(d.start),
        end: formatHHMM(d.end),
        checkInFrom: formatHHMM(d.checkInFrom),
        checkInUntil: formatHHMM(d.checkInUntil),
        checkOutFrom: formatHHMM(d.checkOutFrom),
        checkOutUntil: formatHHMM(d.checkOutUntil),
      };
}

/** Account state of a person: none, waiting for its first sign-in, or activated. */
export type AccountState = 'none' | 'pending' | 'active' | 'disabled';

/** The employee's page beyond the profile: account, phones, sites and the week in force (authorised by the caller). */
export async function employeeOverview(
  db: Kysely<Database>,
  directory: Directory,
  employeeId: number,
  now: number,
) {
  const [account, devices, loaded] = await Promise.all([
    db
      .selectFrom('accounts')
      .select(['id', 'username', 'password_hash', 'active', 'password_changed_at'])
      .where('employee_id', '=', employeeId)
      .executeTakeFirst(),
    listDevices(db, { status: null, unitIds: null, employeeId }),
    directory.get(employeeId),
  ]);
  const unit = loaded?.ctx.unitChain[0];
  const zone = loaded?.ctx.locations.find((l) => l.active)?.zone ?? unit?.zone ?? 'Asia/Jakarta';
  const today = localParts(now, zone).date;
  const schedule = loaded ? scheduleFor(loaded.ctx.schedules, loaded.ctx.unitChain, today) : null;
  // The seven days from today as the person's day resolves them (overrides, rosters, holidays).
  const week = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(today, i);
    const resolved = loaded?.ctx.dayFor?.(date);
    const day =
      resolved !== undefined
        ? resolved === 'holiday'
          ? null
          : resolved
        : schedule
          ? workDayFor(schedule, date)
          : null;
    week.push({ date, holiday: resolved === 'holiday', day: dayView(day) });
  }
  const state: AccountState =
    account === undefined
      ? 'none'
      : account.active !== 1
        ? 'disabled'
        : account.password_hash === NO_PASSWORD
          ? 'pending'
          : 'active';
  return {
    today,
    zone,
    account:
      account === undefined
        ? null
        : {
            id: account.id,
            username: account.username,
            state,
            since: iso(Number(account.password_changed_at)),
          },
    devices: devices.map((d) => deviceView(d)),
    schedule: schedule
      ? {
          name: schedule.name,
          effectiveFrom: schedule.effectiveFrom,
          days: schedule.days.map((d) => dayView(d)),
        }
      : null,
    week,
    sites: (loaded?.ctx.locations ?? []).map((l) => ({ id: l.id, name: l.name, active: l.active })),
  };
}

export const ADOPTION_SORTS = [
  'name',
  'employees',
  'activated',
  'phones',
  'on_time',
  'app',
  'fingerprint',
  'manual',
  'never',
] as const;
export type AdoptionSort = (typeof ADOPTION_SORTS)[number];

interface UnitAdoption {
  unitId: number;
  name: string;
  depth: number;
  employees: number;
  accounts: number;
  activated: number;
  phones: number;
  /** Person-days with a check-in in the period, and those whose first check-in was on time. */
  daysIn: number;
  daysOnTime: number;
  punches: number;
  bySource: Record<PunchSource, number>;
}

const zeroSources = (): Record<PunchSource, number> =>
  Object.fromEntries(PUNCH_SOURCES.map((s) => [s, 0])) as Record<PunchSource, number>;

const share = (part: number, whole: number) => (whole === 0 ? -1 : part / whole);

/** Per unit of the scope (each counted alone) and in total, over `from`..`to` (work dates). */
export async function adoption(
  db: Kysely<Database>,
  scope: ViewScope,
  q: { from: string; to: string; sort: AdoptionSort; desc: boolean },
) {
  const ids = [...scope.ids];
  const units = (await listUnits(db)).filter((u) => scope.ids.has(u.id));
  const n = (v: unknown) => Number(v ?? 0);

  const activeEmployees = db
    .selectFrom('employees')
    .select(['employees.id', 'employees.unit_id'])
    .where('employees.unit_id', 'in', ids)
    .where('employees.active', '=', 1);

  const [people, accounts, phones, days, punches] = await Promise.all([
    activeEmployees
      .clearSelect()
      .select(['employees.unit_id as unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('employees.unit_id')
      .execute(),
    db
      .selectFrom('accounts')
      .innerJoin(activeEmployees.as('e'), 'e.id', 'accounts.employee_id')
      .select([
        'e.unit_id as unit_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when accounts.password_hash <> ${NO_PASSWORD} and accounts.active = 1 then 1 else 0 end)`.as(
          'activated',
        ),
      ])
      .groupBy('e.unit_id')
      .execute(),
    db
      .selectFrom('devices')
      .innerJoin(activeEmployees.as('e'), 'e.id', 'devices.employee_id')
      .where('devices.status', '=', 'active')
      .select(['e.unit_id as unit_id', sql<number>`count(distinct devices.employee_id)`.as('n')])
      .groupBy('e.unit_id')
      .execute(),
    db
      .selectFrom(
        db
          .selectFrom('punches')
          .innerJoin(activeEmployees.as('e'), 'e.id', 'punches.employee_id')
          .where('punches.kind', '=', 'in')
          .where('punches.work_date', '>=', q.from)
          .where('punches.work_date', '<=', q.to)
          .select([
            'e.unit_id as unit_id',
            'punches.employee_id as employee_id',
            'punches.work_date as work_date',
            (eb) => eb.fn.min('punches.late_minutes').as('late'),
          ])
          .groupBy(['e.unit_id', 'punches.employee_id', 'punches.work_date'])
          .as('d'),
      )
      .select([
        'd.unit_id as unit_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when d.late = 0 then 1 else 0 end)`.as('on_time'),
      ])
      .groupBy('d.unit_id')
      .execute(),
    db
      .selectFrom('punches')
      .innerJoin(activeEmployees.as('e'), 'e.id', 'punches.employee_id')
      .where('punches.work_date', '>=', q.from)
      .where('punches.work_date', '<=', q.to)
      .select(['e.unit_id as unit_id', 'punches.source as source', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['e.unit_id', 'punches.source'])
      .execute(),
  ]);

  const rows = new Map<number, UnitAdoption>();
  // Tree order with depth, as the console's pickers show units.
  const children = new Map<number | null, typeof units>();
  for (const u of units) {
    const key = u.id === scope.unit.id ? null : u.parentId;
    const list = children.get(key);
    if (list) list.push(u);
    else children.set(key, [u]);
  }
  const walk = (parent: number | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'id'))) {
      rows.set(u.id, {
        unitId: u.id,
        name: u.name,
        depth,
        employees: 0,
        accounts: 0,
        activated: 0,
        phones: 0,
        daysIn: 0,
        daysOnTime: 0,
        punches: 0,
        bySource: zeroSources(),
      });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const r of people) rows.get(r.unit_id)!.employees = n(r.n);
  for (const r of accounts) {
    const row = rows.get(r.unit_id)!;
    row.accounts = n(r.n);
    row.activated = n(r.activated);
  }
  for (const r of phones) rows.get(r.unit_id)!.phones = n(r.n);
  for (const r of days) {
    const row = rows.get(r.unit_id)!;
    row.daysIn = n(r.n);
    row.daysOnTime = n(r.on_time);
  }
  for (const r of punches) {
    const row = rows.get(r.unit_id)!;
    row.punches += n(r.n);
    if ((PUNCH_SOURCES as readonly string[]).includes(r.source))
      row.bySource[r.source as PunchSource] += n(r.n);
  }

  const total: UnitAdoption = {
    unitId: scope.unit.id,
    name: scope.unit.name,
    depth: 0,
    employees: 0,
    accounts: 0,
    activated: 0,
    phones: 0,
    daysIn: 0,
    daysOnTime: 0,
    punches: 0,
    bySource: zeroSources(),
  };
  for (const r of rows.values()) {
    total.employees += r.employees;
    total.accounts += r.accounts;
    total.activated += r.activated;
    total.phones += r.phones;
    total.daysIn += r.daysIn;
    total.daysOnTime += r.daysOnTime;
    total.punches += r.punches;
    for (const s of PUNCH_SOURCES) total.bySource[s] += r.bySource[s];
  }

  const key = (r: UnitAdoption): number | string => {
    switch (q.sort) {
      case 'name':
        return r.name;
      case 'employees':
        return r.employees;
      case 'activated':
        return share(r.activated, r.employees);
      case 'phones':
        return share(r.phones, r.employees);
      case 'on_time':
        return share(r.daysOnTime, r.daysIn);
      case 'app':
        return share(r.bySource.app, r.punches);
      case 'fingerprint':
        return share(r.bySource.fingerprint, r.punches);
      case 'manual':
        return share(r.bySource.manual, r.punches);
      case 'never':
        return r.employees - r.activated;
    }
  };
  const list = [...rows.values()];
  // The tree order stays when sorting by name; every other sort is flat.
  if (q.sort !== 'name' || q.desc) {
    const sign = q.desc ? -1 : 1;
    list.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      // A unit with nothing to measure (no people, no punches) goes last either way.
      if (ka === -1 || kb === -1) return ka === kb ? a.name.localeCompare(b.name, 'id') : ka === -1 ? 1 : -1;
      const c =
        typeof ka === 'string' && typeof kb === 'string'
          ? ka.localeCompare(kb, 'id')
          : Number(ka) - Number(kb);
      return sign * c || a.name.localeCompare(b.name, 'id') || a.unitId - b.unitId;
    });
  }
  return { from: q.from, to: q.to, unit: { id: scope.unit.id, name: scope.unit.name }, total, units: list };
}

/** Active people of the scope who never signed in: no account yet, or one still waiting for activation. */
export async function neverActivated(
  db: Kysely<Database>,
  scope: ViewScope,
  q: { page: number; pageSize: number },
) {
  const base = db
    .selectFrom('employees')
    .innerJoin('units', 'units.id', 'employees.unit_id')
    .leftJoin('accounts', 'accounts.employee_id', 'employees.id')
    .where('employees.unit_id', 'in', [...scope.ids])
    .where('employees.active', '=', 1)
    .where((eb) => eb.or([eb('accounts.id', 'is', null), eb('accounts.password_hash', '=', NO_PASSWORD)]));
  const [{ n }] = (await base.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
  const rows = await base
    .select([
      'employees.id as id',
      'employees.name as name',
      'employees.nip as nip',
      'employees.internal_id as internal_id',
      'units.name as unit_name',
      'accounts.id as account_id',
    ])
    .orderBy('units.name')
    .orderBy('employees.name')
    .orderBy('employees.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
    people: rows.map((r) => ({
      employeeId: r.id,
      name: r.name,
      nip: r.nip,
      internalId: r.internal_id,
      unitName: r.unit_name,
      account: r.account_id === null ? ('none' as const) : ('pending' as const),
    })),
  };
}
