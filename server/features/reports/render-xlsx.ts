/**
 * XLSX with exceljs: one sheet, the title and subtitle above the table, bold headers,
 * numbers as numbers (so totals can be re-added in Excel), a bold totals row, notes
 * below; A4 page setup, fit to width, header row repeated on every printed page.
 */
import ExcelJS from 'exceljs';
import type { ReportTable } from './report.js';

/** Row number (1-based) of the header row in the sheet. */
export function headerRowOf(t: ReportTable): number {
  return t.subtitle.length + 3;
}

export async function renderXlsx(t: ReportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hadir';
  const ws = wb.addWorksheet(t.slug.slice(0, 31), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: t.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  ws.addRow([t.title]).font = { bold: true, size: 13 };
  for (const s of t.subtitle) ws.addRow([s]);
  ws.addRow([]);
  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    if (c.numeric) col.alignment = { horizontal: 'right' };
  });
  for (const r of t.rows) ws.addRow(r);
  if (t.totals) ws.addRow(t.totals).font = { bold: true };
  if (t.notes.length > 0) {
    ws.addRow([]);
    for (const n of t.notes) ws.addRow([n]).font = { italic: true, size: 9 };
  }
  const h = headerRowOf(t);
  ws.pageSetup.printTitlesRow = `${h}:${h}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
