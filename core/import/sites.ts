/**
 * A sheet of work sites (nama, kode unit kerja, lat, lng, radius or a polygon, mode,
 * berlaku dari/sampai, aktif) read and planned against the stored sites: which are
 * created, changed and taken out of use, and which rows cannot be taken, with the row,
 * the column and the reason. Every drawn site passes the same check as a site drawn on
 * the map (core/sites.ts validateSite): closed, simple polygons, radius bounds per mode,
 * inside Indonesia. Pure, so the dry run and the apply compute the same plan, and
 * re-importing the applied sheet plans nothing.
 */
import type { LatLon, Shape, SiteMode } from '../model.js';
import { RADIUS_BOUNDS_M, validateSite } from '../sites.js';
import { columnProblems, refusalAt, suggestColumns } from './columns.js';
import type { Columns } from './columns.js';
import { parseSheetDate } from './employee-rows.js';
import type { RowRefusal } from './employee-rows.js';
import type { RefusalReason } from './messages.js';
import { cellText, EMPTY, looseKey } from './sheet.js';
import type { Cell, Sheet } from './sheet.js';

export const SITE_FIELDS = [
  'name',
  'unitCode',
  'unit',
  'nip',
  'lat',
  'lng',
  'radius',
  'polygon',
  'mode',
  'validFrom',
  'validTo',
  'active',
] as const;
export type SiteField = (typeof SITE_FIELDS)[number];
export type SiteColumns = Columns<SiteField>;

const SITE_ALIASES: Readonly<Record<SiteField, readonly string[]>> = {
  name: [
    'nama lokasi',
    'nama tempat',
    'nama kantor',
    'lokasi',
    'lokasi kerja',
    'nama',
    'name',
    'site',
    'site name',
  ],
  unitCode: ['kode unit kerja', 'kode unit', 'kode unor', 'unor id', 'kode satker', 'unit code'],
  unit: ['unit kerja', 'nama unit kerja', 'nama unit', 'unor', 'opd', 'unit'],
  nip: ['nip', 'nip pegawai', 'nip baru', 'employee nip'],
  lat: ['lat', 'latitude', 'lintang'],
  lng: ['lng', 'lon', 'long', 'longitude', 'bujur'],
  radius: ['radius', 'radius m', 'radius meter', 'jari jari', 'jari jari m', 'radius (m)'],
  polygon: ['poligon', 'polygon', 'wkt', 'batas', 'batas area', 'area'],
  mode: ['mode', 'jenis lokasi', 'jenis', 'tipe', 'type'],
  validFrom: [
    'berlaku dari',
    'berlaku mulai',
    'mulai berlaku',
    'mulai',
    'dari',
    'valid from',
    'active from',
    'from',
  ],
  validTo: [
    'berlaku sampai',
    'berlaku hingga',
    'sampai',
    'hingga',
    'selesai',
    'valid to',
    'active to',
    'until',
    'to',
  ],
  active: ['aktif', 'status aktif', 'active'],
};

/** The mapping a sites sheet's headers suggest. */
export function suggestSiteMapping(headers: readonly string[]): SiteColumns {
  return suggestColumns(headers, SITE_FIELDS, SITE_ALIASES);
}

/** Why a sites mapping cannot be used: name, a unit (or a NIP), and a circle or a polygon are required. */
export function siteMappingProblems(mapping: SiteColumns, columns: number) {
  const out = columnProblems(mapping, columns, SITE_FIELDS, [['name'], ['unitCode', 'unit', 'nip']]);
  const circle = mapping.lat !== undefined && mapping.lng !== undefined && mapping.radius !== undefined;
  if (!circle && mapping.polygon === undefined) out.push({ field: 'lat', reason: 'required' });
  return out;
}

/** A site as a row describes it; the unit (or the person) is still a reference to resolve. */
export interface SiteRow {
  row: number;
  name: string;
  unitCode: string | null;
  unitName: string | null;
  /** A person's site (WFH): the employee's NIP. */
  nip: string | null;
  mode: SiteMode;
  /** As validateSite returns it (a polygon without its closing point). */
  shape: Shape;
  validFrom: string | null;
  validTo: string | null;
  /** Null when the column is absent or empty (active). */
  active: boolean | null;
}

const TRUE = new Set(['1', 'ya', 'y', 'aktif', 'true', 'yes', 'active']);
const FALSE = new Set([
  '0',
  'tidak',
  't',
  'n',
  'tidak aktif',
  'nonaktif',
  'non aktif',
  'false',
  'no',
  'inactive',
]);
const MODES: Readonly<Record<string, SiteMode>> = {
  office: 'office',
  kantor: 'office',
  'kantor unit': 'office',
  wfh: 'wfh',
  rumah: 'wfh',
  'kerja dari rumah': 'wfh',
  'work from home': 'wfh',
};

/** A number cell, or text with '.' or a lone ',' as the decimal mark (an Indonesian locale). */
function numberOf(c: Cell): number | null {
  if (c.t === 'number') return c.v;
  let s = cellText(c).replace(/\s+/g, '');
  if (!s.includes('.') && (s.match(/,/g)?.length ?? 0) === 1) s = s.replace(',', '.');
  return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : null;
}

/**
 * A polygon as WKT, `POLYGON((lng lat, lng lat, …))` (x is the longitude), or as a list
 * `lat lng; lat lng; …` (or `lat,lng; …`), as a map shows a point. Null when neither.
 *
 * @example parsePolygon('-6.85 107.92; -6.85 107.93; -6.86 107.93') // three points
 */
export function parsePolygon(text: string): LatLon[] | null {
  const wkt = /^\s*polygon\s*\(\(\s*([^()]*?)\s*\)\)\s*$/i.exec(text);
  const pairs = wkt ? wkt[1]!.split(',') : text.split(';');
  const points: LatLon[] = [];
  for (const raw of pairs) {
    const p = raw.trim();
    if (p === '') continue;
    const parts = p.split(wkt ? /\s+/ : /[\s,]+/);
    if (parts.length !== 2 || !parts.every((x) => /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(x))) return null;
    const [a, b] = parts.map(Number) as [number, number];
    points.push(wkt ? { lat: b, lon: a } : { lat: a, lon: b });
  }
  return points.length > 0 ? points : null;
}

/** Reads one data row: the site, or every refusal of the row. */
export function parseSiteRow(
  row: number,
  cells: readonly Cell[],
  mapping: SiteColumns,
): { ok: true; value: SiteRow } | { ok: false; refusals: RowRefusal[] } {
  const refusals: RowRefusal[] = [];
  const refuse = (f: SiteField | null, reason: RefusalReason, value: string | null = null, extra = {}) =>
    refusals.push(refusalAt(row, mapping, f, reason, value, extra));
  const cell = (f: SiteField): Cell => {
    const i = mapping[f];
    return i === undefined ? EMPTY : (cells[i] ?? EMPTY);
  };
  for (const f of SITE_FIELDS) {
    const c = cell(f);
    if (c.t === 'formula') refuse(f, 'formula');
    if (c.t === 'error') refuse(f, 'error_cell', c.v);
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const text = (f: SiteField) => cellText(cell(f)).replace(/\s+/g, ' ').trim();

  const name = text('name');
  if (name.length > 200) refuse('name', 'too_long', name);
  const unitCode = text('unitCode') || null;
  const unitName = text('unit') || null;
  const nip = text('nip') || null;
  if (nip === null && unitCode === null && unitName === null) {
    refuse(mapping.unitCode !== undefined ? 'unitCode' : 'unit', 'unit_required');
  }

  let mode: SiteMode = nip !== null ? 'wfh' : 'office';
  if (text('mode') !== '') {
    const m = MODES[looseKey(text('mode'))];
    if (m === undefined) refuse('mode', 'site_mode_unknown', text('mode'));
    else mode = m;
  }
  if (mode === 'wfh' && nip === null) refuse('nip', 'site_person_required');

  const circleGiven = (['lat', 'lng', 'radius'] as const).some((f) => cell(f).t !== 'empty');
  const polygonText = text('polygon');
  let shape: Shape | null = null;
  if (circleGiven && polygonText !== '') refuse('polygon', 'site_shape_both');
  else if (polygonText !== '') {
    const points = parsePolygon(polygonText);
    if (points === null) refuse('polygon', 'polygon_format', polygonText);
    else shape = { type: 'polygon', points };
  } else if (!circleGiven) {
    refuse(mapping.lat !== undefined ? 'lat' : 'polygon', 'site_shape_required');
  } else {
    const nums = (['lat', 'lng', 'radius'] as const).map((f) => {
      const n = numberOf(cell(f));
      if (n === null) refuse(f, cell(f).t === 'empty' ? 'site_shape_required' : 'number_format', text(f));
      return n;
    });
    if (nums.every((n) => n !== null)) {
      const [lat, lon, radiusM] = nums as [number, number, number];
      shape = { type: 'circle', center: { lat, lon }, radiusM };
    }
  }

  const date = (f: 'validFrom' | 'validTo'): string | null => {
    if (cell(f).t === 'empty') return null;
    const d = parseSheetDate(cell(f));
    if (d === null) refuse(f, 'date_format', text(f));
    return d;
  };
  const validFrom = date('validFrom');
  const validTo = date('validTo');
  let active: boolean | null = null;
  const activeCell = cell('active');
  if (activeCell.t === 'bool') active = activeCell.v;
  else if (activeCell.t !== 'empty') {
    const k = looseKey(cellText(activeCell));
    active = TRUE.has(k) ? true : FALSE.has(k) ? false : null;
    if (active === null) refuse('active', 'active_unknown', cellText(activeCell));
  }

  // The check every drawn site passes, map or import alike.
  let checked: Shape | null = null;
  if (shape !== null) {
    const v = validateSite({ name, mode, shape, validFrom, validTo, letter: null });
    if (v.ok) checked = v.value.shape;
    else {
      const shapeField: SiteField = shape.type === 'polygon' ? 'polygon' : 'lat';
      for (const d of v.details ?? []) {
        if (d.field === 'name') refuse('name', 'name_required');
        else if (d.field === 'validFrom' || d.field === 'validTo') {
          if (!refusals.some((x) => x.field === d.field))
            refuse(
              d.field,
              d.reason === 'order' ? 'date_order' : 'date_format',
              d.field === 'validTo' ? (validTo ?? '') : (validFrom ?? ''),
            );
        } else if (d.reason === 'radius') {
          const b = RADIUS_BOUNDS_M[mode];
          refuse('radius', 'site_radius', text('radius'), { why: `${b.min}–${b.max} m` });
        } else if (d.reason === 'points') refuse(shapeField, 'site_points');
        else if (d.reason === 'self_intersecting') refuse(shapeField, 'site_self_intersecting');
        else if (d.reason === 'too_many_points') refuse(shapeField, 'site_too_many_points');
        else if (d.reason === 'outside_indonesia') refuse(shapeField, 'site_outside_indonesia');
        else refuse(shapeField, 'site_coordinates');
      }
    }
  } else if (name === '') refuse('name', 'name_required');

  if (refusals.length > 0 || checked === null) return { ok: false, refusals };
  return {
    ok: true,
    value: { row, name, unitCode, unitName, nip, mode, shape: checked, validFrom, validTo, active },
  };
}

/** Reads every data row (duplicates are found by the planner, once units are resolved). */
export function parseSiteSheet(
  sheet: Sheet,
  mapping: SiteColumns,
): { rows: SiteRow[]; refusals: RowRefusal[] } {
  const rows: SiteRow[] = [];
  const refusals: RowRefusal[] = [];
  for (const r of sheet.rows) {
    const p = parseSiteRow(r.row, r.cells, mapping);
    if (p.ok) rows.push(p.value);
    else refusals.push(...p.refusals);
  }
  return { rows, refusals };
}

/** A unit a sites sheet may name (within the importer's scope). */
export interface SiteUnit {
  id: number;
  name: string;
  code: string | null;
  closed: boolean;
}

/** A stored site as the planner needs it. */
export interface StoredSite {
  id: number;
  unitId: number;
  employeeId: number | null;
  name: string;
  mode: SiteMode;
  shape: Shape;
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
}

/** What a site becomes: every field a row sets. */
export interface SiteValues {
  name: string;
  mode: SiteMode;
  shape: Shape;
  validFrom: string | null;
  validTo: string | null;
  active: boolean;
}

export interface PlannedSiteCreate extends SiteValues {
  row: number;
  unitId: number;
  employeeId: number | null;
}

/** The fields of a stored site a row can change. */
export const SITE_CHANGED_FIELDS = ['name', 'mode', 'shape', 'validFrom', 'validTo', 'active'] as const;
export type SiteChangedField = (typeof SITE_CHANGED_FIELDS)[number];

export interface PlannedSiteChange {
  row: number;
  siteId: number;
  fields: { field: SiteChangedField; from: string | null; to: string | null }[];
  /** The site after the change. */
  next: SiteValues;
}

export interface PlannedSiteDeactivation {
  row: number;
  siteId: number;
  next: SiteValues;
}

export interface SitePlan {
  create: PlannedSiteCreate[];
  change: PlannedSiteChange[];
  deactivate: PlannedSiteDeactivation[];
  unchanged: number;
  refused: RowRefusal[];
}

/** A shape as one line, for the dry run and the audit: 'circle -6.85,107.92 r 100' or 'polygon -6.85,107.92 …'. */
export function shapeSummary(s: Shape): string {
  return s.type === 'circle'
    ? `circle ${s.center.lat},${s.center.lon} r ${s.radiusM}`
    : `polygon ${s.points.map((p) => `${p.lat},${p.lon}`).join(' ')}`;
}

/**
 * Plans a sites sheet. `units` are the units the importer may use; `people` the
 * employees in scope by NIP that the sheet names; `stored` the sites of the scope.
 */
export function planSites(
  rows: readonly SiteRow[],
  units: readonly SiteUnit[],
  people: ReadonlyMap<string, { id: number; unitId: number }>,
  stored: readonly StoredSite[],
  mapping: SiteColumns,
): SitePlan {
  const byCode = new Map<string, SiteUnit>();
  const byName = new Map<string, SiteUnit[]>();
  for (const u of units) {
    if (u.code !== null) byCode.set(looseKey(u.code), u);
    byName.set(looseKey(u.name), [...(byName.get(looseKey(u.name)) ?? []), u]);
  }
  const siteKey = (unitId: number, employeeId: number | null, name: string) =>
    employeeId !== null ? `p:${employeeId}:${looseKey(name)}` : `u:${unitId}:${looseKey(name)}`;
  const storedByKey = new Map<string, StoredSite[]>();
  for (const s of stored) {
    const k = siteKey(s.unitId, s.employeeId, s.name);
    storedByKey.set(k, [...(storedByKey.get(k) ?? []), s]);
  }
  const plan: SitePlan = { create: [], change: [], deactivate: [], unchanged: 0, refused: [] };
  const resolved: {
    r: SiteRow;
    unit: SiteUnit | null;
    unitId: number;
    employeeId: number | null;
    key: string;
  }[] = [];
  for (const r of rows) {
    let unitId: number;
    let employeeId: number | null = null;
    let unit: SiteUnit | null = null;
    if (r.nip !== null) {
      const p = people.get(r.nip);
      if (!p) {
        plan.refused.push(refusalAt(r.row, mapping, 'nip', 'employee_unknown', r.nip));
        continue;
      }
      unitId = p.unitId;
      employeeId = p.id;
    } else {
      const field: SiteField = r.unitCode !== null ? 'unitCode' : 'unit';
      const list =
        r.unitCode !== null
          ? [byCode.get(looseKey(r.unitCode))].filter((u) => u !== undefined)
          : (byName.get(looseKey(r.unitName ?? '')) ?? []);
      if (list.length !== 1) {
        const reason = list.length === 0 ? 'unit_unknown' : 'unit_ambiguous';
        plan.refused.push(refusalAt(r.row, mapping, field, reason, r.unitCode ?? r.unitName));
        continue;
      }
      unit = list[0]!;
      unitId = unit.id;
    }
    resolved.push({ r, unit, unitId, employeeId, key: siteKey(unitId, employeeId, r.name) });
  }
  const rowsByKey = new Map<string, number[]>();
  for (const x of resolved) rowsByKey.set(x.key, [...(rowsByKey.get(x.key) ?? []), x.r.row]);

  for (const { r, unit, unitId, employeeId, key } of resolved) {
    const same = rowsByKey.get(key)!;
    if (same.length > 1) {
      plan.refused.push(refusalAt(r.row, mapping, 'name', 'duplicate', r.name, { rows: same.join(', ') }));
      continue;
    }
    const found = storedByKey.get(key) ?? [];
    if (found.length > 1) {
      plan.refused.push(refusalAt(r.row, mapping, 'name', 'site_ambiguous', r.name));
      continue;
    }
    const wantsActive = r.active !== false;
    const next: SiteValues = {
      name: r.name,
      mode: r.mode,
      shape: r.shape,
      validFrom: r.validFrom,
      validTo: r.validTo,
      active: wantsActive,
    };
    const current = found[0];
    if (!current) {
      if (!wantsActive) {
        plan.unchanged++;
        continue;
      }
      if (unit?.closed) {
        plan.refused.push(
          refusalAt(
            r.row,
            mapping,
            r.unitCode !== null ? 'unitCode' : 'unit',
            'unit_closed',
            r.unitCode ?? r.unitName,
          ),
        );
        continue;
      }
      plan.create.push({ row: r.row, unitId, employeeId, ...next });
      continue;
    }
    const fields: PlannedSiteChange['fields'] = [];
    if (current.name !== r.name) fields.push({ field: 'name', from: current.name, to: r.name });
    if (current.mode !== r.mode) fields.push({ field: 'mode', from: current.mode, to: r.mode });
    if (shapeSummary(current.shape) !== shapeSummary(r.shape))
      fields.push({ field: 'shape', from: shapeSummary(current.shape), to: shapeSummary(r.shape) });
    if (current.validFrom !== r.validFrom)
      fields.push({ field: 'validFrom', from: current.validFrom, to: r.validFrom });
    if (current.validTo !== r.validTo)
      fields.push({ field: 'validTo', from: current.validTo, to: r.validTo });
    if (wantsActive && !current.active) fields.push({ field: 'active', from: 'false', to: 'true' });
    if (fields.length > 0) plan.change.push({ row: r.row, siteId: current.id, fields, next });
    const deactivates = !wantsActive && current.active;
    if (deactivates) plan.deactivate.push({ row: r.row, siteId: current.id, next });
    if (fields.length === 0 && !deactivates) plan.unchanged++;
  }
  plan.refused.sort((a, b) => a.row - b.row);
  return plan;
}

/** True when applying the plan would write nothing. */
export function sitePlanIsEmpty(p: SitePlan): boolean {
  return p.create.length === 0 && p.change.length === 0 && p.deactivate.length === 0;
}
