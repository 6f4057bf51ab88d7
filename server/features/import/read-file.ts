/**
 * Turns an uploaded file into a Sheet (core/import/sheet.ts), refusing what cannot be
 * read safely: a file that is neither XLSX nor CSV (an old .xls among them), an
 * encrypted workbook, merged cells in the header row, and a file larger than one import
 * may be (`import_too_large`, OWASP ASVS 5.0 5.2.1 and 5.2.3): more than MAX_SHEET_ROWS
 * data rows or MAX_SHEET_COLUMNS columns, or an XLSX whose parts unpack to more than
 * {@link MAX_XLSX_UNPACKED_BYTES} or number more than {@link MAX_XLSX_PARTS} — checked
 * before it is unpacked. Cell types are kept, so a NIP that Excel stored as a number is
 * seen as one and refused by the row parser.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { AppError } from '../../../core/errors.js';
import { EMPTY, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, parseCsv } from '../../../core/import/sheet.js';
import type { Cell, Sheet } from '../../../core/import/sheet.js';

/** The most the parts of an XLSX may unpack to, together: 20,000 staff with 60 columns is about 90 MB. */
export const MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024;
/** The most parts (files inside the ZIP) an XLSX may have; a workbook has a dozen. */
export const MAX_XLSX_PARTS = 1000;

const inflateRawAsync = promisify(inflateRaw);

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

function tooLarge(field: 'rows' | 'columns' | 'unpacked' | 'parts'): AppError {
  return new AppError('import_too_large', { details: [{ field, reason: 'too_large' }] });
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Checks a ZIP package before anything unpacks it (OWASP ASVS 5.0 5.2.3): the number of
 * parts and the sizes the central directory claims for them, then the claim itself —
 * each deflated part is inflated once, off the event loop, with its claimed size as the
 * ceiling, so a part that claims little and inflates to gigabytes is refused at the
 * claim. ZIP64 (a part or a package past 4 GiB) is never an employee sheet.
 */
export async function checkPackage(data: Buffer): Promise<void> {
  const bad = () => new AppError('import_file_type');
  const from = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= from; i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const count = data.readUInt16LE(eocd + 10);
  const dirSize = data.readUInt32LE(eocd + 12);
  const dirAt = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirAt === 0xffffffff) throw tooLarge('unpacked');
  if (count > MAX_XLSX_PARTS) throw tooLarge('parts');
  if (dirAt + dirSize > eocd) throw bad();
  const parts: { method: number; packed: number; size: number; at: number }[] = [];
  let total = 0;
  for (let k = 0, off = dirAt; k < count; k++) {
    if (off + 46 > eocd || data.readUInt32LE(off) !== CENTRAL) throw bad();
    const part = {
      method: data.readUInt16LE(off + 10),
      packed: data.readUInt32LE(off + 20),
      size: data.readUInt32LE(off + 24),
      at: data.readUInt32LE(off + 42),
    };
    if (part.size === 0xffffffff || part.packed === 0xffffffff) throw tooLarge('unpacked');
    total += part.size;
    if (total > MAX_XLSX_UNPACKED_BYTES) throw tooLarge('unpacked');
    parts.push(part);
    off += 46 + data.readUInt16LE(off + 28) + data.readUInt16LE(off + 30) + data.readUInt16LE(off + 32);
  }
  for (const p of parts) {
    if (p.at + 30 > data.length || data.readUInt32LE(p.at) !== LOCAL) throw bad();
    const start = p.at + 30 + data.readUInt16LE(p.at + 26) + data.readUInt16LE(p.at + 28);
    if (start + p.packed > data.length) throw bad();
    if (p.method === STORED) {
      if (p.packed !== p.size) throw bad();
    } else if (p.method === DEFLATED) {
      try {
        await inflateRawAsync(data.subarray(start, start + p.packed), {
          maxOutputLength: Math.max(1, p.size),
        });
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('unpacked');
        throw bad();
      }
    } else {
      throw bad();
    }
  }
}

/** Reads the first worksheet: the first non-empty row is the header. */
export async function readXlsx(data: Buffer): Promise<Sheet> {
  await checkPackage(data);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('import_file_type');
  }
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [], headerRow: 1 };
  // Before a cell is read: the header row and at most MAX_SHEET_ROWS rows below it.
  if (ws.actualRowCount > MAX_SHEET_ROWS + 1) throw tooLarge('rows');
  if (ws.columnCount > MAX_SHEET_COLUMNS) throw tooLarge('columns');
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
  const sheet = parseCsv(data.toString('utf8'), { rows: MAX_SHEET_ROWS, columns: MAX_SHEET_COLUMNS });
  if (!sheet) throw new AppError('import_file_type');
  if ('tooLarge' in sheet) throw tooLarge(sheet.tooLarge);
  return sheet;
}
