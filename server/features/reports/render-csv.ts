/**
 * CSV for spreadsheets set to Indonesian: UTF-8 with a byte order mark (so Excel reads
 * the names right), semicolon-separated and with a decimal comma — Excel in the id-ID
 * locale uses the comma as decimal separator and expects ';' between fields. Fields
 * with a semicolon, quote or line break are quoted (RFC 4180 rules, with ';').
 * The title, subtitle and notes lines come first and last, each in the first column.
 *
 * Two things a spreadsheet would otherwise do to the text:
 * - Identifiers (NIP: 18 digits) are written as `="198609262015051001"`, the form Excel
 *   and LibreOffice read as text: a bare 18-digit number is kept to 15 significant
 *   digits and the NIP is lost. Only all-digit values of identifier columns get it.
 * - Formula injection (OWASP ASVS 5.0 requirement 1.2.10, CSV and formula injection):
 *   a text cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a null
 *   character would be run as a formula (a holiday named `=HYPERLINK(…)`), so it is
 *   written with a leading single quote, which the spreadsheet shows as text. Numbers
 *   are written as numbers (a negative number is not text).
 */
import type { Cell, Column, ReportTable } from './report.js';

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** A text value made safe to open in a spreadsheet (see the module comment). */
export function guardFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function quote(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function field(c: Cell, column?: Column): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c).replace('.', ',');
  if (column?.id && /^\d+$/.test(c)) return quote(`="${c}"`);
  return quote(guardFormula(c));
}

/** The CSV bytes of a report. */
export function renderCsv(t: ReportTable): Buffer {
  const lines: string[] = [field(t.title), ...t.subtitle.map((s) => field(s)), ''];
  lines.push(t.columns.map((c) => field(c.header)).join(';'));
  for (const r of t.rows) lines.push(r.map((c, i) => field(c, t.columns[i])).join(';'));
  if (t.totals) lines.push(t.totals.map((c, i) => field(c, t.columns[i])).join(';'));
  if (t.notes.length > 0) lines.push('', ...t.notes.map((n) => field(n)));
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** Parses a CSV made by {@link renderCsv} back into rows of strings (for tests and tools). */
export function parseCsv(data: Buffer | string): string[][] {
  let s = typeof data === 'string' ? data : data.toString('utf8');
  if (s.startsWith('\uFEFF')) s = s.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(cur);
      cur = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}
