/**
 * The import of units and of work sites, beside the employee import (service.ts), and the
 * choice between the three (`kind`). Same steps as employees: the sheet read and mapped,
 * planned by a pure function (core/import/units.ts, sites.ts) for the dry run and again
 * inside the apply's transaction, applied all or nothing. Every write goes through the
 * units and sites services (createUnitIn, moveUnitIn, createSiteIn, …), so an imported
 * unit or site is checked, scoped and audited exactly like one made by hand, and the
 * units and locations triggers put it on the change feed every process reads.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { EMPLOYEE_FIELDS, suggestMapping } from '../../../core/import/employee-rows.js';
import type { RowRefusal } from '../../../core/import/employee-rows.js';
import type { Sheet } from '../../../core/import/sheet.js';
import {
  parseSiteSheet,
  planSites,
  shapeSummary,
  SITE_FIELDS,
  siteMappingProblems,
  sitePlanIsEmpty,
  suggestSiteMapping,
} from '../../../core/import/sites.js';
import type { PlannedSiteChange, SitePlan, SiteValues, StoredSite } from '../../../core/import/sites.js';
import {
  parseUnitSheet,
  planUnits,
  suggestUnitMapping,
  UNIT_FIELDS,
  unitMappingProblems,
  unitPlanIsEmpty,
} from '../../../core/import/units.js';
import type {
  PlannedUnitChange,
  PlannedUnitCreate,
  PlannedUnitMove,
  StoredUnit,
  UnitPlan,
  UnitRef,
} from '../../../core/import/units.js';
import type { SiteMode } from '../../../core/model.js';
import type { Database } from '../../platform/db/schema.js';
import { findEmployeesByKeys } from '../employees/store.js';
import { createSiteIn, replaceSiteIn } from '../sites/service.js';
import { listSites } from '../sites/store.js';
import type { Site } from '../sites/store.js';
import { scopeOf } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { auditChange } from '../units/audit.js';
import { todayOf } from '../units/dates.js';
import { createUnitIn, moveUnitIn, updateUnitIn } from '../units/service.js';
import { listUnits } from '../units/store.js';
import type { UnitPatch } from '../units/store.js';
import { readSheet } from './read-file.js';
import { applyEmployeeSheet, applyImport, previewImport } from './service.js';
import type { ImportDeps, ImportOptions, ImportPreview } from './service.js';

export const IMPORT_KINDS = ['employees', 'units', 'sites'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields a column can be mapped to, per kind (for `mapping`). */
export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = {
  employees: EMPLOYEE_FIELDS,
  units: UNIT_FIELDS,
  sites: SITE_FIELDS,
};

/**
 * The mapping the headers of a sheet of `kind` suggest: what the dry run uses when no
 * mapping is given, and what the console's wizard shows before it.
 *
 * @example suggestMappingOf('units', ['Kode', 'Nama Unit', 'Induk']) // { code: 0, name: 1, parent: 2 }
 */
export function suggestMappingOf(
  kind: ImportKind,
  headers: readonly string[],
): Partial<Record<string, number>> {
  switch (kind) {
    case 'employees':
      return suggestMapping(headers);
    case 'units':
      return suggestUnitMapping(headers);
    case 'sites':
      return suggestSiteMapping(headers);
  }
}

/** What every dry run shows beside its lists: the sheet, its mapping, the counts, the refusals. */
interface PreviewParts {
  headers: string[];
  mapping: Record<string, number>;
  rows: number;
  summary: ImportPreview['summary'];
  refused: RowRefusal[];
  /** Pass it back as `expect` to apply exactly this plan. */
  fingerprint: string;
}

/** A unit the sheet creates, with its parent's name (null: a top unit). */
export interface UnitCreateView extends PlannedUnitCreate {
  parentName: string | null;
}
/** A stored unit the sheet renames, recodes or gives another kind or zone, with its name now. */
export interface UnitChangeView extends PlannedUnitChange {
  name: string;
}
/** A stored unit the sheet puts under another parent, with the names of both parents. */
export interface UnitMoveView extends PlannedUnitMove {
  name: string;
  fromParent: string | null;
  toParent: string;
}

/** The dry run of a units sheet: the employee preview's shape, with lists of its own. */
export interface UnitImportPreview extends PreviewParts {
  create: UnitCreateView[];
  change: UnitChangeView[];
  move: UnitMoveView[];
  /** A units sheet deactivates nothing (a unit closes by hand, from a date). */
  deactivate: [];
}

/** A site the sheet creates, its shape as one line (shapeSummary). */
export interface SiteCreateView {
  row: number;
  name: string;
  unitId: number;
  unitName: string;
  employeeId: number | null;
  mode: SiteMode;
  shape: string;
  validFrom: string | null;
  validTo: string | null;
}
/** A stored site the sheet changes, with its name and unit now. */
export interface SiteChangeView {
  row: number;
  siteId: number;
  name: string;
  unitName: string;
  fields: PlannedSiteChange['fields'];
}
/** A stored site the sheet takes out of use. */
export interface SiteDeactivationView {
  row: number;
  siteId: number;
  name: string;
  unitName: string;
}

/** The dry run of a work-site sheet: the employee preview's shape, with lists of its own. */
export interface SiteImportPreview extends PreviewParts {
  create: SiteCreateView[];
  change: SiteChangeView[];
  /** A site sheet moves nothing (a site belongs to its unit or person). */
  move: [];
  deactivate: SiteDeactivationView[];
}

/** A dry run of a units or sites sheet. */
export type KindPreview = UnitImportPreview | SiteImportPreview;

/** What the dry run and the apply of each kind of sheet answer. */
export interface PreviewOf {
  employees: ImportPreview;
  units: UnitImportPreview;
  sites: SiteImportPreview;
}

function fingerprintOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function refuseUnlessSkipped(refused: readonly RowRefusal[], opts: ImportOptions): void {
  if (refused.length > 0 && opts.skipRefused !== true) {
    throw new AppError('import_refused', {
      details: refused
        .slice(0, 100)
        .map((r) => ({ field: `row ${r.row}${r.column ? ` column ${r.column}` : ''}`, reason: r.reason })),
    });
  }
}

function checkMapping(problems: { field: string; reason: string }[]): void {
  if (problems.length > 0) {
    throw new AppError('import_mapping', {
      details: problems.map((p) => ({ field: `/mapping/${p.field}`, reason: p.reason })),
    });
  }
}

const refusedRows = (refused: readonly RowRefusal[]) => new Set(refused.map((r) => r.row)).size;

// ---------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------

interface UnitsPlanned {
  preview: UnitImportPreview;
  plan: UnitPlan;
}

async function planUnitsFor(
  db: Kysely<Database>,
  actor: Actor,
  sheet: Sheet,
  opts: ImportOptions,
  now: number,
): Promise<UnitsPlanned> {
  const mapping = opts.mapping ?? suggestUnitMapping(sheet.headers);
  checkMapping(unitMappingProblems(mapping, sheet.headers.length));
  const scope = await scopeOf(db, actor);
  const today = todayOf(now);
  const all = await listUnits(db);
  const stored: StoredUnit[] = all.map((u) => ({
    id: u.id,
    parentId: u.parentId,
    name: u.name,
    code: u.code ?? null,
    kind: u.kind,
    zone: u.zone,
    closed: u.closedFrom != null && u.closedFrom <= today,
    inScope: scope === null || scope.has(u.id),
  }));
  const parsed = parseUnitSheet(sheet, mapping);
  const plan = planUnits(parsed.rows, stored, mapping, {
    mayCreateRoot: actor.role !== 'unit_admin',
    ownRootId: actor.role === 'unit_admin' ? actor.unitId : null,
  });
  plan.refused = [...parsed.refusals, ...plan.refused].sort((a, b) => a.row - b.row);
  const names = new Map(all.map((u) => [u.id, u.name]));
  const rowNames = new Map(parsed.rows.map((r) => [r.row, r.name]));
  const nameOf = (ref: UnitRef) =>
    'unitId' in ref ? (names.get(ref.unitId) ?? '') : (rowNames.get(ref.row) ?? '');
  const preview: UnitImportPreview = {
    headers: sheet.headers,
    mapping,
    rows: sheet.rows.length,
    summary: {
      create: plan.create.length,
      change: plan.change.length,
      move: plan.move.length,
      deactivate: 0,
      unchanged: plan.unchanged,
      refused: refusedRows(plan.refused),
    },
    create: plan.create.map((c) => ({ ...c, parentName: c.parent === null ? null : nameOf(c.parent) })),
    change: plan.change.map((c) => ({ ...c, name: names.get(c.unitId) ?? '' })),
    move: plan.move.map((m) => ({
      ...m,
      name: names.get(m.unitId) ?? '',
      fromParent: m.fromParentId === null ? null : (names.get(m.fromParentId) ?? ''),
      toParent: nameOf(m.to),
    })),
    deactivate: [],
    refused: plan.refused,
    fingerprint: fingerprintOf(['units', plan.create, plan.change, plan.move]),
  };
  return { preview, plan };
}

async function applyUnitSheet(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  sheet: Sheet,
  opts: ImportOptions,
): Promise<UnitImportPreview> {
  const { preview, plan } = await planUnitsFor(trx, actor, sheet, opts, now);
  if (opts.expect !== undefined && opts.expect !== preview.fingerprint) throw new AppError('import_stale');
  refuseUnlessSkipped(plan.refused, opts);
  if (unitPlanIsEmpty(plan)) return preview;
  const made = new Map<number, number>();
  const idOf = (ref: UnitRef): number => {
    if ('unitId' in ref) return ref.unitId;
    const id = made.get(ref.row);
    if (id === undefined) throw new Error(`import: row ${ref.row} planned after its child`);
    return id;
  };
  // Parents first (the plan's order), then changes, then moves top down.
  for (const c of plan.create) {
    const saved = await createUnitIn(trx, actor, now, {
      parentId: c.parent === null ? null : idOf(c.parent),
      name: c.name,
      kind: c.kind,
      zone: c.zone,
      code: c.code,
    });
    made.set(c.row, saved.id);
  }
  for (const ch of plan.change) {
    const patch: UnitPatch = {};
    for (const f of ch.fields) Object.assign(patch, { [f.field]: f.to });
    await updateUnitIn(trx, actor, now, ch.unitId, patch);
  }
  for (const m of plan.move) await moveUnitIn(trx, actor, now, m.unitId, idOf(m.to));
  await auditChange(trx, actor, now, 'import.apply', 'units', {
    ...preview.summary,
    fingerprint: preview.fingerprint,
  });
  return preview;
}

// ---------------------------------------------------------------------------------------
// Work sites
// ---------------------------------------------------------------------------------------

interface SitesPlanned {
  preview: SiteImportPreview;
  plan: SitePlan;
  stored: Map<number, Site>;
}

async function planSitesFor(
  db: Kysely<Database>,
  actor: Actor,
  sheet: Sheet,
  opts: ImportOptions,
  now: number,
): Promise<SitesPlanned> {
  const mapping = opts.mapping ?? suggestSiteMapping(sheet.headers);
  checkMapping(siteMappingProblems(mapping, sheet.headers.length));
  const scope = await scopeOf(db, actor);
  const today = todayOf(now);
  const all = await listUnits(db);
  const inScope = all.filter((u) => scope === null || scope.has(u.id));
  const parsed = parseSiteSheet(sheet, mapping);
  const nips = [...new Set(parsed.rows.flatMap((r) => (r.nip === null ? [] : [r.nip])))];
  const people = new Map<string, { id: number; unitId: number }>();
  for (const e of await findEmployeesByKeys(db, nips, [])) {
    if (e.nip !== null && (scope === null || scope.has(e.unitId)))
      people.set(e.nip, { id: e.id, unitId: e.unitId });
  }
  const sites = await listSites(db, scope === null ? {} : { unitIds: [...scope] });
  const stored: StoredSite[] = sites.map((s) => ({
    id: s.id,
    unitId: s.unitId,
    employeeId: s.employeeId,
    name: s.name,
    mode: s.mode,
    shape: s.shape,
    validFrom: s.validFrom ?? null,
    validTo: s.validTo ?? null,
    active: s.active,
  }));
  const plan = planSites(
    parsed.rows,
    inScope.map((u) => ({
      id: u.id,
      name: u.name,
      code: u.code ?? null,
      closed: u.closedFrom != null && u.closedFrom <= today,
    })),
    people,
    stored,
    mapping,
  );
  plan.refused = [...parsed.refusals, ...plan.refused].sort((a, b) => a.row - b.row);
  const unitName = new Map(all.map((u) => [u.id, u.name]));
  const byId = new Map(sites.map((s) => [s.id, s]));
  const where = (id: number) => unitName.get(byId.get(id)?.unitId ?? 0) ?? '';
  const preview: SiteImportPreview = {
    headers: sheet.headers,
    mapping,
    rows: sheet.rows.length,
    summary: {
      create: plan.create.length,
      change: plan.change.length,
      move: 0,
      deactivate: plan.deactivate.length,
      unchanged: plan.unchanged,
      refused: refusedRows(plan.refused),
    },
    create: plan.create.map((c) => ({
      row: c.row,
      name: c.name,
      unitId: c.unitId,
      unitName: unitName.get(c.unitId) ?? '',
      employeeId: c.employeeId,
      mode: c.mode,
      shape: shapeSummary(c.shape),
      validFrom: c.validFrom,
      validTo: c.validTo,
    })),
    change: plan.change.map((c) => ({
      row: c.row,
      siteId: c.siteId,
      name: byId.get(c.siteId)?.name ?? '',
      unitName: where(c.siteId),
      fields: c.fields,
    })),
    move: [],
    deactivate: plan.deactivate.map((d) => ({
      row: d.row,
      siteId: d.siteId,
      name: byId.get(d.siteId)?.name ?? '',
      unitName: where(d.siteId),
    })),
    refused: plan.refused,
    fingerprint: fingerprintOf(['sites', plan.create, plan.change, plan.deactivate]),
  };
  return { preview, plan, stored: byId };
}

async function applySiteSheet(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  sheet: Sheet,
  opts: ImportOptions,
): Promise<SiteImportPreview> {
  const { preview, plan, stored } = await planSitesFor(trx, actor, sheet, opts, now);
  if (opts.expect !== undefined && opts.expect !== preview.fingerprint) throw new AppError('import_stale');
  refuseUnlessSkipped(plan.refused, opts);
  if (sitePlanIsEmpty(plan)) return preview;
  for (const c of plan.create) {
    await createSiteIn(trx, actor, now, {
      unitId: c.unitId,
      employeeId: c.employeeId,
      name: c.name,
      mode: c.mode,
      shape: c.shape,
      validFrom: c.validFrom,
      validTo: c.validTo,
      active: true,
    });
  }
  // One replacement per site: a row may both change a site and take it out of use.
  const next = new Map<number, SiteValues>();
  for (const c of plan.change) next.set(c.siteId, c.next);
  for (const d of plan.deactivate) next.set(d.siteId, d.next);
  for (const [id, v] of next) {
    const before = stored.get(id)!;
    await replaceSiteIn(trx, actor, now, id, {
      unitId: before.unitId,
      employeeId: before.employeeId,
      name: v.name,
      zone: before.zone,
      mode: v.mode,
      shape: v.shape,
      validFrom: v.validFrom,
      validTo: v.validTo,
      letter: before.letter,
      active: v.active,
    });
  }
  await auditChange(trx, actor, now, 'import.apply', 'sites', {
    ...preview.summary,
    fingerprint: preview.fingerprint,
  });
  return preview;
}

// ---------------------------------------------------------------------------------------
// The choice of kind
// ---------------------------------------------------------------------------------------

/** Options of an import of any kind; `effectiveFrom` and `deactivateMissing` concern employees only. */
export type KindOptions = Omit<ImportOptions, 'mapping'> & { mapping?: Record<string, number> };

/** One step on a file of each kind: its dry run, or its apply; each answers the kind's own preview. */
type FileSteps = {
  [K in ImportKind]: (
    deps: ImportDeps,
    actor: Actor,
    file: Buffer,
    opts: KindOptions,
  ) => Promise<PreviewOf[K]>;
};

/** The dry run of a sheet of each kind, from its file. */
const PREVIEWS: FileSteps = {
  employees: previewImport,
  units: async (deps, actor, file, opts) =>
    (await planUnitsFor(deps.db, actor, await readSheet(file), opts, deps.now())).preview,
  sites: async (deps, actor, file, opts) =>
    (await planSitesFor(deps.db, actor, await readSheet(file), opts, deps.now())).preview,
};

/** The dry run of a sheet of `kind`: reads and plans it, writes nothing. */
export function previewImportOf<K extends ImportKind>(
  deps: ImportDeps,
  actor: Actor,
  kind: K,
  file: Buffer,
  opts: KindOptions,
): Promise<PreviewOf[K]> {
  return PREVIEWS[kind](deps, actor, file, opts);
}

/** The apply of a sheet of each kind already read, in the caller's transaction. */
const SHEET_APPLIES: {
  [K in ImportKind]: (
    trx: Kysely<Database>,
    actor: Actor,
    now: number,
    sheet: Sheet,
    opts: KindOptions,
  ) => Promise<PreviewOf[K]>;
} = { employees: applyEmployeeSheet, units: applyUnitSheet, sites: applySiteSheet };

/**
 * Applies a sheet of `kind` already read, in the caller's transaction (the demo seed
 * builds its regency through this).
 */
export function applySheetIn<K extends ImportKind>(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  kind: K,
  sheet: Sheet,
  opts: KindOptions,
): Promise<PreviewOf[K]> {
  return SHEET_APPLIES[kind](trx, actor, now, sheet, opts);
}

/** Applies a units or sites file in one transaction, then tells this process's caches. */
function applyFileOf<K extends 'units' | 'sites'>(kind: K) {
  return async (deps: ImportDeps, actor: Actor, file: Buffer, opts: KindOptions): Promise<PreviewOf[K]> => {
    const sheet = await readSheet(file);
    const now = deps.now();
    const result = await deps.db
      .transaction()
      .execute((trx) => applySheetIn(trx, actor, now, kind, sheet, opts));
    deps.changed?.();
    return result;
  };
}

/** The apply of a file of each kind (the employee import has its own). */
const FILE_APPLIES: FileSteps = {
  employees: applyImport,
  units: applyFileOf('units'),
  sites: applyFileOf('sites'),
};

/** Applies a file of `kind` in one transaction, all or nothing, then tells this process's caches. */
export function applyImportOf<K extends ImportKind>(
  deps: ImportDeps,
  actor: Actor,
  kind: K,
  file: Buffer,
  opts: KindOptions,
): Promise<PreviewOf[K]> {
  return FILE_APPLIES[kind](deps, actor, file, opts);
}
