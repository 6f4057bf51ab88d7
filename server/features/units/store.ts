/** Units (Pemda → OPD → bidang/UPT/...) with a materialised path for subtree queries. */
import { sql } from 'kysely';
import type { Kysely, Updateable } from 'kysely';
import type { Unit, UnitKind, Zone } from '../../../core/model.js';
import { unitPath } from '../../../core/org.js';
import type { Database, UnitRow, UnitsTable } from '../../platform/db/schema.js';

/**
 * A unit as the database holds it: code, closedFrom and attendanceFrom are always there
 * (null when unset), never absent as they may be on a Unit built in memory.
 */
export type UnitRecord = Required<Unit>;

export function rowToUnit(r: UnitRow): UnitRecord {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind as UnitKind,
    zone: r.zone as Zone,
    code: r.code,
    closedFrom: r.closed_from,
    attendanceFrom: r.attendance_from,
  };
}

/**
 * Inserts a unit and sets its path ('/1/4/17/') from its parent's. Two statements: run it inside a
 * transaction when other writers may read the unit in between.
 */
export async function insertUnit(db: Kysely<Database>, u: Omit<Unit, 'id'>): Promise<UnitRecord> {
  const code = u.code ?? null;
  const closedFrom = u.closedFrom ?? null;
  const attendanceFrom = u.attendanceFrom ?? null;
  const { id } = await db
    .insertInto('units')
    .values({
      parent_id: u.parentId,
      name: u.name,
      kind: u.kind,
      zone: u.zone,
      path: '',
      code,
      closed_from: closedFrom,
      attendance_from: attendanceFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let parentPath: string | null = null;
  if (u.parentId !== null) {
    const parent = await db
      .selectFrom('units')
      .select('path')
      .where('id', '=', u.parentId)
      .executeTakeFirstOrThrow();
    parentPath = parent.path;
  }
  await db
    .updateTable('units')
    .set({ path: unitPath(parentPath, id) })
    .where('id', '=', id)
    .execute();
  return { id, ...u, code, closedFrom, attendanceFrom };
}

export async function getUnit(db: Kysely<Database>, id: number): Promise<UnitRecord | undefined> {
  const r = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToUnit(r);
}

/** All units, by id (a parent is always older than its children). */
export async function listUnits(db: Kysely<Database>): Promise<UnitRecord[]> {
  const rows = await db.selectFrom('units').selectAll().orderBy('id').execute();
  return rows.map(rowToUnit);
}

/** The root and every unit below it, by id; empty when the root does not exist. */
export async function subtreeUnitIds(db: Kysely<Database>, rootId: number): Promise<number[]> {
  const root = await db.selectFrom('units').select('path').where('id', '=', rootId).executeTakeFirst();
  if (!root) return [];
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('path', 'like', `${root.path}%`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A unit's own selfie setting (null = inherit), or undefined when the unit does not exist. */
export async function getSelfieSetting(
  db: Kysely<Database>,
  id: number,
): Promise<boolean | null | undefined> {
  const r = await db.selectFrom('units').select('selfie_required').where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return r.selfie_required === null ? null : r.selfie_required === 1;
}

/**
 * Sets a unit's own selfie setting (null = inherit from the nearest ancestor that sets it).
 * The units trigger logs the change (migration 0013), so every server's
 * check-in directory picks the change up.
 */
export async function setSelfieSetting(
  db: Kysely<Database>,
  id: number,
  required: boolean | null,
): Promise<void> {
  await db
    .updateTable('units')
    .set({ selfie_required: required === null ? null : required ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** The own selfie settings of the units `ids` (null = inherit), by unit id. */
export async function selfieSettingsOf(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, boolean | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'selfie_required'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.selfie_required === null ? null : r.selfie_required === 1]));
}

/** The fields of a unit that can change in place (its parent changes with {@link moveUnit}). */
export type UnitPatch = Partial<
  Pick<Unit, 'name' | 'kind' | 'zone' | 'code' | 'closedFrom' | 'attendanceFrom'>
>;

/** Changes a unit's fields; returns false when the unit does not exist. A taken code throws (unique). */
export async function updateUnit(db: Kysely<Database>, id: number, patch: UnitPatch): Promise<boolean> {
  const set: Updateable<UnitsTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.zone !== undefined) set.zone = patch.zone;
  if (patch.code !== undefined) set.code = patch.code;
  if (patch.closedFrom !== undefined) set.closed_from = patch.closedFrom;
  if (patch.attendanceFrom !== undefined) set.attendance_from = patch.attendanceFrom;
  if (Object.keys(set).length === 0) return (await getUnit(db, id)) !== undefined;
  const r = await db.updateTable('units').set(set).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Puts a unit (and its subtree) under another parent, rewriting the materialised paths
 * of the whole subtree in one statement. The caller checks that the new parent is not
 * inside the subtree (a cycle) and runs this in a transaction with that check.
 */
export async function moveUnit(db: Kysely<Database>, id: number, parentId: number): Promise<void> {
  const unit = await db.selectFrom('units').select('path').where('id', '=', id).executeTakeFirstOrThrow();
  const parent = await db
    .selectFrom('units')
    .select('path')
    .where('id', '=', parentId)
    .executeTakeFirstOrThrow();
  const newPath = unitPath(parent.path, id);
  await db.updateTable('units').set({ parent_id: parentId }).where('id', '=', id).execute();
  await db
    .updateTable('units')
    .set({ path: sql<string>`${newPath} || substr(path, ${unit.path.length + 1})` })
    .where('path', 'like', `${unit.path}%`)
    .execute();
}

/** By code (kode unit kerja), exactly as stored. */
export async function findUnitByCode(db: Kysely<Database>, code: string): Promise<UnitRecord | undefined> {
  const r = await db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  return r && rowToUnit(r);
}

/**
 * Active employees per unit as of `date` (placed in the unit and not inactive on that
 * date): the direct counts the unit tree adds up.
 */
export async function activeEmployeeCounts(db: Kysely<Database>, date: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('employees')
    .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => eb.or([eb('inactive_from', 'is', null), eb('inactive_from', '>', date)]))
    .groupBy('unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
}
