/**
 * The column-mapping step shared by every kind of sheet (employees, units, work sites):
 * a field's column suggested from the header names an export uses, in Indonesian and
 * English; a mapping checked before any row is read; a refused cell named by its row and
 * column letter with the reason in both languages.
 */
import { refusalMessage } from './messages.js';
import type { RefusalReason } from './messages.js';
import { columnLetter, looseKey } from './sheet.js';
import type { RowRefusal } from './employee-rows.js';

/** Field → 0-based column index. */
export type Columns<F extends string> = Partial<Record<F, number>>;

/**
 * Each field to the first column not yet taken whose header (as a loose key) is one of
 * the field's names, in the order of `fields`.
 *
 * @example suggestColumns(['Kode', 'Nama Unit'], ['code', 'name'], { code: ['kode'], name: ['nama unit'] })
 *   // { code: 0, name: 1 }
 */
export function suggestColumns<F extends string>(
  headers: readonly string[],
  fields: readonly F[],
  aliases: Readonly<Record<F, readonly string[]>>,
): Columns<F> {
  const out: Columns<F> = {};
  const keys = headers.map(looseKey);
  const taken = new Set<number>();
  for (const field of fields) {
    const i = keys.findIndex((k, idx) => !taken.has(idx) && aliases[field].includes(k));
    if (i >= 0) {
      out[field] = i;
      taken.add(i);
    }
  }
  return out;
}

/**
 * Why a mapping cannot be used: one field of each group in `required` missing (reported
 * as the group's first field), a column out of range, a column used twice.
 */
export function columnProblems<F extends string>(
  mapping: Columns<F>,
  columns: number,
  fields: readonly F[],
  required: readonly (readonly F[])[],
): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  for (const group of required) {
    if (group.every((f) => mapping[f] === undefined)) out.push({ field: group[0]!, reason: 'required' });
  }
  const seen = new Set<number>();
  for (const f of fields) {
    const c = mapping[f];
    if (c === undefined) continue;
    if (!Number.isInteger(c) || c < 0 || c >= columns) out.push({ field: f, reason: 'column' });
    else if (seen.has(c)) out.push({ field: f, reason: 'duplicate_column' });
    else seen.add(c);
  }
  return out;
}

/** A refused cell (or row, when `field` is null or unmapped) of any kind of sheet. */
export function refusalAt<F extends string>(
  row: number,
  mapping: Columns<F>,
  field: F | null,
  reason: RefusalReason,
  value: string | null = null,
  extra: Record<string, string> = {},
): RowRefusal {
  const col = field === null ? undefined : mapping[field];
  const column = col === undefined ? null : columnLetter(col);
  return {
    row,
    column,
    field,
    reason,
    value: value === null ? null : value.slice(0, 100),
    message: refusalMessage(reason, {
      row: String(row),
      column: column ?? '-',
      value: value ?? '',
      ...extra,
    }),
  };
}
