/** Holidays and cuti bersama (editable rows; regional ones name their units). */
import type { Kysely } from 'kysely';
import type { Holiday } from '../../../core/attendance/index.js';
import type { Database } from '../../platform/db/schema.js';

function json<T>(s: string | null): T | null {
  return s === null ? null : (JSON.parse(s) as T);
}

export interface StoredHoliday extends Holiday {
  id: number;
}

export async function insertHoliday(db: Kysely<Database>, h: Holiday): Promise<StoredHoliday> {
  const unitIds = h.unitIds ?? null;
  const { id } = await db
    .insertInto('holidays')
    .values({ date: h.date, name: h.name, kind: h.kind, unit_ids: unitIds ? JSON.stringify(unitIds) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, date: h.date, name: h.name, kind: h.kind, unitIds };
}

export async function updateHoliday(db: Kysely<Database>, id: number, h: Holiday): Promise<boolean> {
  const unitIds = h.unitIds ?? null;
  const r = await db
    .updateTable('holidays')
    .set({ date: h.date, name: h.name, kind: h.kind, unit_ids: unitIds ? JSON.stringify(unitIds) : null })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteHoliday(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('holidays').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Holidays with dates in [from, to], by date then id. */
export async function listHolidays(db: Kysely<Database>, from: string, to: string): Promise<StoredHoliday[]> {
  const rows = await db
    .selectFrom('holidays')
    .selectAll()
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    name: r.name,
    kind: r.kind as Holiday['kind'],
    unitIds: json<number[]>(r.unit_ids),
  }));
}

export async function getHoliday(db: Kysely<Database>, id: number): Promise<StoredHoliday | undefined> {
  const r = await db.selectFrom('holidays').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      date: r.date,
      name: r.name,
      kind: r.kind as Holiday['kind'],
      unitIds: json<number[]>(r.unit_ids),
    }
  );
}
