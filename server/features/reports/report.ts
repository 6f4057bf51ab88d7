/**
 * One table model for every export (daily list, monthly recap, attendance card), so the
 * XLSX, PDF and CSV of a report hold the same rows: a title naming the report, the unit
 * and the period; a few subtitle lines; Indonesian column headers; rows; an optional
 * totals row; notes (the rule version used, how totals read).
 */
export type Cell = string | number | null;

export interface Column {
  header: string;
  /** Relative width for PDF/XLSX (characters). */
  width: number;
  /** Numbers are right-aligned. */
  numeric?: boolean;
  /**
   * An identifier written as text (NIP, NIK): never a number in a spreadsheet (Excel
   * keeps 15 significant digits, an 18-digit NIP would lose its last three), never
   * wrapped in a PDF.
   */
  id?: boolean;
}

export interface ReportTable {
  /** Used for file names: 'rekap-bulanan', 'daftar-harian', 'kartu-kehadiran'. */
  slug: string;
  title: string;
  subtitle: string[];
  columns: Column[];
  rows: Cell[][];
  totals: Cell[] | null;
  notes: string[];
  /** Landscape for wide tables. */
  landscape: boolean;
  /**
   * The signature block an official rekap carries ("Mengetahui, Kepala …", name, NIP),
   * printed under the table; name and NIP are left as lines to fill in when unknown.
   */
  signature?: Signature;
}

export interface Signature {
  /** 'Mengetahui,' */
  heading: string;
  /** 'Kepala Dinas Kesehatan' */
  role: string;
  name: string | null;
  nip: string | null;
}

export type ExportFormat = 'xlsx' | 'pdf' | 'csv';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};
