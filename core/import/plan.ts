/**
 * What importing an employee sheet would do, against what is stored: who is created,
 * whose record changes, who moves to another unit (from the import's effective date, so
 * earlier recaps keep the unit they had), who is deactivated, and which rows cannot be
 * taken. Pure, so the dry run and the apply compute exactly the same plan, and
 * re-importing the same file plans nothing.
 */
import type { EmployeeKind } from '../model.js';
import { looseKey } from './sheet.js';
import { refusal } from './employee-rows.js';
import type { ColumnMapping, EmployeeRow, RowRefusal } from './employee-rows.js';

/** A unit the import may name: its id, name, code and whether it is closed on the effective date. */
export interface ImportUnit {
  id: number;
  name: string;
  code: string | null;
  closed: boolean;
}

/** A stored employee as the planner needs it. */
export interface ImportExisting {
  id: number;
  kind: EmployeeKind;
  nip: string | null;
  internalId: string | null;
  name: string;
  /** The latest placement's unit (a move dated in the future counts as done). */
  unitId: number;
  position: string;
  rank: string | null;
  attendanceFrom: string | null;
  /** Null while active. */
  inactiveFrom: string | null;
  /** False when the employee's unit lies outside the importer's scope. */
  inScope: boolean;
}

export interface PlannedCreate {
  row: number;
  kind: EmployeeKind;
  nip: string | null;
  internalId: string | null;
  name: string;
  unitId: number;
  position: string;
  rank: string | null;
  attendanceFrom: string | null;
  /** A row marked inactive creates nothing; this is always true. */
  active: true;
}

/** The fields of a stored employee a row can change. */
export const CHANGED_FIELDS = ['name', 'position', 'rank', 'attendanceFrom', 'active'] as const;
export type ChangedField = (typeof CHANGED_FIELDS)[number];

export interface PlannedChange {
  row: number;
  employeeId: number;
  fields: { field: ChangedField; from: string | null; to: string | null }[];
}

export interface PlannedMove {
  row: number;
  employeeId: number;
  fromUnitId: number;
  toUnitId: number;
  /** First date in the new unit. */
  from: string;
}

export interface PlannedDeactivation {
  /** Null when the employee is missing from the file (deactivateMissing). */
  row: number | null;
  employeeId: number;
  /** First inactive date. */
  from: string;
}

export interface ImportPlan {
  create: PlannedCreate[];
  change: PlannedChange[];
  move: PlannedMove[];
  deactivate: PlannedDeactivation[];
  /** Rows that match the stored employee exactly. */
  unchanged: number;
  refused: RowRefusal[];
}

export interface PlanOptions {
  /** The date moves and deactivations take effect ('YYYY-MM-DD'). */
  effectiveFrom: string;
  /**
   * Deactivate (from effectiveFrom) active employees of `scopeUnitIds` that the file
   * does not list: for a full monthly export, where leaving the list means leaving.
   */
  deactivateMissing: boolean;
  /** The units the file covers (the importer's subtree). */
  scopeUnitIds: ReadonlySet<number>;
}

function unitResolver(units: readonly ImportUnit[]) {
  const byCode = new Map<string, ImportUnit>();
  const byName = new Map<string, ImportUnit[]>();
  for (const u of units) {
    if (u.code !== null) byCode.set(looseKey(u.code), u);
    const k = looseKey(u.name);
    const list = byName.get(k);
    if (list) list.push(u);
    else byName.set(k, [u]);
  }
  return (r: EmployeeRow): ImportUnit | 'unknown' | 'ambiguous' => {
    if (r.unitCode !== null) return byCode.get(looseKey(r.unitCode)) ?? 'unknown';
    const list = byName.get(looseKey(r.unitName ?? '')) ?? [];
    if (list.length === 0) return 'unknown';
    return list.length === 1 ? list[0]! : 'ambiguous';
  };
}

/**
 * Plans an import. `units` are the units the importer may use (their scope); `existing`
 * every stored employee whose NIP or internal id the file names (inside or outside the
 * scope) plus, for deactivateMissing, every active employee of the scope.
 *
 * @example
 *   planImport(rows, units, existing, mapping, { effectiveFrom: '2026-04-01',
 *     deactivateMissing: false, scopeUnitIds: new Set([1, 2]) })
 *   // { create: [...], change: [], move: [...], deactivate: [], unchanged: 8620, refused: [...] }
 */
export function planImport(
  rows: readonly EmployeeRow[],
  units: readonly ImportUnit[],
  existing: readonly ImportExisting[],
  mapping: ColumnMapping,
  opts: PlanOptions,
): ImportPlan {
  const resolve = unitResolver(units);
  const byNip = new Map<string, ImportExisting>();
  const byInternal = new Map<string, ImportExisting>();
  for (const e of existing) {
    if (e.nip !== null) byNip.set(e.nip, e);
    if (e.internalId !== null) byInternal.set(e.internalId, e);
  }
  const plan: ImportPlan = { create: [], change: [], move: [], deactivate: [], unchanged: 0, refused: [] };
  const seen = new Set<number>();

  for (const r of rows) {
    const unitField = r.unitCode !== null ? 'unitCode' : 'unit';
    const unitText = r.unitCode ?? r.unitName ?? '';
    const unit = resolve(r);
    if (unit === 'unknown' || unit === 'ambiguous') {
      plan.refused.push(
        refusal(r.row, mapping, unitField, unit === 'unknown' ? 'unit_unknown' : 'unit_ambiguous', unitText),
      );
      continue;
    }
    const current = r.nip !== null ? byNip.get(r.nip) : byInternal.get(r.internalId ?? '');
    if (current && !current.inScope) {
      plan.refused.push(
        refusal(r.row, mapping, r.nip !== null ? 'nip' : 'internalId', 'nip_taken', r.nip ?? r.internalId),
      );
      continue;
    }
    if (current && current.kind !== r.kind) {
      plan.refused.push(refusal(r.row, mapping, 'kind', 'kind_change', r.nip ?? r.internalId));
      continue;
    }
    const wantsActive = r.active !== false;
    if (unit.closed && wantsActive && (!current || current.unitId !== unit.id)) {
      plan.refused.push(refusal(r.row, mapping, unitField, 'unit_closed', unitText));
      continue;
    }
    if (!current) {
      // A row marked inactive for someone never stored has nothing to do.
      if (!wantsActive) {
        plan.unchanged++;
        continue;
      }
      plan.create.push({
        row: r.row,
        kind: r.kind,
        nip: r.nip,
        internalId: r.internalId,
        name: r.name,
        unitId: unit.id,
        position: r.position,
        rank: r.rank,
        attendanceFrom: r.attendanceFrom,
        active: true,
      });
      continue;
    }
    seen.add(current.id);
    const fields: PlannedChange['fields'] = [];
    if (current.name !== r.name) fields.push({ field: 'name', from: current.name, to: r.name });
    if (current.position !== r.position)
      fields.push({ field: 'position', from: current.position, to: r.position });
    if (r.rank !== null && current.rank !== r.rank)
      fields.push({ field: 'rank', from: current.rank, to: r.rank });
    if (r.attendanceFrom !== null && current.attendanceFrom !== r.attendanceFrom) {
      fields.push({ field: 'attendanceFrom', from: current.attendanceFrom, to: r.attendanceFrom });
    }
    if (wantsActive && current.inactiveFrom !== null) {
      fields.push({ field: 'active', from: 'false', to: 'true' });
    }
    let touched = false;
    if (fields.length > 0) {
      plan.change.push({ row: r.row, employeeId: current.id, fields });
      touched = true;
    }
    if (!wantsActive) {
      if (current.inactiveFrom === null) {
        plan.deactivate.push({ row: r.row, employeeId: current.id, from: opts.effectiveFrom });
        touched = true;
      }
    } else if (current.unitId !== unit.id) {
      plan.move.push({
        row: r.row,
        employeeId: current.id,
        fromUnitId: current.unitId,
        toUnitId: unit.id,
        from: opts.effectiveFrom,
      });
      touched = true;
    }
    if (!touched) plan.unchanged++;
  }

  if (opts.deactivateMissing) {
    for (const e of existing) {
      if (seen.has(e.id) || !e.inScope || e.inactiveFrom !== null) continue;
      if (!opts.scopeUnitIds.has(e.unitId)) continue;
      plan.deactivate.push({ row: null, employeeId: e.id, from: opts.effectiveFrom });
    }
  }
  plan.refused.sort((a, b) => a.row - b.row);
  return plan;
}

/** True when applying the plan would write nothing. */
export function planIsEmpty(p: ImportPlan): boolean {
  return p.create.length === 0 && p.change.length === 0 && p.move.length === 0 && p.deactivate.length === 0;
}
