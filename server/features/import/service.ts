/**
 * The employee import: a SIASN/SIMPEG export (XLSX or CSV) read, mapped, planned and —
 * after a dry run has shown what would happen — applied in one transaction, all or
 * nothing. The plan is computed by the same pure function for the dry run and the apply
 * (core/import/plan.ts), inside the apply's transaction, so what is written is what the
 * plan says; importing the same file again plans nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import {
  EMPLOYEE_FIELDS,
  mappingProblems,
  parseEmployeeSheet,
  suggestMapping,
} from '../../../core/import/employee-rows.js';
import type { ColumnMapping, RowRefusal } from '../../../core/import/employee-rows.js';
import { planImport, planIsEmpty } from '../../../core/import/plan.js';
import type { ImportExisting, ImportPlan, ImportUnit } from '../../../core/import/plan.js';
import type { Sheet } from '../../../core/import/sheet.js';
import type { Database } from '../../platform/db/schema.js';
import { latestUnits, placeEmployee } from '../employees/placements.store.js';
import { findEmployeesByKeys, insertEmployees, rowToEmployee, updateEmployee } from '../employees/store.js';
import type { EmployeePatch } from '../employees/store.js';
import { syncSiteLinks } from '../sites/links.js';
import { scopeOf } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { auditChange } from '../units/audit.js';
import { requireDate, todayOf } from '../units/dates.js';
import { listUnits } from '../units/store.js';
import { readSheet } from './read-file.js';
import { appendAuditMany } from '../../platform/audit/audit.js';

export interface ImportDeps {
  db: Kysely<Database>;
  now: () => number;
  changed?: () => void;
}

export interface ImportOptions {
  /** Field → column index; absent = suggested from the headers. */
  mapping?: ColumnMapping;
  /** When moves and deactivations take effect; default today. */
  effectiveFrom?: string;
  /** Deactivate those of the scope the file no longer lists (a full export). */
  deactivateMissing?: boolean;
  /** Apply the valid rows even when some are refused. */
  skipRefused?: boolean;
  /** The fingerprint of the dry run being confirmed; the apply refuses if the plan changed. */
  expect?: string;
}

/** What a dry run shows: the plan with names and units to read it by. */
export interface ImportPreview {
  headers: string[];
  mapping: ColumnMapping;
  rows: number;
  summary: {
    create: number;
    change: number;
    move: number;
    deactivate: number;
    unchanged: number;
    refused: number;
  };
  create: { row: number; nip: string | null; internalId: string | null; name: string; unitName: string }[];
  change: {
    row: number;
    employeeId: number;
    name: string;
    nip: string | null;
    fields: ImportPlan['change'][number]['fields'];
  }[];
  move: {
    row: number;
    employeeId: number;
    name: string;
    nip: string | null;
    fromUnit: string;
    toUnit: string;
    from: string;
  }[];
  deactivate: {
    row: number | null;
    employeeId: number;
    name: string;
    nip: string | null;
    unitName: string;
    from: string;
  }[];
  refused: RowRefusal[];
  /** Pass it back as `expect` to apply exactly this plan. */
  fingerprint: string;
}

interface Planned {
  sheet: Sheet;
  mapping: ColumnMapping;
  plan: ImportPlan;
  existing: Map<number, ImportExisting>;
  units: Map<number, string>;
  effectiveFrom: string;
}

async function planFor(
  db: Kysely<Database>,
  actor: Actor,
  sheet: Sheet,
  opts: ImportOptions,
  now: number,
): Promise<Planned> {
  const mapping = opts.mapping ?? suggestMapping(sheet.headers);
  const problems = mappingProblems(mapping, sheet.headers.length);
  if (problems.length > 0) {
    throw new AppError('import_mapping', {
      details: problems.map((p) => ({ field: `/mapping/${p.field}`, reason: p.reason })),
    });
  }
  const effectiveFrom =
    opts.effectiveFrom === undefined ? todayOf(now) : requireDate(opts.effectiveFrom, '/effectiveFrom');
  const scope = await scopeOf(db, actor);
  const all = await listUnits(db);
  const units: ImportUnit[] = all
    .filter((u) => scope === null || scope.has(u.id))
    .map((u) => ({
      id: u.id,
      name: u.name,
      code: u.code ?? null,
      closed: u.closedFrom != null && u.closedFrom <= effectiveFrom,
    }));
  const parsed = parseEmployeeSheet(sheet, mapping);
  const found = await findEmployeesByKeys(
    db,
    parsed.rows.flatMap((r) => (r.nip === null ? [] : [r.nip])),
    parsed.rows.flatMap((r) => (r.internalId === null ? [] : [r.internalId])),
  );
  if (opts.deactivateMissing) {
    let q = db.selectFrom('employees').select('id').where('inactive_from', 'is', null);
    if (scope !== null) q = q.where('unit_id', 'in', [...scope]);
    const ids = new Set(found.map((e) => e.id));
    const missing = (await q.execute()).map((r) => r.id).filter((id) => !ids.has(id));
    for (let i = 0; i < missing.length; i += 5000) {
      const rows = await db
        .selectFrom('employees')
        .selectAll()
        .where('id', 'in', missing.slice(i, i + 5000))
        .execute();
      found.push(...rows.map(rowToEmployee));
    }
  }
  const latest = await latestUnits(
    db,
    found.map((e) => e.id),
  );
  const existing = found.map((e): ImportExisting => ({
    id: e.id,
    kind: e.kind,
    nip: e.nip,
    internalId: e.internalId,
    name: e.name,
    unitId: latest.get(e.id) ?? e.unitId,
    position: e.position,
    rank: e.rank ?? null,
    attendanceFrom: e.attendanceFrom ?? null,
    inactiveFrom: e.inactiveFrom ?? null,
    inScope: scope === null || scope.has(e.unitId),
  }));
  const plan = planImport(parsed.rows, units, existing, mapping, {
    effectiveFrom,
    deactivateMissing: opts.deactivateMissing === true,
    scopeUnitIds: scope ?? new Set(all.map((u) => u.id)),
  });
  plan.refused = [...parsed.refusals, ...plan.refused].sort((a, b) => a.row - b.row);
  return {
    sheet,
    mapping,
    plan,
    existing: new Map(existing.map((e) => [e.id, e])),
    units: new Map(all.map((u) => [u.id, u.name])),
    effectiveFrom,
  };
}

function preview(p: Planned): ImportPreview {
  const { plan } = p;
  const unit = (id: number) => p.units.get(id) ?? '';
  const who = (id: number) => p.existing.get(id);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([plan.create, plan.change, plan.move, plan.deactivate, p.effectiveFrom]))
    .digest('hex');
  return {
    headers: p.sheet.headers,
    mapping: p.mapping,
    rows: p.sheet.rows.length,
    summary: {
      create: plan.create.length,
      change: plan.change.length,
      move: plan.move.length,
      deactivate: plan.deactivate.length,
      unchanged: plan.unchanged,
      refused: new Set(plan.refused.map((r) => r.row)).size,
    },
    create: plan.create.map((c) => ({
      row: c.row,
      nip: c.nip,
      internalId: c.internalId,
      name: c.name,
      unitName: unit(c.unitId),
    })),
    change: plan.change.map((c) => ({
      row: c.row,
      employeeId: c.employeeId,
      name: who(c.employeeId)?.name ?? '',
      nip: who(c.employeeId)?.nip ?? null,
      fields: c.fields,
    })),
    move: plan.move.map((m) => ({
      row: m.row,
      employeeId: m.employeeId,
      name: who(m.employeeId)?.name ?? '',
      nip: who(m.employeeId)?.nip ?? null,
      fromUnit: unit(m.fromUnitId),
      toUnit: unit(m.toUnitId),
      from: m.from,
    })),
    deactivate: plan.deactivate.map((d) => ({
      row: d.row,
      employeeId: d.employeeId,
      name: who(d.employeeId)?.name ?? '',
      nip: who(d.employeeId)?.nip ?? null,
      unitName: unit(who(d.employeeId)?.unitId ?? 0),
      from: d.from,
    })),
    refused: plan.refused,
    fingerprint,
  };
}

/** The column mapping as the API and the CLI take it: JSON `{ "nip": 0, "name": 1, … }`. */
export function parseMapping(
  raw: string | undefined,
  fields: readonly string[] = EMPLOYEE_FIELDS,
): ColumnMapping | undefined {
  if (raw === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new AppError('import_mapping', { details: [{ field: '/mapping', reason: 'json' }] });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new AppError('import_mapping', { details: [{ field: '/mapping', reason: 'type' }] });
  }
  const out: ColumnMapping = {};
  for (const [k, c] of Object.entries(v)) {
    if (!fields.includes(k) || !Number.isInteger(c)) {
      throw new AppError('import_mapping', { details: [{ field: `/mapping/${k}`, reason: 'unknown' }] });
    }
    out[k as keyof ColumnMapping] = c as number;
  }
  return out;
}

/** The dry run: reads and plans the file, writes nothing. */
export async function previewImport(
  deps: ImportDeps,
  actor: Actor,
  file: Buffer,
  opts: ImportOptions,
): Promise<ImportPreview> {
  const sheet = await readSheet(file);
  return preview(await planFor(deps.db, actor, sheet, opts, deps.now()));
}

/**
 * Applies a sheet inside the caller's transaction: creates, changes, moves (from the
 * effective date) and deactivations, their site links and one audit entry per change
 * plus one for the import. Refused rows refuse the whole sheet unless `skipRefused`.
 * The demo seed writes its employees through this, in its own transaction.
 */
export async function applyEmployeeSheet(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  sheet: Sheet,
  opts: ImportOptions,
): Promise<ImportPreview> {
  const planned = await planFor(trx, actor, sheet, opts, now);
  const shown = preview(planned);
  if (opts.expect !== undefined && opts.expect !== shown.fingerprint) throw new AppError('import_stale');
  if (shown.refused.length > 0 && opts.skipRefused !== true) {
    throw new AppError('import_refused', {
      details: shown.refused
        .slice(0, 100)
        .map((r) => ({ field: `row ${r.row}${r.column ? ` column ${r.column}` : ''}`, reason: r.reason })),
    });
  }
  const { plan } = planned;
  if (planIsEmpty(plan)) return shown;
  const today = todayOf(now);
  const created = await insertEmployees(
    trx,
    plan.create.map((c) => ({ ...c, active: true })),
  );
  for (const ch of plan.change) {
    const patch: EmployeePatch = {};
    for (const f of ch.fields) {
      if (f.field === 'active')
        Object.assign(patch, { inactiveFrom: null, inactiveReason: null, active: true });
      else if (f.field === 'name' || f.field === 'position') patch[f.field] = f.to ?? '';
      else patch[f.field] = f.to;
    }
    await updateEmployee(trx, ch.employeeId, patch);
  }
  const movedNow: number[] = [];
  for (const m of plan.move) {
    const current = planned.existing.get(m.employeeId);
    await placeEmployee(trx, {
      employeeId: m.employeeId,
      unitId: m.toUnitId,
      fromDate: m.from,
      previousUnitId: current?.unitId ?? m.fromUnitId,
      at: now,
      by: actor.accountId,
    });
    if (m.from <= today) {
      await updateEmployee(trx, m.employeeId, { unitId: m.toUnitId });
      movedNow.push(m.employeeId);
    }
  }
  for (const d of plan.deactivate) {
    await updateEmployee(trx, d.employeeId, {
      inactiveFrom: d.from,
      inactiveReason: d.row === null ? 'mutasi_keluar' : 'lainnya',
      ...(d.from <= today && { active: false }),
    });
  }
  await syncSiteLinks(trx, [...created.map((e) => e.id), ...movedNow]);
  const entries = [
    ...created.map((e) => ({
      action: 'employee.create',
      target: `employee:${e.id}`,
      detail: { ...e, via: 'import' },
    })),
    ...plan.change.map((c) => ({
      action: 'employee.update',
      target: `employee:${c.employeeId}`,
      detail: { fields: c.fields, via: 'import' },
    })),
    ...plan.move.map((m) => ({
      action: 'employee.move',
      target: `employee:${m.employeeId}`,
      detail: { fromUnitId: m.fromUnitId, toUnitId: m.toUnitId, from: m.from, via: 'import' },
    })),
    ...plan.deactivate.map((d) => ({
      action: 'employee.deactivate',
      target: `employee:${d.employeeId}`,
      detail: { from: d.from, via: 'import' },
    })),
  ];
  await appendAuditMany(
    trx,
    entries.map((e) => ({
      at: now,
      actor_account_id: actor.accountId,
      actor_label: actor.label,
      action: e.action,
      target: e.target,
      detail: JSON.stringify(e.detail),
    })),
  );
  await auditChange(trx, actor, now, 'import.apply', 'employees', {
    ...shown.summary,
    effectiveFrom: planned.effectiveFrom,
    fingerprint: shown.fingerprint,
  });
  return shown;
}

/**
 * Applies the file in one transaction (see {@link applyEmployeeSheet}): all or nothing,
 * then tells this process's caches.
 */
export async function applyImport(
  deps: ImportDeps,
  actor: Actor,
  file: Buffer,
  opts: ImportOptions,
): Promise<ImportPreview> {
  const sheet = await readSheet(file);
  const now = deps.now();
  const result = await deps.db
    .transaction()
    .execute((trx) => applyEmployeeSheet(trx, actor, now, sheet, opts));
  deps.changed?.();
  return result;
}
