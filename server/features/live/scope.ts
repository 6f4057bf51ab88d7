/**
 * Which units an admin's view covers: a unit admin's own subtree (or a unit inside it),
 * an agency admin's whole organisation (or any unit). A unit outside the caller's scope
 * answers exactly like a missing one (404), so nothing leaks about it.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Unit } from '../../../core/model.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Database } from '../../platform/db/schema.js';
import { getUnit, listUnits, subtreeUnitIds } from '../units/store.js';

export interface ViewScope {
  unit: Unit;
  /** The unit and every unit below it. */
  ids: ReadonlySet<number>;
  /** The highest unit the caller may view (a unit admin's root; the organisation's root). */
  top: number;
}

/** The unit a view starts from when none is asked for: the caller's own root. */
async function defaultUnit(db: Kysely<Database>, c: TokenClaims): Promise<number> {
  if (c.role === 'unit_admin' && c.unit !== null) return c.unit;
  const roots = (await listUnits(db)).filter((u) => u.parentId === null);
  if (roots.length === 0) throw new AppError('not_found');
  return roots[0]!.id;
}

/** The view of `unitId` (or the caller's root) for an admin; employees are refused. */
export async function viewScope(
  db: Kysely<Database>,
  c: TokenClaims,
  unitId: number | undefined,
): Promise<ViewScope> {
  if (c.role !== 'agency_admin' && (c.role !== 'unit_admin' || c.unit === null))
    throw new AppError('forbidden');
  const id = unitId ?? (await defaultUnit(db, c));
  if (c.role === 'unit_admin' && c.unit !== null && id !== c.unit) {
    const managed = await subtreeUnitIds(db, c.unit);
    if (!managed.includes(id)) throw new AppError('not_found');
  }
  const unit = await getUnit(db, id);
  if (!unit) throw new AppError('not_found');
  const top = c.role === 'unit_admin' && c.unit !== null ? c.unit : await defaultUnit(db, c);
  return { unit, ids: new Set(await subtreeUnitIds(db, id)), top };
}
