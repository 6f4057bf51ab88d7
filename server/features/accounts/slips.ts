/**
 * Activation slips for the OPD admin to hand out: a PDF (pdfmake, the standard PDF fonts,
 * eight slips an A4 page, to cut) and an XLSX (exceljs) with one row per person. Each
 * slip says, in Bahasa Indonesia and English, how to activate.
 */
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Slip } from './service.js';

pdfmake.setFonts({
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
});

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function slipContent(s: Slip, url: string): Content {
  return {
    stack: [
      { text: 'Hadir — aktivasi akun / account activation', bold: true, fontSize: 9 },
      { text: s.name, bold: true, fontSize: 11, margin: [0, 4, 0, 0] },
      { text: s.unitName, fontSize: 8 },
      { text: `NIP / nama pengguna: ${s.username}`, fontSize: 9, margin: [0, 4, 0, 0] },
      { text: `Kode aktivasi / activation code: ${s.code}`, bold: true, fontSize: 12, margin: [0, 2, 0, 0] },
      { text: `Berlaku sampai / valid until: ${date(s.expiresAt)}`, fontSize: 8 },
      {
        text: `Buka ${url}, pilih "Aktivasi akun", masukkan NIP dan kode ini, lalu pilih kata sandi Anda. Kode hanya berlaku sekali.`,
        fontSize: 7.5,
        margin: [0, 4, 0, 0],
      },
      {
        text: `Open ${url}, choose "Activate account", enter your NIP and this code, then choose your password. The code works once.`,
        fontSize: 7,
        italics: true,
      },
    ],
    margin: [6, 6, 6, 6],
  };
}

/** The slips as a PDF, two a row, four rows a page, with dashed cutting lines. */
export async function slipsPdf(
  slips: readonly Slip[],
  opts: { title: string; url: string },
): Promise<Buffer> {
  const rows: Content[][] = [];
  for (let i = 0; i < slips.length; i += 2) {
    rows.push([
      slipContent(slips[i]!, opts.url),
      slips[i + 1] ? slipContent(slips[i + 1]!, opts.url) : { text: '' },
    ]);
  }
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [24, 28, 24, 28],
    defaultStyle: { font: 'Helvetica' },
    info: { title: opts.title, creator: 'Hadir' },
    content: [
      { text: opts.title, bold: true, fontSize: 11, margin: [0, 0, 0, 6] },
      rows.length === 0
        ? { text: 'Tidak ada akun yang perlu diaktifkan. / No account needs activation.', fontSize: 9 }
        : {
            table: { widths: ['*', '*'], heights: 175, dontBreakRows: true, body: rows },
            layout: {
              hLineStyle: () => ({ dash: { length: 3 } }),
              vLineStyle: () => ({ dash: { length: 3 } }),
            },
          },
    ],
    footer: (page, pages) => ({
      text: `${opts.title} — halaman ${page} dari ${pages}`,
      fontSize: 7,
      alignment: 'center',
    }),
  };
  return Buffer.from(await pdfmake.createPdf(doc).getBuffer());
}

/** The slips as an XLSX sheet: unit, name, NIP/username, code, valid until (text cells). */
export async function slipsXlsx(slips: readonly Slip[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hadir';
  const ws = wb.addWorksheet('Aktivasi');
  ws.columns = [
    { header: 'Unit kerja', key: 'unit', width: 32 },
    { header: 'Nama', key: 'name', width: 30 },
    { header: 'NIP / nama pengguna', key: 'username', width: 22, style: { numFmt: '@' } },
    { header: 'Kode aktivasi', key: 'code', width: 14 },
    { header: 'Berlaku sampai', key: 'until', width: 14 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const s of slips)
    ws.addRow({
      unit: s.unitName,
      name: s.name,
      username: s.username,
      code: s.code,
      until: date(s.expiresAt),
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
