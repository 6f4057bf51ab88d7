/**
 * Units of the organisation: the tree with head counts, create, rename and recode, move
 * under another parent, close from a date. Every change is scoped (a unit admin works in
 * their subtree, never on its root's place in the tree), audited in the same transaction,
 * and reaches every process's check-in directory through the units triggers.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { UnitKind, Zone } from '../../../core/model.js';
import { isWithin } from '../../../core/org.js';
import { authorizeUnit } from '../../platform/access/access.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { syncSiteLinks } from '../sites/links.js';
import { agencyOnly, inScope, scopeOf, unitInScope } from './access.js';
import type { Actor } from './access.js';
import { auditChange } from './audit.js';
import { requireDate, todayOf } from './dates.js';
import {
  activeEmployeeCounts,
  getUnit,
  insertUnit,
  listUnits,
  moveUnit,
  selfieSettingsOf,
  setSelfieSetting,
  subtreeUnitIds,
  updateUnit,
} from './store.js';
import type { UnitPatch, UnitRecord } from './store.js';

export interface UnitDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Told after a change, so this process's check-in directory reloads at once. */
  changed?: () => void;
}

/** A unit in the tree, with its depth and head counts (active today). */
export interface UnitNode extends UnitRecord {
  depth: number;
  /** Names from the root down to the parent, for display ("Pemkab › Dinkes"). */
  parentName: string | null;
  employees: number;
  /** Employees of the unit and everything below it. */
  totalEmployees: number;
  children: number;
}

function normaliseCode(code: string | null | undefined): string | null | undefined {
  if (code === undefined || code === null) return code;
  const c = code.trim();
  return c === '' ? null : c;
}

async function withCodeCheck<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('code_taken');
    throw err;
  }
}

/** The units the actor manages in tree order (depth first, children by name), with counts. */
export async function unitTree(deps: UnitDeps, actor: Actor): Promise<UnitNode[]> {
  const all = await listUnits(deps.db);
  const scope = await scopeOf(deps.db, actor);
  const counts = await activeEmployeeCounts(deps.db, todayOf(deps.now()));
  const byId = new Map(all.map((u) => [u.id, u]));
  const children = new Map<number | null, UnitRecord[]>();
  for (const u of all) {
    const list = children.get(u.parentId);
    if (list) list.push(u);
    else children.set(u.parentId, [u]);
  }
  for (const list of children.values())
    list.sort((a, b) => a.name.localeCompare(b.name, 'id') || a.id - b.id);
  const out: UnitNode[] = [];
  const visit = (u: UnitRecord, depth: number): number => {
    const node: UnitNode = {
      ...u,
      depth,
      parentName: u.parentId === null ? null : (byId.get(u.parentId)?.name ?? null),
      employees: counts.get(u.id) ?? 0,
      totalEmployees: 0,
      children: children.get(u.id)?.length ?? 0,
    };
    const show = inScope(scope, u.id);
    if (show) out.push(node);
    let total = node.employees;
    for (const c of children.get(u.id) ?? []) total += visit(c, show ? depth + 1 : depth);
    node.totalEmployees = total;
    return total;
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  return out;
}

/** A unit the caller manages, with its subtree's ids (itself first); 404 not_found otherwise. */
export async function unitFor(
  db: Kysely<Database>,
  claims: TokenClaims,
  unitId: number,
): Promise<{ unit: UnitRecord; ids: number[] }> {
  const { subtree } = await authorizeUnit(db, claims, unitId);
  const unit = await getUnit(db, unitId);
  if (!unit) throw new AppError('not_found');
  return { unit, ids: subtree };
}

/** Every unit, by id (the organisation's tree). */
export async function allUnits(db: Kysely<Database>): Promise<UnitRecord[]> {
  return listUnits(db);
}

/** Units' own selfie settings (null = inherit), by id. */
export async function unitSelfieSettings(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, boolean | null>> {
  return selfieSettingsOf(db, ids);
}

/** Sets a unit's own selfie setting (null = inherit), in the caller's transaction. */
export async function setUnitSelfie(
  db: Kysely<Database>,
  unitId: number,
  required: boolean | null,
): Promise<void> {
  await setSelfieSetting(db, unitId, required);
}

/** The zone a unit's rules are read in (WIB when the unit is gone). */
export async function zoneOfUnit(db: Kysely<Database>, unitId: number): Promise<Zone> {
  return (await getUnit(db, unitId))?.zone ?? 'Asia/Jakarta';
}

export async function readUnit(deps: UnitDeps, actor: Actor, id: number): Promise<UnitNode> {
  await unitInScope(deps.db, actor, id);
  const node = (await unitTree(deps, actor)).find((u) => u.id === id);
  if (!node) throw new AppError('not_found');
  return node;
}

export interface NewUnit {
  parentId: number | null;
  name: string;
  kind: UnitKind;
  /** Default: the parent's zone. */
  zone?: Zone;
  code?: string | null;
}

function checkName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n === '') throw new AppError('invalid_body', { details: [{ field: '/name', reason: 'required' }] });
  return n;
}

/**
 * Creates a unit under a parent in scope (a root — a new Pemda — only for the agency
 * admin), audited, in the caller's transaction (the import applies many in one).
 */
export async function createUnitIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  u: NewUnit,
): Promise<UnitRecord> {
  const name = checkName(u.name);
  let zone = u.zone;
  if (u.parentId === null) {
    agencyOnly(actor);
    if (!zone) throw new AppError('invalid_body', { details: [{ field: '/zone', reason: 'required' }] });
  } else {
    const parent = await unitInScope(trx, actor, u.parentId);
    if (parent.closedFrom != null && parent.closedFrom <= todayOf(now)) throw new AppError('unit_closed');
    zone ??= parent.zone;
  }
  const saved = await withCodeCheck(() =>
    insertUnit(trx, {
      parentId: u.parentId,
      name,
      kind: u.kind,
      zone,
      code: normaliseCode(u.code) ?? null,
    }),
  );
  await auditChange(trx, actor, now, 'unit.create', `unit:${saved.id}`, { ...saved });
  return saved;
}

/** Creates a unit under a parent in scope (a root — a new Pemda — only for the agency admin). */
export async function createUnit(deps: UnitDeps, actor: Actor, u: NewUnit): Promise<UnitRecord> {
  const unit = await deps.db.transaction().execute((trx) => createUnitIn(trx, actor, deps.now(), u));
  deps.changed?.();
  return unit;
}

/** Renames, recodes, changes the kind or the zone of a unit in scope, in the caller's transaction. */
export async function updateUnitIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  id: number,
  patch: UnitPatch,
): Promise<UnitRecord> {
  const clean: UnitPatch = { ...patch };
  if (patch.name !== undefined) clean.name = checkName(patch.name);
  if (patch.code !== undefined) clean.code = normaliseCode(patch.code) ?? null;
  if (patch.attendanceFrom != null) requireDate(patch.attendanceFrom, '/attendanceFrom');
  delete clean.closedFrom;
  const before = await unitInScope(trx, actor, id);
  await withCodeCheck(() => updateUnit(trx, id, clean));
  const after = (await getUnit(trx, id))!;
  await auditChange(trx, actor, now, 'unit.update', `unit:${id}`, { before, after });
  return after;
}

/** Renames, recodes, changes the kind or the zone of a unit in scope. */
export async function updateUnitFields(
  deps: UnitDeps,
  actor: Actor,
  id: number,
  patch: UnitPatch,
): Promise<UnitRecord> {
  const unit = await deps.db.transaction().execute((trx) => updateUnitIn(trx, actor, deps.now(), id, patch));
  deps.changed?.();
  return unit;
}

/**
 * Moves a unit (with its subtree) under another parent, in the caller's transaction.
 * Both must be in scope; a unit admin cannot move the root of their own subtree; no unit
 * goes under itself.
 */
export async function moveUnitIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  id: number,
  parentId: number,
): Promise<UnitRecord> {
  const before = await unitInScope(trx, actor, id);
  await unitInScope(trx, actor, parentId);
  if (actor.role === 'unit_admin' && actor.unitId === id) throw new AppError('forbidden');
  const all = new Map((await listUnits(trx)).map((u) => [u.id, u]));
  if (isWithin(all, id, parentId)) throw new AppError('unit_cycle');
  if (before.parentId !== parentId) {
    await moveUnit(trx, id, parentId);
    // Employees of the subtree may now inherit another unit's sites.
    const ids = await subtreeUnitIds(trx, id);
    const employees = await trx.selectFrom('employees').select('id').where('unit_id', 'in', ids).execute();
    await syncSiteLinks(
      trx,
      employees.map((e) => e.id),
    );
  }
  const after = (await getUnit(trx, id))!;
  await auditChange(trx, actor, now, 'unit.move', `unit:${id}`, {
    from: before.parentId,
    to: parentId,
  });
  return after;
}

/**
 * Moves a unit (with its subtree) under another parent. Both must be in scope; a unit
 * admin cannot move the root of their own subtree; no unit goes under itself.
 */
export async function moveUnitTo(
  deps: UnitDeps,
  actor: Actor,
  id: number,
  parentId: number,
): Promise<UnitRecord> {
  const unit = await deps.db.transaction().execute((trx) => moveUnitIn(trx, actor, deps.now(), id, parentId));
  deps.changed?.();
  return unit;
}

/**
 * Closes a unit from a date (null reopens it). Refused while, on that date, someone is
 * still active in it or a sub-unit is still open: move or deactivate them first.
 */
export async function closeUnit(
  deps: UnitDeps,
  actor: Actor,
  id: number,
  from: string | null,
): Promise<UnitRecord> {
  if (from !== null) requireDate(from, '/from');
  const unit = await deps.db.transaction().execute(async (trx) => {
    await unitInScope(trx, actor, id);
    if (actor.role === 'unit_admin' && actor.unitId === id) throw new AppError('forbidden');
    if (from !== null) {
      const openChild = await trx
        .selectFrom('units')
        .select('id')
        .where('parent_id', '=', id)
        .where((eb) => eb.or([eb('closed_from', 'is', null), eb('closed_from', '>', from)]))
        .executeTakeFirst();
      // Still here on `from`: placed in the unit then (or never moved) and not inactive by then.
      const staying = await trx
        .selectFrom('employees')
        .select('id')
        .where('unit_id', '=', id)
        .where((eb) => eb.or([eb('inactive_from', 'is', null), eb('inactive_from', '>', from)]))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('employee_placements as p')
                .select('p.id')
                .whereRef('p.employee_id', '=', 'employees.id')
                .where('p.from_date', '<=', from)
                .whereRef('p.unit_id', '!=', 'employees.unit_id')
                .where('p.from_date', '>', todayOf(deps.now())),
            ),
          ),
        )
        .executeTakeFirst();
      if (openChild || staying) throw new AppError('unit_not_empty');
    }
    await updateUnit(trx, id, { closedFrom: from });
    await auditChange(trx, actor, deps.now(), from === null ? 'unit.reopen' : 'unit.close', `unit:${id}`, {
      from,
    });
    return (await getUnit(trx, id))!;
  });
  deps.changed?.();
  return unit;
}
