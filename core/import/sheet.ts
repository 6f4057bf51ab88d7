/**
 * A spreadsheet as the importer sees it, whatever file it came from (XLSX through
 * exceljs, CSV through the CSV reader): a header row and data rows of typed cells. The
 * readers keep a cell's type because it matters: an 18-digit NIP that arrives as a
 * number has already lost its last digits, and a formula is not data.
 */

export type Cell =
  | { t: 'empty' }
  | { t: 'text'; v: string }
  /** `text` is the cell as the file shows it (CSV), when known. */
  | { t: 'number'; v: number; text?: string }
  /** A date cell, as 'YYYY-MM-DD'. */
  | { t: 'date'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'formula' }
  | { t: 'error'; v: string };

export interface Sheet {
  /** Header cells as text, in column order. */
  headers: string[];
  /** Data rows; `row` is the 1-based row number in the file (the header is row `headerRow`). */
  rows: { row: number; cells: Cell[] }[];
  headerRow: number;
}

export const EMPTY: Cell = { t: 'empty' };

/**
 * Column letters as a spreadsheet shows them: 0 → 'A', 25 → 'Z', 26 → 'AA'.
 *
 * @example columnLetter(27) // 'AB'
 */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A header or a value compared loosely: lower case, separators as single spaces, trimmed. */
export function looseKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[_.\-/()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The cell as plain text (numbers without exponent when exact), for values that are text. */
export function cellText(c: Cell): string {
  switch (c.t) {
    case 'empty':
    case 'formula':
      return '';
    case 'text':
      return c.v.trim();
    case 'number':
      return c.text?.trim() ?? (Number.isInteger(c.v) ? c.v.toFixed(0) : String(c.v));
    case 'date':
      return c.v;
    case 'bool':
      return c.v ? 'true' : 'false';
    case 'error':
      return c.v;
  }
}

/**
 * The most one imported sheet may hold, whatever its format: data rows (blank ones not
 * counted) and columns. A regency's whole staff fits in one file; a larger organisation
 * imports unit by unit. The readers stop as soon as a sheet passes either, before they
 * hold it (OWASP ASVS 5.0 5.2.1: only files the server can process without a loss of
 * performance).
 */
export const MAX_SHEET_ROWS = 20_000;
export const MAX_SHEET_COLUMNS = 256;

export interface SheetLimits {
  rows: number;
  columns: number;
}

/** A sheet refused for its size: which limit it passed. */
export interface SheetTooLarge {
  tooLarge: 'rows' | 'columns';
}

const isBlank = (r: readonly string[]) => r.every((v) => v.trim() === '');

/**
 * Parses CSV text (RFC 4180: quotes, doubled quotes, CR LF or LF line ends, a byte order
 * mark) with the delimiter a regional export uses: ';' when the header line has more
 * semicolons than commas (Excel in an Indonesian locale writes ';'), else ','. Every
 * value is text: CSV has no types, so a NIP is exactly the characters written.
 * Refuses (returns null) text with an unterminated quote. With `limits`, stops at the
 * first record past them and says which (blank lines are skipped, never kept).
 */
export function parseCsv(text: string): Sheet | null;
export function parseCsv(text: string, limits: SheetLimits): Sheet | SheetTooLarge | null;
export function parseCsv(
  text: string,
  limits: SheetLimits = { rows: Infinity, columns: Infinity },
): Sheet | SheetTooLarge | null {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let header: string[] | undefined;
  const rows: Sheet['rows'] = [];
  /** Records read so far, the header included: the next one is row `records + 1`. */
  let records = 0;
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const endRecord = (): SheetTooLarge | null => {
    record.push(field);
    field = '';
    records++;
    if (record.length > limits.columns) return { tooLarge: 'columns' };
    if (header === undefined) header = record;
    else if (!isBlank(record)) {
      if (rows.length === limits.rows) return { tooLarge: 'rows' };
      rows.push({
        row: records,
        cells: record.map((v): Cell => (v.trim() === '' ? EMPTY : { t: 'text', v })),
      });
    }
    record = [];
    return null;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      if (record.length >= limits.columns) return { tooLarge: 'columns' };
      i++;
    } else if (ch === '\n' || ch === '\r') {
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      if (header !== undefined && field === '' && record.length === 0) {
        records++; // an empty line: nothing to keep
        continue;
      }
      const over = endRecord();
      if (over) return over;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) return null;
  if (field !== '' || record.length > 0) {
    const over = endRecord();
    if (over) return over;
  }
  if (!header) return { headers: [], rows: [], headerRow: 1 };
  return { headers: header.map((h) => h.trim()), rows, headerRow: 1 };
}
