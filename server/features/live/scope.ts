/**
 * Which units an admin's view covers: a unit admin's own subtree (or a unit inside it),
 * an agency admin's whole organisation (or any unit). The decisions are the platform's
 * (server/platform/access): a unit outside the caller's scope answers exactly like a
 * missing one (404), and an employee may not ask at all (403, by the bearer hook's roles).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Unit } from '../../../core/model.js';
import { authorizeUnit } from '../../platform/access/access.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Database } from '../../platform/db/schema.js';
import { getUnit, listUnits } from '../units/store.js';

export interface ViewScope {
  unit: Unit;
  /** The unit and every unit below it. */
  ids: ReadonlySet<number>;
  /** The highest unit the caller may view (a unit admin's root; the organisation's root). */
  top: number;
}

/** The highest unit the caller may view. */
async function topOf(db: Kysely<Database>, c: TokenClaims): Promise<number> {
  if (c.role === 'unit_admin' && c.unit !== null) return c.unit;
  const roots = (await listUnits(db)).filter((u) => u.parentId === null);
  if (roots.length === 0) throw new AppError('not_found');
  return roots[0]!.id;
}

/** The view of `unitId` (default: the caller's highest unit) for an admin. */
export async function viewScope(
  db: Kysely<Database>,
  c: TokenClaims,
  unitId: number | undefined,
): Promise<ViewScope> {
  if (c.role !== 'agency_admin' && c.role !== 'unit_admin') throw new AppError('forbidden');
  const top = await topOf(db, c);
  const { id, subtree } = await authorizeUnit(db, c, unitId ?? top);
  const unit = await getUnit(db, id);
  if (!unit) throw new AppError('not_found');
  return { unit, ids: new Set(subtree), top };
}
