/**
 * Shift types and rosters of rostered units (puskesmas, hospitals): shift types per
 * unit, roster entries set one by one, a rotating pattern assigned in bulk, and swaps
 * (tukar dinas). Entries are append-only: each write goes one revision above what the
 * roster holds for those slots, so later entries win. Every person named must be in the
 * caller's scope; every write is audited.
 */
import type { Kysely } from 'kysely';
import { indexRoster, rotate, swapShifts, validateShiftType } from '../../../core/attendance/index.js';
import type { RosterEntry, ShiftType } from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import { daysBetween } from '../../../core/time.js';
import { authorizeMany, scopeOf, unitFilter } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { requireBoundedPeriod, requireDate, tooLong } from '../../platform/http/input.js';
import { unitFor } from '../units/service.js';
import { insertRosterEntries, insertShiftType, listRosterEntries, listShiftTypes } from './store.js';
import type { StoredShiftType } from './store.js';

export interface RosterDeps {
  db: Kysely<Database>;
  now: () => number;
}

/**
 * Most roster entries one rotation may write (days × people). Every roster request is
 * bounded before anything is loaded or written (OWASP ASVS 5.0 2.4.1): the people it
 * names are checked against the caller's scope first (the schema bounds their number),
 * then its dates span at most MAX_RANGE_DAYS (input.ts), then the entries it expands to.
 */
export const MAX_ROSTER_ENTRIES = 50_000;

function refuseSpan(field: string): never {
  throw new AppError('invalid_date_range', { details: [{ field, reason: 'too_long' }] });
}

type Slot = { employeeId: number; date: string };

export async function shiftTypesFor(deps: RosterDeps, caller: Caller): Promise<StoredShiftType[]> {
  return listShiftTypes(deps.db, unitFilter(await scopeOf(deps.db, caller.claims)));
}

export async function addShiftType(
  deps: RosterDeps,
  caller: Caller,
  b: ShiftType & { unitId: number },
): Promise<StoredShiftType> {
  await authorizeMany(deps.db, caller.claims, 'unit', [b.unitId], () => '/unitId');
  const { unit } = await unitFor(deps.db, caller.claims, b.unitId);
  const { unitId: _u, ...shift } = b;
  const v = validateShiftType(shift);
  if (!v.ok) throw new AppError(v.error, { details: v.details ?? [] });
  try {
    return await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
      const s = await insertShiftType(tx, unit.id, shift);
      return { value: s, action: 'shift_type.add', target: `unit:${unit.id}`, after: shift };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('invalid_body', { details: [{ field: '/code', reason: 'exists' }] });
    throw err;
  }
}

/** The next revision above what the roster holds for these slots. */
async function nextRevision(db: Kysely<Database>, employeeIds: number[], from: string, to: string) {
  const rows = await listRosterEntries(db, employeeIds, from, to);
  return rows.reduce((m, r) => Math.max(m, (r.revision ?? 0) + 1), 0);
}

async function write(
  deps: RosterDeps,
  caller: Caller,
  entries: RosterEntry[],
  action: string,
  detail: Record<string, unknown>,
): Promise<{ entries: number }> {
  const now = deps.now();
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await insertRosterEntries(tx, entries, now, caller.claims.sub);
    return { value: undefined, action, target: `roster:${entries.length}`, detail };
  });
  return { entries: entries.length };
}

/** Roster entries as given (a shift code, or null for a day off), one revision above the slots' last. */
export async function setRoster(
  deps: RosterDeps,
  caller: Caller,
  entries: { employeeId: number; date: string; shiftCode: string | null }[],
): Promise<{ entries: number }> {
  await authorizeMany(
    deps.db,
    caller.claims,
    'employee',
    entries.map((e) => e.employeeId),
    (i) => `/entries/${i}/employeeId`,
  );
  entries.forEach((e, i) => requireDate(e.date, `/entries/${i}/date`));
  const dates = entries.map((e) => e.date).sort();
  if (tooLong(dates[0]!, dates[dates.length - 1]!)) {
    const last = dates[dates.length - 1]!;
    refuseSpan(`/entries/${entries.findIndex((e) => e.date === last)}/date`);
  }
  const rev = await nextRevision(
    deps.db,
    [...new Set(entries.map((e) => e.employeeId))],
    dates[0]!,
    dates[dates.length - 1]!,
  );
  return write(
    deps,
    caller,
    entries.map((e) => ({ ...e, revision: rev })),
    'roster.set',
    { count: entries.length },
  );
}

/** A rotating pattern over people and dates; bounded before anything is expanded. */
export async function assignRotation(
  deps: RosterDeps,
  caller: Caller,
  b: {
    pattern: { code: string; cycle: (string | null)[] };
    people: { employeeId: number; offset: number }[];
    from: string;
    to: string;
  },
): Promise<{ entries: number }> {
  await authorizeMany(
    deps.db,
    caller.claims,
    'employee',
    b.people.map((p) => p.employeeId),
    (i) => `/people/${i}/employeeId`,
  );
  requireBoundedPeriod(b.from, b.to, ['/from', '/to']);
  if ((daysBetween(b.from, b.to) + 1) * b.people.length > MAX_ROSTER_ENTRIES)
    throw new AppError('invalid_body', { details: [{ field: '/to', reason: 'too_long' }] });
  const rev = await nextRevision(
    deps.db,
    b.people.map((p) => p.employeeId),
    b.from,
    b.to,
  );
  return write(deps, caller, rotate(b.pattern, b.people, b.from, b.to, rev), 'roster.rotation', {
    pattern: b.pattern,
    from: b.from,
    to: b.to,
    people: b.people.length,
  });
}

/** A swap (tukar dinas) of two slots. */
export async function swap(
  deps: RosterDeps,
  caller: Caller,
  b: { a: Slot; b: Slot },
): Promise<{ entries: number }> {
  await authorizeMany(deps.db, caller.claims, 'employee', [b.a.employeeId, b.b.employeeId], (i) =>
    i === 0 ? '/a/employeeId' : '/b/employeeId',
  );
  requireDate(b.a.date, '/a/date');
  requireDate(b.b.date, '/b/date');
  const from = b.a.date < b.b.date ? b.a.date : b.b.date;
  const to = b.a.date < b.b.date ? b.b.date : b.a.date;
  if (tooLong(from, to)) refuseSpan('/b/date');
  const index = indexRoster(await listRosterEntries(deps.db, [b.a.employeeId, b.b.employeeId], from, to));
  return write(deps, caller, swapShifts(index, b.a, b.b), 'roster.swap', { a: b.a, b: b.b });
}
