/**
 * PDF with pdfmake's server-side API and the standard Helvetica of PDF readers (no font
 * files, nothing downloaded): A4, portrait or landscape, the title and subtitle on top,
 * the table with its header repeated on every page, totals in bold, notes, the signature
 * block (Mengetahui, Kepala …, name, NIP) and page numbers in the footer.
 *
 * Compact, as a printed rekap is: 6.5 pt text, one-point cell padding, so a landscape
 * page holds some 45 rows (300 people in 7 pages, not 29). Identifier columns (NIP) are
 * never wrapped: an 18-digit NIP on two lines is misread.
 */
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Cell, ReportTable, Signature } from './report.js';

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

function signatureBlock(sig: Signature): Content {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 220,
        stack: [
          { text: sig.heading, fontSize: 8 },
          { text: sig.role, fontSize: 8, margin: [0, 0, 0, 36] },
          {
            text: sig.name ?? '(...................................................)',
            fontSize: 8,
            bold: sig.name !== null,
          },
          {
            text: `NIP. ${sig.nip ?? '...................................................'}`,
            fontSize: 8,
            noWrap: true,
          },
        ],
      },
    ],
    unbreakable: true,
    margin: [0, 10, 0, 0],
  };
}

export async function renderPdf(t: ReportTable): Promise<Buffer> {
  const cell = (c: Cell, i: number, bold = false): TableCell => ({
    text: text(c),
    alignment: t.columns[i]?.numeric ? 'right' : 'left',
    bold,
    ...(t.columns[i]?.id && { noWrap: true }),
  });
  const body: TableCell[][] = [
    t.columns.map((c) => ({ text: c.header, bold: true, fillColor: '#e8eef4', fontSize: 6 })),
    ...t.rows.map((r) => r.map((c, i) => cell(c, i))),
  ];
  if (t.totals) body.push(t.totals.map((c, i) => cell(c, i, true)));
  const content: Content[] = [
    { text: t.title, bold: true, fontSize: 11, margin: [0, 0, 0, 3] },
    ...t.subtitle.map((s): Content => ({ text: s, fontSize: 8 })),
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        // Identifiers as wide as they are (never wrapped); short columns by their
        // character width, headers wrapping inside; names and remarks share the rest.
        widths: t.columns.map((c) => (c.id ? 'auto' : c.width >= 20 ? '*' : c.width * 3.1)),
        body,
      },
      layout: {
        hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
          i === 0 || i === 1 || i === node.table.body.length ? 0.6 : 0.2,
        vLineWidth: () => 0,
        hLineColor: () => '#9aa5b1',
        paddingLeft: () => 2,
        paddingRight: () => 2,
        paddingTop: () => 1,
        paddingBottom: () => 1,
      },
      fontSize: 6.5,
      margin: [0, 6, 0, 6],
    },
    ...t.notes.map((n): Content => ({ text: n, fontSize: 6.5, italics: true })),
    ...(t.signature ? [signatureBlock(t.signature)] : []),
  ];
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: t.landscape ? 'landscape' : 'portrait',
    pageMargins: [24, 22, 24, 28],
    defaultStyle: { font: 'Helvetica', fontSize: 8 },
    info: { title: t.title, creator: 'Hadir' },
    content,
    footer: (page, pages) => ({
      text: `${t.title} — halaman ${page} dari ${pages}`,
      fontSize: 6.5,
      alignment: 'center',
      margin: [0, 8, 0, 0],
    }),
  };
  return Buffer.from(await pdfmake.createPdf(doc).getBuffer());
}
