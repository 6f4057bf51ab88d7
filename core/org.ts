/**
 * The organisation tree of a regional government: Pemda → OPD (dinas/badan) → bidang,
 * UPT, sekolah, puskesmas. Schedules are inherited down the tree and a unit admin manages
 * a subtree, so these walks decide both schedule lookup and authorization.
 */
import type { Unit } from './model.js';

/**
 * The unit and its ancestors: self first, then parent, …, root. Throws on an unknown unit,
 * a dangling parent or a cycle: the tree comes from the database with foreign keys, so
 * any of these is a bug, not user input.
 *
 * @example unitChain(units, dinkesPuskesmasId).map((u) => u.kind) // ['puskesmas', 'opd', 'pemda']
 */
export function unitChain(units: ReadonlyMap<number, Unit>, unitId: number): Unit[] {
  const chain: Unit[] = [];
  const seen = new Set<number>();
  let id: number | null = unitId;
  while (id !== null) {
    if (seen.has(id)) throw new Error(`unit tree has a cycle through unit ${id}`);
    seen.add(id);
    const unit = units.get(id);
    if (!unit) throw new Error(`unknown unit ${id}`);
    chain.push(unit);
    id = unit.parentId;
  }
  return chain;
}

/**
 * True when `unitId` is `rootId` or one of its descendants. An unknown unit is outside
 * every subtree (a refusal, never an accidental grant).
 *
 * @example isWithin(units, dinkesId, puskesmasId) // true
 */
export function isWithin(units: ReadonlyMap<number, Unit>, rootId: number, unitId: number): boolean {
  if (!units.has(unitId)) return false;
  return unitChain(units, unitId).some((u) => u.id === rootId);
}

/**
 * Ids of `rootId` and all its descendants, root first, then depth-first with children in
 * id order (a stable order for queries and tests). Empty for an unknown root; throws on a
 * cycle.
 *
 * @example subtreeIds(units, 1) // [1, 2, 4, 3]
 */
export function subtreeIds(units: ReadonlyMap<number, Unit>, rootId: number): number[] {
  if (!units.has(rootId)) return [];
  const children = new Map<number, number[]>();
  for (const u of units.values()) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId);
    if (list) list.push(u.id);
    else children.set(u.parentId, [u.id]);
  }
  const out: number[] = [];
  const seen = new Set<number>();
  const visit = (id: number): void => {
    if (seen.has(id)) throw new Error(`unit tree has a cycle through unit ${id}`);
    seen.add(id);
    out.push(id);
    for (const child of (children.get(id) ?? []).sort((a, b) => a - b)) visit(child);
  };
  visit(rootId);
  return out;
}

/**
 * The materialized path of a unit, '/<root id>/…/<id>/', stored so a subtree is one
 * `path LIKE '/1/4/%'` query. Throws on a malformed parent path or id (a bug).
 *
 * @example unitPath(null, 1)    // '/1/'
 * @example unitPath('/1/', 4)   // '/1/4/'
 */
export function unitPath(parentPath: string | null, id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`unitPath: bad unit id ${id}`);
  if (parentPath === null) return `/${id}/`;
  if (!/^\/(?:[1-9][0-9]*\/)+$/.test(parentPath)) {
    throw new RangeError(`unitPath: bad parent path ${JSON.stringify(parentPath)}`);
  }
  return `${parentPath}${id}/`;
}
