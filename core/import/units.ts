/**
 * A sheet of units (kode unit kerja, nama, induk, jenis, zona) read and planned against
 * the stored tree: which units are created, renamed or otherwise changed, and moved
 * under another parent, and which rows cannot be taken, with the row, the column and
 * the reason. A parent may be named by code or by name, and may come later in the same
 * sheet. Pure, so the dry run and the apply compute the same plan, and re-importing the
 * applied sheet plans nothing.
 */
import { UNIT_KINDS, ZONES } from '../model.js';
import type { UnitKind, Zone } from '../model.js';
import { columnProblems, refusalAt, suggestColumns } from './columns.js';
import type { Columns } from './columns.js';
import type { RowRefusal } from './employee-rows.js';
import type { RefusalReason } from './messages.js';
import { cellText, EMPTY, looseKey } from './sheet.js';
import type { Cell, Sheet } from './sheet.js';

export const UNIT_FIELDS = ['code', 'name', 'parent', 'kind', 'zone'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];
export type UnitColumns = Columns<UnitField>;

/** Header names of unit lists (SIMPEG/SIASN unor exports, officers' sheets), as loose keys. */
const UNIT_ALIASES: Readonly<Record<UnitField, readonly string[]>> = {
  code: [
    'kode unit kerja',
    'kode unit',
    'kode unor',
    'unor id',
    'id unor',
    'kode satker',
    'kode',
    'code',
    'unit code',
  ],
  name: [
    'nama unit kerja',
    'nama unit',
    'nama unor',
    'unor nama',
    'unit kerja',
    'unor',
    'nama satker',
    'nama',
    'name',
    'unit name',
    'unit',
  ],
  parent: [
    'induk',
    'unit induk',
    'kode induk',
    'nama induk',
    'induk unit',
    'unor induk',
    'unor atasan',
    'diatasan unor',
    'atasan',
    'parent',
    'parent code',
    'parent unit',
  ],
  kind: ['jenis', 'jenis unit', 'jenis unor', 'tingkat', 'eselon unit', 'kind', 'type', 'unit kind'],
  zone: ['zona', 'zona waktu', 'wilayah waktu', 'zone', 'time zone', 'timezone'],
};

/** The mapping a units sheet's headers suggest. */
export function suggestUnitMapping(headers: readonly string[]): UnitColumns {
  return suggestColumns(headers, UNIT_FIELDS, UNIT_ALIASES);
}

/** Why a units mapping cannot be used (the name is required). */
export function unitMappingProblems(mapping: UnitColumns, columns: number) {
  return columnProblems(mapping, columns, UNIT_FIELDS, [['name']]);
}

const KIND_NAMES: Readonly<Record<string, UnitKind>> = {
  ...Object.fromEntries(UNIT_KINDS.map((k) => [k, k])),
  'pemerintah daerah': 'pemda',
  pemkab: 'pemda',
  pemkot: 'pemda',
  pemprov: 'pemda',
  dinas: 'opd',
  badan: 'opd',
  sekretariat: 'opd',
  inspektorat: 'opd',
  satuan: 'opd',
  'perangkat daerah': 'opd',
  bagian: 'bidang',
  seksi: 'bidang',
  subbagian: 'bidang',
  'sub bagian': 'bidang',
  uptd: 'upt',
  'unit pelaksana teknis': 'upt',
  desa: 'kelurahan',
};

/** WIB, WITA, WIT (and the IANA names) → the zone. */
const ZONE_NAMES: Readonly<Record<string, Zone>> = {
  ...Object.fromEntries(ZONES.map((z) => [looseKey(z), z])),
  wib: 'Asia/Jakarta',
  wita: 'Asia/Makassar',
  wit: 'Asia/Jayapura',
};

/** A unit as a row describes it; the parent is still a code or name to resolve. */
export interface UnitRow {
  row: number;
  code: string | null;
  name: string;
  /** The parent's code or name; null: a top unit (a Pemda). */
  parent: string | null;
  /** Null when empty: kept on an existing unit, derived from the place in the tree on a new one. */
  kind: UnitKind | null;
  /** Null when empty: kept on an existing unit, the parent's on a new one. */
  zone: Zone | null;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Reads one data row: the unit, or every refusal of the row. */
export function parseUnitRow(
  row: number,
  cells: readonly Cell[],
  mapping: UnitColumns,
): { ok: true; value: UnitRow } | { ok: false; refusals: RowRefusal[] } {
  const refusals: RowRefusal[] = [];
  const cell = (f: UnitField): Cell => {
    const i = mapping[f];
    return i === undefined ? EMPTY : (cells[i] ?? EMPTY);
  };
  for (const f of UNIT_FIELDS) {
    const c = cell(f);
    if (c.t === 'formula') refusals.push(refusalAt(row, mapping, f, 'formula'));
    if (c.t === 'error') refusals.push(refusalAt(row, mapping, f, 'error_cell', c.v));
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const text = (f: UnitField) => clean(cellText(cell(f)));
  const name = text('name');
  if (name === '') refusals.push(refusalAt(row, mapping, 'name', 'name_required'));
  else if (name.length > 200) refusals.push(refusalAt(row, mapping, 'name', 'too_long', name));
  const code = text('code') || null;
  if (code !== null && code.length > 64)
    refusals.push(refusalAt(row, mapping, 'code', 'code_too_long', code));
  const parent = text('parent') || null;
  if (parent !== null && parent.length > 200)
    refusals.push(refusalAt(row, mapping, 'parent', 'too_long', parent));
  let kind: UnitKind | null = null;
  if (text('kind') !== '') {
    kind = KIND_NAMES[looseKey(text('kind'))] ?? null;
    if (kind === null) refusals.push(refusalAt(row, mapping, 'kind', 'unit_kind_unknown', text('kind')));
  }
  let zone: Zone | null = null;
  if (text('zone') !== '') {
    zone = ZONE_NAMES[looseKey(text('zone'))] ?? null;
    if (zone === null) refusals.push(refusalAt(row, mapping, 'zone', 'zone_unknown', text('zone')));
  }
  if (refusals.length > 0) return { ok: false, refusals };
  return { ok: true, value: { row, code, name, parent, kind, zone } };
}

/** The key a row is known by in its sheet: its code, or its name when it has none. */
const rowKey = (r: UnitRow) => (r.code !== null ? `code:${looseKey(r.code)}` : `name:${looseKey(r.name)}`);

/** Reads every data row; rows naming the same unit (same code, or same name without a code) are all refused. */
export function parseUnitSheet(
  sheet: Sheet,
  mapping: UnitColumns,
): { rows: UnitRow[]; refusals: RowRefusal[] } {
  const rows: UnitRow[] = [];
  const refusals: RowRefusal[] = [];
  for (const r of sheet.rows) {
    const p = parseUnitRow(r.row, r.cells, mapping);
    if (p.ok) rows.push(p.value);
    else refusals.push(...p.refusals);
  }
  const byKey = new Map<string, UnitRow[]>();
  for (const r of rows) byKey.set(rowKey(r), [...(byKey.get(rowKey(r)) ?? []), r]);
  const dup = new Set<UnitRow>();
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    const others = list.map((r) => r.row).join(', ');
    for (const r of list) {
      dup.add(r);
      const field = r.code !== null ? 'code' : 'name';
      refusals.push(refusalAt(r.row, mapping, field, 'duplicate', r.code ?? r.name, { rows: others }));
    }
  }
  refusals.sort((a, b) => a.row - b.row);
  return { rows: rows.filter((r) => !dup.has(r)), refusals };
}

/** A stored unit as the planner needs it. */
export interface StoredUnit {
  id: number;
  parentId: number | null;
  name: string;
  code: string | null;
  kind: UnitKind;
  zone: Zone;
  /** Closed on or before today. */
  closed: boolean;
  /** False when the unit lies outside the importer's scope. */
  inScope: boolean;
}

/** A parent: a stored unit, or a unit created by another row of the same sheet. */
export type UnitRef = { unitId: number } | { row: number };

export interface PlannedUnitCreate {
  row: number;
  code: string | null;
  name: string;
  kind: UnitKind;
  zone: Zone;
  /** Null: a top unit. */
  parent: UnitRef | null;
}

/** The fields of a stored unit a row can change (its parent changes by a move). */
export const UNIT_CHANGED_FIELDS = ['name', 'code', 'kind', 'zone'] as const;
export type UnitChangedField = (typeof UNIT_CHANGED_FIELDS)[number];

export interface PlannedUnitChange {
  row: number;
  unitId: number;
  fields: { field: UnitChangedField; from: string | null; to: string | null }[];
}

export interface PlannedUnitMove {
  row: number;
  unitId: number;
  fromParentId: number | null;
  to: UnitRef;
}

export interface UnitPlan {
  /** Parents before their children: apply in this order. */
  create: PlannedUnitCreate[];
  change: PlannedUnitChange[];
  /** In the order of the final tree, top first, so no step makes a cycle on the way. */
  move: PlannedUnitMove[];
  unchanged: number;
  refused: RowRefusal[];
}

export interface UnitPlanOptions {
  /** May create a top unit (the agency admin and the CLI). */
  mayCreateRoot: boolean;
  /** A unit admin's own root: they may not move it. */
  ownRootId: number | null;
}

type Node = string;
const storedNode = (id: number): Node => `u:${id}`;
const rowNode = (row: number): Node => `r:${row}`;

/**
 * Plans a units sheet against every stored unit (`stored`, with their scope).
 *
 * @example
 *   planUnits(rows, stored, mapping, { mayCreateRoot: true, ownRootId: null })
 *   // { create: [{ row: 3, name: 'Dinas Kesehatan', parent: { unitId: 1 }, … }], change: [], move: [], … }
 */
export function planUnits(
  rows: readonly UnitRow[],
  stored: readonly StoredUnit[],
  mapping: UnitColumns,
  opts: UnitPlanOptions,
): UnitPlan {
  const byId = new Map(stored.map((u) => [u.id, u]));
  const byCode = new Map<string, StoredUnit>();
  const byName = new Map<string, StoredUnit[]>();
  for (const u of stored) {
    if (u.code !== null) byCode.set(looseKey(u.code), u);
    const k = looseKey(u.name);
    byName.set(k, [...(byName.get(k) ?? []), u]);
  }
  const refused = new Map<number, RowRefusal>();
  const refuse = (
    r: UnitRow,
    field: UnitField | null,
    reason: RefusalReason,
    value: string | null,
    extra = {},
  ) => {
    if (!refused.has(r.row)) refused.set(r.row, refusalAt(r.row, mapping, field, reason, value, extra));
  };
  const ok = (r: UnitRow) => !refused.has(r.row);

  // Which stored unit each row describes (none: a new unit).
  const target = new Map<number, StoredUnit>();
  for (const r of rows) {
    let s: StoredUnit | undefined;
    if (r.code !== null) {
      s = byCode.get(looseKey(r.code));
      if (!s) {
        // A unit stored before it had a code takes the code of the row with its name.
        const uncoded = (byName.get(looseKey(r.name)) ?? []).filter((u) => u.code === null && u.inScope);
        if (uncoded.length === 1) s = uncoded[0];
      }
    } else {
      const list = byName.get(looseKey(r.name)) ?? [];
      if (list.length > 1) {
        refuse(r, 'name', 'unit_ambiguous', r.name);
        continue;
      }
      s = list[0];
    }
    if (s && !s.inScope) refuse(r, r.code !== null ? 'code' : 'name', 'unit_out_of_scope', r.code ?? r.name);
    else if (s) target.set(r.row, s);
  }
  // Two rows describing the same stored unit (one by code, one by name): neither is taken.
  const claimed = new Map<number, UnitRow[]>();
  for (const r of rows) {
    const s = target.get(r.row);
    if (s) claimed.set(s.id, [...(claimed.get(s.id) ?? []), r]);
  }
  for (const list of claimed.values()) {
    if (list.length < 2) continue;
    const others = list.map((r) => r.row).join(', ');
    for (const r of list) refuse(r, 'name', 'duplicate', r.name, { rows: others });
  }
  const nodeOf = (r: UnitRow): Node => {
    const s = target.get(r.row);
    return s ? storedNode(s.id) : rowNode(r.row);
  };

  // The parents, by code first (the file's, then the stored), then by name.
  const sheetByCode = new Map<string, UnitRow>();
  const sheetByName = new Map<string, UnitRow[]>();
  for (const r of rows) {
    if (r.code !== null) sheetByCode.set(looseKey(r.code), r);
    const k = looseKey(r.name);
    sheetByName.set(k, [...(sheetByName.get(k) ?? []), r]);
  }
  const rowOfNode = new Map<Node, UnitRow>();
  for (const r of rows) if (ok(r)) rowOfNode.set(nodeOf(r), r);
  const parentOf = new Map<number, Node | null>();
  for (const r of rows) {
    if (!ok(r)) continue;
    const s = target.get(r.row);
    if (r.parent === null) {
      if (s) {
        if (s.parentId !== null) refuse(r, 'parent', 'parent_required', null);
      } else if (!opts.mayCreateRoot) refuse(r, 'parent', 'root_forbidden', null);
      else if (r.zone === null) refuse(r, 'zone', 'zone_required', null);
      parentOf.set(r.row, null);
      continue;
    }
    const k = looseKey(r.parent);
    let p: Node | undefined;
    const codeRow = sheetByCode.get(k);
    if (codeRow) p = nodeOf(codeRow);
    else if (byCode.has(k)) p = storedNode(byCode.get(k)!.id);
    else {
      const nodes = new Set<Node>([
        ...(sheetByName.get(k) ?? []).map(nodeOf),
        ...(byName.get(k) ?? []).map((u) => storedNode(u.id)),
      ]);
      if (nodes.size > 1) {
        refuse(r, 'parent', 'parent_ambiguous', r.parent);
        continue;
      }
      p = [...nodes][0];
    }
    const parentUnit = p?.startsWith('u:') ? byId.get(Number(p.slice(2))) : undefined;
    const current = s?.parentId ?? null;
    if (p === undefined || (parentUnit && !parentUnit.inScope && parentUnit.id !== current)) {
      refuse(r, 'parent', 'parent_unknown', r.parent);
      continue;
    }
    if (p === nodeOf(r)) {
      refuse(r, 'parent', 'unit_cycle', r.name, { rows: String(r.row) });
      continue;
    }
    const moves = !s || current === null || storedNode(current) !== p;
    if (moves && parentUnit?.closed) {
      refuse(r, 'parent', 'parent_closed', r.parent);
      continue;
    }
    if (s && moves && s.id === opts.ownRootId) {
      refuse(r, 'parent', 'move_forbidden', r.name);
      continue;
    }
    parentOf.set(r.row, p);
  }

  // The tree after the import: a row's parent while its row is taken, else what is stored.
  const finalParent = (n: Node): Node | null => {
    const r = rowOfNode.get(n);
    if (r && ok(r)) return parentOf.get(r.row) ?? null;
    if (n.startsWith('u:')) {
      const pid = byId.get(Number(n.slice(2)))?.parentId ?? null;
      return pid === null ? null : storedNode(pid);
    }
    return null;
  };
  // Refusals spread: a child of a refused new unit, and every row of a cycle (refusing a
  // move leaves the unit where it is, which may close another cycle: repeat until stable).
  for (let again = true; again;) {
    again = false;
    for (const r of rows) {
      if (!ok(r)) continue;
      const p = parentOf.get(r.row) ?? null;
      if (p !== null && p.startsWith('r:') && refused.has(Number(p.slice(2)))) {
        refuse(r, 'parent', 'parent_refused', r.parent);
        again = true;
      }
    }
    for (const r of rows) {
      if (!ok(r)) continue;
      const start = nodeOf(r);
      const path: Node[] = [];
      const seen = new Set<Node>();
      for (let n: Node | null = start; n !== null && !seen.has(n); n = finalParent(n)) {
        seen.add(n);
        path.push(n);
      }
      const last = path[path.length - 1]!;
      const next = finalParent(last);
      if (next === null || !seen.has(next)) continue;
      const cycle = path.slice(path.indexOf(next));
      const cycleRows = cycle.flatMap((n) => {
        const cr = rowOfNode.get(n);
        return cr && ok(cr) ? [cr] : [];
      });
      const list = cycleRows.map((cr) => cr.row).join(', ');
      for (const cr of cycleRows) refuse(cr, 'parent', 'unit_cycle', cr.name, { rows: list });
      again = true;
    }
  }

  const depth = (n: Node): number => {
    let d = 0;
    for (let p = finalParent(n); p !== null; p = finalParent(p)) d++;
    return d;
  };
  const zoneMemo = new Map<Node, Zone>();
  const zoneOf = (n: Node): Zone => {
    const known = zoneMemo.get(n);
    if (known) return known;
    const r = rowOfNode.get(n);
    const s = n.startsWith('u:') ? byId.get(Number(n.slice(2))) : undefined;
    let z: Zone;
    if (r && ok(r) && r.zone !== null) z = r.zone;
    else if (s) z = s.zone;
    else {
      const p = finalParent(n);
      z = p === null ? 'Asia/Jakarta' : zoneOf(p);
    }
    zoneMemo.set(n, z);
    return z;
  };
  const refOf = (n: Node): UnitRef =>
    n.startsWith('u:') ? { unitId: Number(n.slice(2)) } : { row: Number(n.slice(2)) };

  const plan: UnitPlan = { create: [], change: [], move: [], unchanged: 0, refused: [] };
  const moves: { d: number; m: PlannedUnitMove }[] = [];
  const creates: { d: number; c: PlannedUnitCreate }[] = [];
  for (const r of rows) {
    if (!ok(r)) continue;
    const n = nodeOf(r);
    const p = parentOf.get(r.row) ?? null;
    const s = target.get(r.row);
    if (!s) {
      const kind: UnitKind = r.kind ?? (p === null ? 'pemda' : finalParent(p) === null ? 'opd' : 'bidang');
      creates.push({
        d: depth(n),
        c: {
          row: r.row,
          code: r.code,
          name: r.name,
          kind,
          zone: zoneOf(n),
          parent: p === null ? null : refOf(p),
        },
      });
      continue;
    }
    const fields: PlannedUnitChange['fields'] = [];
    if (s.name !== r.name) fields.push({ field: 'name', from: s.name, to: r.name });
    if (r.code !== null && s.code !== r.code) fields.push({ field: 'code', from: s.code, to: r.code });
    if (r.kind !== null && s.kind !== r.kind) fields.push({ field: 'kind', from: s.kind, to: r.kind });
    if (r.zone !== null && s.zone !== r.zone) fields.push({ field: 'zone', from: s.zone, to: r.zone });
    if (fields.length > 0) plan.change.push({ row: r.row, unitId: s.id, fields });
    const moved = p !== null && (s.parentId === null || storedNode(s.parentId) !== p);
    if (moved)
      moves.push({ d: depth(n), m: { row: r.row, unitId: s.id, fromParentId: s.parentId, to: refOf(p) } });
    if (fields.length === 0 && !moved) plan.unchanged++;
  }
  plan.create = creates.sort((a, b) => a.d - b.d || a.c.row - b.c.row).map((x) => x.c);
  plan.move = moves.sort((a, b) => a.d - b.d || a.m.row - b.m.row).map((x) => x.m);
  plan.refused = [...refused.values()].sort((a, b) => a.row - b.row);
  return plan;
}

/** True when applying the plan would write nothing. */
export function unitPlanIsEmpty(p: UnitPlan): boolean {
  return p.create.length === 0 && p.change.length === 0 && p.move.length === 0;
}
