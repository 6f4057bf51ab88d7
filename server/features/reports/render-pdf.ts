/**
 * PDF with pdfmake's server-side API and the standard Helvetica of PDF readers (no font
 * files, nothing downloaded): A4, portrait or landscape, the title and subtitle on top,
 * the table with its header repeated on every page, totals in bold, notes and page
 * numbers in the footer.
 */
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Cell, ReportTable } from './report.js';

pdfmake.setFonts({
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
});
// Reports never load images or files: refuse any URL, and any local path except the
// names of PDF's standard fonts (pdfkit has them built in; nothing is read from disk).
const STANDARD_FONTS = new Set(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique']);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));

function text(c: Cell): string {
  if (c === null) return '';
  return typeof c === 'number' ? c.toLocaleString('id-ID', { maximumFractionDigits: 2 }) : c;
}

export async function renderPdf(t: ReportTable): Promise<Buffer> {
  const cell = (c: Cell, i: number, bold = false): TableCell => ({
    text: text(c),
    alignment: t.columns[i]?.numeric ? 'right' : 'left',
    bold,
  });
  const body: TableCell[][] = [
    t.columns.map((c) => ({ text: c.header, bold: true, fillColor: '#e8eef4' })),
    ...t.rows.map((r) => r.map((c, i) => cell(c, i))),
  ];
  if (t.totals) body.push(t.totals.map((c, i) => cell(c, i, true)));
  const content: Content[] = [
    { text: t.title, bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
    ...t.subtitle.map((s): Content => ({ text: s, fontSize: 9 })),
    {
      table: {
        headerRows: 1,
        widths: t.columns.map((c) => (c.width >= 20 ? '*' : 'auto')),
        body,
      },
      layout: 'lightHorizontalLines',
      fontSize: 7.5,
      margin: [0, 8, 0, 8],
    },
    ...t.notes.map((n): Content => ({ text: n, fontSize: 7, italics: true })),
  ];
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: t.landscape ? 'landscape' : 'portrait',
    pageMargins: [28, 28, 28, 36],
    defaultStyle: { font: 'Helvetica', fontSize: 8 },
    info: { title: t.title, creator: 'Hadir' },
    content,
    footer: (page, pages) => ({
      text: `${t.title} — halaman ${page} dari ${pages}`,
      fontSize: 7,
      alignment: 'center',
    }),
  };
  return Buffer.from(await pdfmake.createPdf(doc).getBuffer());
}
