/**
 * Work sites: circles and polygons with their zone, for a unit (reaching everyone below
 * it that has no closer site) or for one person (WFH around the home, dinas luar for a
 * date range with its letter). Drawn sites are checked by core/sites.ts validateSite;
 * every change is scoped, audited and re-derives the site links the check-in directory
 * reads, in one transaction.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { Shape, SiteMode, Zone } from '../../../core/model.js';
import { validateSite } from '../../../core/sites.js';
import type { Database } from '../../platform/db/schema.js';
import { employeeInScope, scopeOf, unitInScope } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { auditChange } from '../units/audit.js';
import { subtreeUnitIds } from '../units/store.js';
import { syncSiteLinks } from './links.js';
import { getSite, insertSite, listSites, updateSite } from './store.js';
import type { Site } from './store.js';

export interface SiteDeps {
  db: Kysely<Database>;
  now: () => number;
  changed?: () => void;
}

export interface SiteInput {
  /** The unit of a unit site; for a person's site, their unit is taken. */
  unitId?: number;
  employeeId?: number | null;
  name: string;
  /** Default: the unit's zone. */
  zone?: Zone;
  mode: SiteMode;
  shape: Shape;
  validFrom?: string | null;
  validTo?: string | null;
  letter?: string | null;
  active?: boolean;
  /** Accept coordinates outside Indonesia (a liaison office abroad). */
  confirmOutsideIndonesia?: boolean;
}

/** Employees whose links a change of `site` affects: the unit's subtree, or the person. */
async function affected(db: Kysely<Database>, site: Pick<Site, 'unitId' | 'employeeId'>): Promise<number[]> {
  if (site.employeeId !== null) return [site.employeeId];
  const units = await subtreeUnitIds(db, site.unitId);
  const rows = await db.selectFrom('employees').select('id').where('unit_id', 'in', units).execute();
  return rows.map((r) => r.id);
}

async function draft(db: Kysely<Database>, actor: Actor, input: SiteInput): Promise<Omit<Site, 'id'>> {
  let unitId: number;
  let employeeId: number | null = null;
  if (input.employeeId != null) {
    const e = await employeeInScope(db, actor, input.employeeId);
    unitId = e.unitId;
    employeeId = e.id;
  } else {
    if (input.unitId === undefined) {
      throw new AppError('invalid_body', { details: [{ field: '/unitId', reason: 'required' }] });
    }
    unitId = input.unitId;
  }
  const unit = await unitInScope(db, actor, unitId);
  if (employeeId === null && input.mode !== 'office') {
    // WFH and dinas luar belong to a person; a unit's site is its office.
    throw new AppError('invalid_body', { details: [{ field: '/employeeId', reason: 'required' }] });
  }
  const checked = validateSite(
    {
      name: input.name,
      mode: input.mode,
      shape: input.shape,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      letter: input.letter ?? null,
    },
    { confirmOutsideIndonesia: input.confirmOutsideIndonesia === true },
  );
  if (!checked.ok) {
    throw new AppError('invalid_body', {
      details: (checked.details ?? []).map((d) => ({ field: `/${d.field}`, reason: d.reason })),
    });
  }
  const s = checked.value;
  return {
    unitId,
    employeeId,
    name: s.name.trim(),
    zone: input.zone ?? unit.zone,
    shape: s.shape,
    mode: s.mode,
    validFrom: s.validFrom,
    validTo: s.validTo,
    letter: s.letter,
    active: input.active ?? true,
  };
}

/** Creates a site (checked, scoped, audited, its links re-derived) in the caller's transaction. */
export async function createSiteIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  input: SiteInput,
): Promise<Site> {
  const saved = await insertSite(trx, await draft(trx, actor, input));
  await syncSiteLinks(trx, await affected(trx, saved));
  await auditChange(trx, actor, now, 'site.create', `location:${saved.id}`, { ...saved });
  return saved;
}

export async function createSite(deps: SiteDeps, actor: Actor, input: SiteInput): Promise<Site> {
  const site = await deps.db.transaction().execute((trx) => createSiteIn(trx, actor, deps.now(), input));
  deps.changed?.();
  return site;
}

async function siteInScope(db: Kysely<Database>, actor: Actor, id: number): Promise<Site> {
  const site = await getSite(db, id);
  const scope = await scopeOf(db, actor);
  if (!site || (scope !== null && !scope.has(site.unitId))) throw new AppError('not_found');
  return site;
}

export async function readSite(deps: SiteDeps, actor: Actor, id: number): Promise<Site> {
  return siteInScope(deps.db, actor, id);
}

/** Replaces a site's drawing, mode, range or state, in the caller's transaction. */
export async function replaceSiteIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  id: number,
  input: SiteInput,
): Promise<Site> {
  const before = await siteInScope(trx, actor, id);
  const next = await draft(trx, actor, {
    ...input,
    unitId: input.unitId ?? before.unitId,
    employeeId: input.employeeId === undefined ? before.employeeId : input.employeeId,
  });
  await updateSite(trx, id, next);
  const ids = new Set([...(await affected(trx, before)), ...(await affected(trx, next))]);
  await syncSiteLinks(trx, [...ids]);
  const after = (await getSite(trx, id))!;
  await auditChange(trx, actor, now, 'site.update', `location:${id}`, { before, after });
  return after;
}

/** Replaces a site's drawing, mode, range or state (active false takes it out of use). */
export async function replaceSite(deps: SiteDeps, actor: Actor, id: number, input: SiteInput): Promise<Site> {
  const site = await deps.db.transaction().execute((trx) => replaceSiteIn(trx, actor, deps.now(), id, input));
  deps.changed?.();
  return site;
}

/** The sites of a unit's subtree (default: the whole scope), or of one person. */
export async function listSitesFor(
  deps: SiteDeps,
  actor: Actor,
  q: { unitId?: number; employeeId?: number },
): Promise<Site[]> {
  if (q.employeeId !== undefined) {
    await employeeInScope(deps.db, actor, q.employeeId);
    return listSites(deps.db, { employeeId: q.employeeId });
  }
  if (q.unitId !== undefined) {
    await unitInScope(deps.db, actor, q.unitId);
    return listSites(deps.db, { unitIds: await subtreeUnitIds(deps.db, q.unitId) });
  }
  const scope = await scopeOf(deps.db, actor);
  return listSites(deps.db, scope === null ? {} : { unitIds: [...scope] });
}
