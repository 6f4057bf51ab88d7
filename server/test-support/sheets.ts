/** Spreadsheets for the import tests, written with exceljs as Excel would save them. */
import ExcelJS from 'exceljs';

export type SheetValue = string | number | { formula: string } | null;

/** An XLSX workbook of one sheet: a header row and data rows, text cells typed as text. */
export async function makeXlsx(
  headers: readonly string[],
  rows: readonly (readonly SheetValue[])[],
  opts: { mergeHeader?: string; titleRow?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Pegawai');
  if (opts.titleRow !== undefined) ws.addRow([opts.titleRow]);
  ws.addRow([...headers]);
  for (const r of rows)
    ws.addRow(r.map((v) => (v !== null && typeof v === 'object' ? { formula: v.formula } : v)));
  if (opts.mergeHeader) ws.mergeCells(opts.mergeHeader);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text with ';' (as Excel writes it in an Indonesian locale), quoting where needed. */
export function makeCsv(headers: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const q = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from([headers, ...rows].map((r) => r.map(q).join(';')).join('\r\n') + '\r\n', 'utf8');
}
