/**
 * CSV for spreadsheets set to Indonesian: UTF-8 with a byte order mark (so Excel reads
 * the names right), semicolon-separated and with a decimal comma — Excel in the id-ID
 * locale uses the comma as decimal separator and expects ';' between fields. Fields
 * with a semicolon, quote or line break are quoted (RFC 4180 rules, with ';').
 * The title, subtitle and notes lines come first and last, each in the first column.
 */
import type { Cell, ReportTable } from './report.js';

function field(c: Cell): string {
  if (c === null) return '';
  const s = typeof c === 'number' ? String(c).replace('.', ',') : c;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV bytes of a report. */
export function renderCsv(t: ReportTable): Buffer {
  const lines: string[] = [field(t.title), ...t.subtitle.map(field), ''];
  lines.push(t.columns.map((c) => field(c.header)).join(';'));
  for (const r of t.rows) lines.push(r.map(field).join(';'));
  if (t.totals) lines.push(t.totals.map(field).join(';'));
  if (t.notes.length > 0) lines.push('', ...t.notes.map(field));
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
