/** Renders a report in the asked format. */
import type { ExportFormat, ReportTable } from './report.js';
import { renderCsv } from './render-csv.js';
import { renderPdf } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';

export async function renderReport(t: ReportTable, format: ExportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(t);
    case 'xlsx':
      return renderXlsx(t);
    case 'pdf':
      return renderPdf(t);
  }
}

/** 'rekap-bulanan-dinas-kesehatan-2026-03.xlsx' */
export function fileName(t: ReportTable, unit: string, period: string, format: ExportFormat): string {
  const clean = unit
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${t.slug}-${clean}-${period}.${format}`;
}
