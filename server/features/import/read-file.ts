/**
 * Turns an uploaded file into a Sheet (core/import/sheet.ts), refusing what cannot be
 * read safely: a file that is neither XLSX nor CSV (an old .xls among them), an
 * encrypted workbook, merged cells in the header row. Cell types are kept, so a NIP
 * that Excel stored as a number is seen as one and refused by the row parser.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../core/errors.js';
import { EMPTY, parseCsv } from '../../../core/import/sheet.js';
import type { Cell, Sheet } from '../../../core/import/sheet.js';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Compound File Binary (OLE2): legacy .xls, or an Office file wrapped by encryption. */
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The stream an encrypted OOXML file carries inside its CFB wrapper (MS-OFFCRYPTO §2.3.4). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export type FileKind = 'xlsx' | 'csv';

/** What the bytes are; refuses .xls, encrypted files and binaries. */
export function sniffFile(data: Buffer): FileKind {
  if (data.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (data.subarray(0, 8).equals(CFB)) {
    throw new AppError(data.includes(ENCRYPTED_PACKAGE) ? 'import_encrypted' : 'import_file_type');
  }
  if (data.includes(0)) throw new AppError('import_file_type');
  return 'csv';
}

function isoDate(d: Date): string {
  // exceljs hands dates back as UTC midnight of the calendar date.
  return d.toISOString().slice(0, 10);
}

function cellOf(c: ExcelJS.Cell): Cell {
  switch (c.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return EMPTY;
    case ExcelJS.ValueType.Number:
      return { t: 'number', v: c.value as number, text: c.text };
    case ExcelJS.ValueType.String:
    case ExcelJS.ValueType.SharedString:
    case ExcelJS.ValueType.RichText:
    case ExcelJS.ValueType.Hyperlink: {
      const text = c.text;
      return text.trim() === '' ? EMPTY : { t: 'text', v: text };
    }
    case ExcelJS.ValueType.Date:
      return { t: 'date', v: isoDate(c.value as Date) };
    case ExcelJS.ValueType.Formula:
      return { t: 'formula' };
    case ExcelJS.ValueType.Boolean:
      return { t: 'bool', v: c.value === true };
    case ExcelJS.ValueType.Error:
      return { t: 'error', v: c.text };
  }
}

/** 'B1:C1' → its first and last row. */
function mergeRows(range: string): [number, number] {
  const m = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Reads the first worksheet: the first non-empty row is the header. */
export async function readXlsx(data: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('import_file_type');
  }
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [], headerRow: 1 };
  let headerRow = 0;
  const rows: Sheet['rows'] = [];
  let headers: string[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= width; i++) cells.push(cellOf(row.getCell(i)));
    if (headerRow === 0) {
      headerRow = n;
      headers = cells.map((c) => (c.t === 'text' ? c.v.trim() : c.t === 'number' ? String(c.v) : ''));
      return;
    }
    if (cells.every((c) => c.t === 'empty')) return;
    rows.push({ row: n, cells });
  });
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  if (
    merges.some((r) => {
      const [a, b] = mergeRows(r);
      return a <= headerRow && headerRow <= b;
    })
  ) {
    throw new AppError('import_merged_header');
  }
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  return { headers, rows, headerRow: headerRow || 1 };
}

/** Reads an uploaded XLSX or CSV file (UTF-8, ',' or ';'). */
export async function readSheet(data: Buffer): Promise<Sheet> {
  if (sniffFile(data) === 'xlsx') return readXlsx(data);
  const sheet = parseCsv(data.toString('utf8'));
  if (!sheet) throw new AppError('import_file_type');
  return sheet;
}
