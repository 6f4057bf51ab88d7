/** Units (Pemda → OPD → bidang/UPT/...) with a materialised path for subtree queries. */
import type { Kysely } from 'kysely';
import type { Unit, UnitKind, Zone } from '../../core/model.js';
import { unitPath } from '../../core/org.js';
import type { Database, UnitRow } from '../db/schema.js';

export function rowToUnit(r: UnitRow): Unit {
  return { id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind as UnitKind, zone: r.zone as Zone };
}

/**
 * Inserts a unit and sets its path ('/1/4/17/') from its parent's. Two statements: run it inside a
 * transaction when other writers may read the unit in between.
 */
export async function insertUnit(db: Kysely<Database>, u: Omit<Unit, 'id'>): Promise<Unit> {
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: u.parentId, name: u.name, kind: u.kind, zone: u.zone, path: '' })
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
  return { id, ...u };
}

export async function getUnit(db: Kysely<Database>, id: number): Promise<Unit | undefined> {
  const r = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToUnit(r);
}

/** All units, by id (a parent is always older than its children). */
export async function listUnits(db: Kysely<Database>): Promise<Unit[]> {
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
