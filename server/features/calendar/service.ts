/**
 * The calendar: national holidays, cuti bersama and regional holidays. Everyone reads a
 * year; the agency admin adds, edits and removes (a regional holiday names the units of
 * the caller's scope it applies to). Every change is audited with the holiday before and
 * after, and reaches the check-in directories through the holidays triggers.
 */
import type { Kysely } from 'kysely';
import type { Holiday } from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import { authorizeMany } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { requireDate } from '../../platform/http/input.js';
import { deleteHoliday, getHoliday, insertHoliday, listHolidays, updateHoliday } from './store.js';
import type { StoredHoliday } from './store.js';

export interface CalendarDeps {
  db: Kysely<Database>;
  now: () => number;
}

export interface HolidayInput {
  date: string;
  name: string;
  kind: Holiday['kind'];
  unitIds?: number[] | null;
}

/** The holidays of a year, by date. */
export async function holidaysOfYear(deps: CalendarDeps, year: string): Promise<StoredHoliday[]> {
  return listHolidays(deps.db, `${year}-01-01`, `${year}-12-31`);
}

/** A checked holiday: a real date; a regional one names units, all in the caller's scope. */
async function holidayOf(deps: CalendarDeps, caller: Caller, b: HolidayInput): Promise<Holiday> {
  requireDate(b.date, '/date');
  const unitIds = b.unitIds ?? null;
  if (b.kind === 'regional' && (!unitIds || unitIds.length === 0))
    throw new AppError('invalid_body', { details: [{ field: '/unitIds', reason: 'required' }] });
  await authorizeMany(deps.db, caller.claims, 'unit', unitIds ?? [], (i) => `/unitIds/${i}`);
  return { date: b.date, name: b.name, kind: b.kind, unitIds };
}

export async function addHoliday(
  deps: CalendarDeps,
  caller: Caller,
  b: HolidayInput,
): Promise<StoredHoliday> {
  const h = await holidayOf(deps, caller, b);
  return audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const s = await insertHoliday(tx, h);
    return { value: s, action: 'holiday.add', target: `holiday:${s.id}`, after: h };
  });
}

export async function editHoliday(
  deps: CalendarDeps,
  caller: Caller,
  id: number,
  b: HolidayInput,
): Promise<StoredHoliday> {
  const h = await holidayOf(deps, caller, b);
  return audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const before = await getHoliday(tx, id);
    if (!before || !(await updateHoliday(tx, id, h))) throw new AppError('not_found');
    const { id: _id, ...was } = before;
    return { value: { id, ...h }, action: 'holiday.edit', target: `holiday:${id}`, before: was, after: h };
  });
}

export async function removeHoliday(deps: CalendarDeps, caller: Caller, id: number): Promise<void> {
  await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const before = await getHoliday(tx, id);
    if (!before || !(await deleteHoliday(tx, id))) throw new AppError('not_found');
    const { id: _id, ...was } = before;
    return { value: undefined, action: 'holiday.remove', target: `holiday:${id}`, before: was };
  });
}
