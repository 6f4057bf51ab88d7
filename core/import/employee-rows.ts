/**
 * Rows of an employee sheet (a SIASN or SIMPEG export, or a sheet an officer made) read
 * into employees, or refused with the reason, the row and the column. Pure: the file
 * readers turn bytes into a {@link Sheet}, the planner (plan.ts) compares the rows with
 * the database.
 */
import { normalizeRank, validateEmployeeIdentity } from '../employee.js';
import type { EmployeeKind } from '../model.js';
import { nipLooksMangled, parseNip } from '../nip.js';
import { isValidDate } from '../time.js';
import { refusalAt } from './columns.js';
import type { RefusalReason } from './messages.js';
import { cellText, EMPTY, looseKey } from './sheet.js';
import type { Cell, Sheet } from './sheet.js';

/** What a column of an employee sheet can hold. */
export const EMPLOYEE_FIELDS = [
  'nip',
  'internalId',
  'name',
  'kind',
  'unit',
  'unitCode',
  'position',
  'rank',
  'attendanceFrom',
  'active',
] as const;
export type EmployeeField = (typeof EMPLOYEE_FIELDS)[number];

/** Field → 0-based column index. */
export type ColumnMapping = Partial<Record<EmployeeField, number>>;

/**
 * Header names seen in SIASN (BKN) and SIMPEG exports and in sheets officers make, as
 * loose keys (see looseKey). The first column whose header matches wins.
 */
const ALIASES: Readonly<Record<EmployeeField, readonly string[]>> = {
  nip: ['nip', 'nip baru', 'nipbaru', 'nip 18', 'ni pppk', 'nip nipppk', 'nip ni pppk'],
  internalId: ['nomor pegawai', 'no pegawai', 'id pegawai', 'nomor non asn', 'nik pegawai', 'internal id'],
  name: ['nama', 'nama lengkap', 'nama pegawai', 'name'],
  kind: ['status kepegawaian', 'status pegawai', 'jenis pegawai', 'jenis kepegawaian', 'kind'],
  unit: ['unit kerja', 'unor', 'unor nama', 'nama unor', 'satuan kerja', 'nama unit kerja', 'unit', 'opd'],
  unitCode: ['kode unit kerja', 'kode unor', 'unor id', 'id unor', 'kode unit', 'unit code'],
  position: ['jabatan', 'nama jabatan', 'jabatan nama', 'position'],
  rank: ['golongan', 'gol', 'gol ruang', 'golongan ruang', 'pangkat golongan', 'golongan akhir', 'rank'],
  attendanceFrom: ['mulai presensi', 'tmt presensi', 'tanggal mulai presensi', 'attendance from'],
  active: ['aktif', 'status aktif', 'active'],
};

/**
 * The mapping a sheet's headers suggest: each field to the first column whose header is
 * one of its known names. The officer confirms or corrects it (the column-mapping step).
 *
 * @example suggestMapping(['NIP Baru', 'Nama', 'Unit Kerja']) // { nip: 0, name: 1, unit: 2 }
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const keys = headers.map(looseKey);
  const taken = new Set<number>();
  for (const field of EMPLOYEE_FIELDS) {
    const i = keys.findIndex((k, idx) => !taken.has(idx) && ALIASES[field].includes(k));
    if (i >= 0) {
      out[field] = i;
      taken.add(i);
    }
  }
  return out;
}

/** Why a mapping cannot be used: a required field missing, a column out of range or used twice. */
export function mappingProblems(
  mapping: ColumnMapping,
  columns: number,
): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  if (mapping.name === undefined) out.push({ field: 'name', reason: 'required' });
  if (mapping.unit === undefined && mapping.unitCode === undefined)
    out.push({ field: 'unit', reason: 'required' });
  if (mapping.nip === undefined && mapping.internalId === undefined)
    out.push({ field: 'nip', reason: 'required' });
  const seen = new Map<number, string>();
  for (const f of EMPLOYEE_FIELDS) {
    const c = mapping[f];
    if (c === undefined) continue;
    if (!Number.isInteger(c) || c < 0 || c >= columns) out.push({ field: f, reason: 'column' });
    else if (seen.has(c)) out.push({ field: f, reason: 'duplicate_column' });
    else seen.set(c, f);
  }
  return out;
}

/** One refused row (or cell), with where it is and why, in both languages. */
export interface RowRefusal {
  /** 1-based row number in the file. */
  row: number;
  /** Column letter ('A'…), or null when the reason concerns the whole row. */
  column: string | null;
  field: string | null;
  reason: RefusalReason;
  /** The offending text, when it helps (never longer than 100 characters). */
  value: string | null;
  message: { id: string; en: string };
}

/** An employee as a row describes it; the unit is still a reference to resolve. */
export interface EmployeeRow {
  row: number;
  kind: EmployeeKind;
  nip: string | null;
  internalId: string | null;
  name: string;
  unitName: string | null;
  unitCode: string | null;
  position: string;
  rank: string | null;
  /** Null when the column is absent or empty (keep what is stored). */
  attendanceFrom: string | null;
  /** Null when the column is absent or empty (active). */
  active: boolean | null;
}

export function refusal(
  row: number,
  mapping: ColumnMapping,
  field: EmployeeField | null,
  reason: RefusalReason,
  value: string | null = null,
  extra: Record<string, string> = {},
): RowRefusal {
  return refusalAt(row, mapping, field, reason, value, extra);
}

const KINDS: Readonly<Record<string, EmployeeKind>> = {
  pns: 'pns',
  cpns: 'pns',
  'pegawai negeri sipil': 'pns',
  pppk: 'pppk',
  p3k: 'pppk',
  'pegawai pemerintah dengan perjanjian kerja': 'pppk',
  'non asn': 'non_asn',
  nonasn: 'non_asn',
  'non pns': 'non_asn',
  honorer: 'non_asn',
  thl: 'non_asn',
  ptt: 'non_asn',
  'tenaga kontrak': 'non_asn',
  'tenaga harian lepas': 'non_asn',
  outsourcing: 'non_asn',
};

const TRUE = new Set(['1', 'ya', 'y', 'aktif', 'true', 'yes', 'active']);
const FALSE = new Set([
  '0',
  'tidak',
  't',
  'n',
  'tidak aktif',
  'nonaktif',
  'non aktif',
  'pensiun',
  'berhenti',
  'false',
  'no',
  'inactive',
]);

/** 'YYYY-MM-DD', 'DD-MM-YYYY' or 'DD/MM/YYYY' (the Indonesian order) → 'YYYY-MM-DD', or null. */
export function parseSheetDate(c: Cell): string | null {
  if (c.t === 'date') return c.v;
  const s = cellText(c);
  let iso = s;
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return isValidDate(iso) ? iso : null;
}

/**
 * Reads one data row with a mapping. Returns the employee or every refusal of the row
 * (a row is taken whole or not at all). The NIP decides the kind when no kind column is
 * mapped; a kind column that disagrees with the NIP is refused.
 */
export function parseEmployeeRow(
  row: number,
  cells: readonly Cell[],
  mapping: ColumnMapping,
): { ok: true; value: EmployeeRow } | { ok: false; refusals: RowRefusal[] } {
  const refusals: RowRefusal[] = [];
  const cell = (f: EmployeeField): Cell => {
    const i = mapping[f];
    return i === undefined ? EMPTY : (cells[i] ?? EMPTY);
  };
  for (const f of EMPLOYEE_FIELDS) {
    const c = cell(f);
    if (c.t === 'formula') refusals.push(refusal(row, mapping, f, 'formula'));
    if (c.t === 'error') refusals.push(refusal(row, mapping, f, 'error_cell', c.v));
  }
  if (refusals.length > 0) return { ok: false, refusals };

  const text = (f: EmployeeField) => cellText(cell(f));
  const name = text('name').replace(/\s+/g, ' ');
  if (name === '') refusals.push(refusal(row, mapping, 'name', 'name_required'));
  else if (name.length > 200) refusals.push(refusal(row, mapping, 'name', 'too_long', name));

  // The NIP: a number cell or a text that a spreadsheet has rounded cannot be trusted.
  const nipCell = cell('nip');
  const nipText = text('nip');
  let nip: string | null = null;
  if (nipCell.t === 'number' || (nipText !== '' && nipLooksMangled(nipText))) {
    refusals.push(refusal(row, mapping, 'nip', 'nip_excel', nipText));
  } else if (nipText !== '') {
    nip = nipText;
  }
  const internalId = text('internalId') || null;

  let kind: EmployeeKind | null = null;
  const kindText = text('kind');
  if (kindText !== '') {
    kind = KINDS[looseKey(kindText)] ?? null;
    if (kind === null) refusals.push(refusal(row, mapping, 'kind', 'kind_unknown', kindText));
  }
  if (nip !== null) {
    const parsed = parseNip(nip);
    if (!parsed.ok) {
      const why = parsed.details?.[0]?.reason ?? 'digits';
      refusals.push(refusal(row, mapping, 'nip', 'nip_invalid', nipText, { why }));
    } else if (kind === null && kindText === '') {
      kind = parsed.value.kind;
    } else if (kind !== null && kind !== parsed.value.kind) {
      refusals.push(
        refusal(row, mapping, 'kind', 'kind_mismatch', kindText, {
          nipKind: parsed.value.kind.toUpperCase(),
        }),
      );
    }
  } else if (kind === null && kindText === '' && nipCell.t !== 'number' && nipText === '') {
    kind = internalId !== null ? 'non_asn' : null;
    if (kind === null) refusals.push(refusal(row, mapping, 'nip', 'nip_required'));
  }

  const unitName = text('unit').replace(/\s+/g, ' ') || null;
  const unitCode = text('unitCode') || null;
  if (unitName === null && unitCode === null) {
    refusals.push(refusal(row, mapping, mapping.unit !== undefined ? 'unit' : 'unitCode', 'unit_required'));
  }
  const position = text('position').replace(/\s+/g, ' ');
  if (position.length > 200) refusals.push(refusal(row, mapping, 'position', 'too_long', position));

  let attendanceFrom: string | null = null;
  if (cell('attendanceFrom').t !== 'empty') {
    attendanceFrom = parseSheetDate(cell('attendanceFrom'));
    if (attendanceFrom === null)
      refusals.push(refusal(row, mapping, 'attendanceFrom', 'date_format', text('attendanceFrom')));
  }
  let active: boolean | null = null;
  const activeCell = cell('active');
  if (activeCell.t === 'bool') active = activeCell.v;
  else if (activeCell.t !== 'empty') {
    const k = looseKey(cellText(activeCell));
    active = TRUE.has(k) ? true : FALSE.has(k) ? false : null;
    if (active === null)
      refusals.push(refusal(row, mapping, 'active', 'active_unknown', cellText(activeCell)));
  }

  if (kind !== null && refusals.every((r) => r.field !== 'nip' && r.field !== 'kind')) {
    const identity = validateEmployeeIdentity(kind, nip, kind === 'non_asn' ? internalId : null);
    if (!identity.ok) {
      const d = identity.details?.[0];
      const field: EmployeeField = d?.field === 'internalId' ? 'internalId' : 'nip';
      const reason: RefusalReason =
        d?.reason === 'not_allowed' && field === 'nip'
          ? 'nip_not_allowed'
          : field === 'internalId'
            ? 'internal_id_invalid'
            : d?.reason === 'required'
              ? 'nip_required'
              : 'nip_invalid';
      refusals.push(
        refusal(row, mapping, field, reason, field === 'nip' ? nipText : (internalId ?? ''), {
          why: d?.reason ?? '',
        }),
      );
    } else {
      nip = identity.value.nip;
    }
  }
  let rank: string | null = null;
  if (kind !== null) {
    const r = normalizeRank(kind, text('rank') || null);
    if (!r.ok) {
      const why = r.details?.[0]?.reason;
      refusals.push(
        refusal(
          row,
          mapping,
          'rank',
          why === 'not_allowed' ? 'rank_not_allowed' : 'rank_format',
          text('rank'),
        ),
      );
    } else rank = r.value;
  }

  if (refusals.length > 0 || kind === null) return { ok: false, refusals };
  return {
    ok: true,
    value: {
      row,
      kind,
      nip,
      internalId: kind === 'non_asn' ? internalId : null,
      name,
      unitName,
      unitCode,
      position,
      rank,
      attendanceFrom,
      active,
    },
  };
}

/**
 * Reads every data row of a sheet; rows with the same NIP (or internal id) are all
 * refused, since which of them is right cannot be known.
 */
export function parseEmployeeSheet(
  sheet: Sheet,
  mapping: ColumnMapping,
): { rows: EmployeeRow[]; refusals: RowRefusal[] } {
  const rows: EmployeeRow[] = [];
  const refusals: RowRefusal[] = [];
  for (const r of sheet.rows) {
    const p = parseEmployeeRow(r.row, r.cells, mapping);
    if (p.ok) rows.push(p.value);
    else refusals.push(...p.refusals);
  }
  const byKey = new Map<string, EmployeeRow[]>();
  for (const r of rows) {
    const key = r.nip !== null ? `nip:${r.nip}` : `id:${r.internalId ?? ''}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const duplicates = new Set<EmployeeRow>();
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    const others = list.map((r) => r.row).join(', ');
    for (const r of list) {
      duplicates.add(r);
      const field: EmployeeField = r.nip !== null ? 'nip' : 'internalId';
      refusals.push(refusal(r.row, mapping, field, 'duplicate', r.nip ?? r.internalId, { rows: others }));
    }
  }
  refusals.sort((a, b) => a.row - b.row);
  return { rows: rows.filter((r) => !duplicates.has(r)), refusals };
}
