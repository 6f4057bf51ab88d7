/**
 * Attachments are cleaned before they are stored and served as downloads (issue 9 item 3):
 * OWASP ASVS 5.0 5.2.2 (the content is what its type says: images re-written, PDFs
 * checked), 5.2.6 (pixel floods refused before decoding), 3.2.1, 5.4.1 and 5.4.2 (an uploaded
 * file is never rendered in the app's origin: attachment disposition with our own name,
 * sandboxing CSP, nosniff) and 14.3.2 (no cache keeps it).
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A } from '../../test-support/http-fixtures.js';
import { startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { renderPdf } from '../reports/render-pdf.js';
import { checkPdf, pdfNames } from './pdf-check.js';

/**
 * A PDF built from object bodies: object n is `bodies[n-1]`, with a correct xref table
 * and trailer (root = object 1). `tail` is appended after %%EOF.
 */
function pdfOf(bodies: readonly (string | Buffer)[], opts: { tail?: string; trailer?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((b, i) => {
    offsets.push(size);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof b === 'string' ? Buffer.from(b, 'latin1') : b,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(obj);
    size += obj.length;
  });
  const xref =
    `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${opts.trailer ?? ''}>>\nstartxref\n${size}\n%%EOF\n`;
  parts.push(Buffer.from(xref + (opts.tail ?? ''), 'latin1'));
  return Buffer.concat(parts);
}

const PAGES = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
];
const PLAIN_PDF = pdfOf(PAGES);

/** A stream object with `dict` entries around `data`. */
const streamObj = (dict: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);

/** A PNG whose header claims `width` × `height` pixels, with one tiny IDAT. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the PDF check', () => {
  it('decodes #xx escapes in names', () => {
    expect([...pdfNames('<< /S /J#61vaScript /JS (x) >>')]).toEqual(['S', 'JavaScript', 'JS']);
  });

  it('accepts a plain PDF and the PDFs this server itself writes', async () => {
    expect(checkPdf(PLAIN_PDF)).toEqual({ ok: true });
    const report = await renderPdf({
      slug: 'surat',
      title: 'Surat keterangan dokter',
      subtitle: ['Puskesmas Kota'],
      columns: [{ header: 'Nama', width: 20 }],
      rows: [['Andi Rahman']],
      totals: null,
      notes: ['Istirahat 3 hari'],
      landscape: false,
    });
    expect(checkPdf(report)).toEqual({ ok: true });
  });

  it('refuses script, actions and embedded files, also when the name is escaped', () => {
    const js = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
      PAGES[1]!,
      PAGES[2]!,
      '<< /S /JavaScript /JS (app.alert(1)) >>',
    ]);
    expect(checkPdf(js)).toEqual({ ok: false, code: 'active', reason: 'OpenAction' });
    const escaped = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R /Names << /J#61vaScript 4 0 R >> >>',
      PAGES[1]!,
      PAGES[2]!,
      '<< /Names [(a) 5 0 R] >>',
    ]);
    expect(checkPdf(escaped)).toEqual({ ok: false, code: 'active', reason: 'JavaScript' });
    for (const name of ['Launch', 'EmbeddedFile', 'AA', 'XFA']) {
      const f = pdfOf([PAGES[0]!, PAGES[1]!, `<< /Type /Page /Parent 2 0 R /X << /${name} 9 0 R >> >>`]);
      expect(checkPdf(f), name).toEqual({ ok: false, code: 'active', reason: name });
    }
    expect(checkPdf(pdfOf(PAGES, { trailer: '/Encrypt 9 0 R ' }))).toMatchObject({ code: 'encrypted' });
  });

  it('finds an action hidden in a compressed object stream, and refuses one it cannot read', () => {
    const objects = '4 0 << /S /JavaScript /JS (app.alert(1)) >>';
    const hidden = pdfOf([
      PAGES[0]!,
      PAGES[1]!,
      PAGES[2]!,
      streamObj('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.from(objects))),
    ]);
    expect(checkPdf(hidden)).toEqual({ ok: false, code: 'active', reason: 'JavaScript' });
    const lzw = pdfOf([
      PAGES[0]!,
      PAGES[1]!,
      PAGES[2]!,
      streamObj('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from('garbage')),
    ]);
    expect(checkPdf(lzw)).toEqual({ ok: false, code: 'malformed', reason: 'pdf_object_stream' });
  });

  it('refuses what only starts like a PDF: an HTML page, a missing %%EOF, bytes after it, a bad startxref', () => {
    const html = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n');
    expect(checkPdf(html)).toEqual({ ok: false, code: 'malformed', reason: 'pdf_eof' });
    expect(checkPdf(Buffer.from('<html>%PDF-1.4'))).toMatchObject({ reason: 'pdf_header' });
    expect(checkPdf(pdfOf(PAGES, { tail: '<html><script>alert(1)</script></html>' }))).toEqual({
      ok: false,
      code: 'malformed',
      reason: 'pdf_eof',
    });
    const badXref = Buffer.from(
      PLAIN_PDF.toString('latin1').replace(/startxref\n\d+/, 'startxref\n12'),
      'latin1',
    );
    expect(checkPdf(badXref)).toEqual({ ok: false, code: 'malformed', reason: 'pdf_xref' });
    expect(checkPdf(Buffer.from('%PDF-1.4\n%%EOF\n'))).toMatchObject({ reason: 'pdf_xref' });
  });
});

describe.each(ENGINES)('attachments over HTTP on %s', (engine) => {
  let s: TestServer;
  let empA: string;

  beforeAll(async () => {
    s = await startServer(engine);
    empA = (await login(s.url, NIP_A)).token;
  });
  afterAll(() => s?.close());

  /** A correction request carrying `file`. */
  const upload = (file: Buffer) =>
    call<{ attachmentSha256: string; code?: string }>(s.url, 'POST', '/api/v1/me/correction-requests', {
      token: empA,
      body: {
        kind: 'out',
        at: '2026-02-27T16:05+08:00',
        reason: 'lupa absen pulang',
        attachment: file.toString('base64'),
      },
    });
  const download = (sha: string) =>
    fetch(`${s.url}/api/v1/attachments/${sha}`, { headers: { authorization: `Bearer ${empA}` } });

  it('serves a plain PDF as a download: attachment, nosniff, sandbox, private no-store', async () => {
    const r = await upload(PLAIN_PDF);
    expect(r.status).toBe(201);
    const res = await download(r.body.attachmentSha256);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="lampiran-${r.body.attachmentSha256.slice(0, 12)}.pdf"`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(PLAIN_PDF)).toBe(true);
  });

  it('refuses a PDF with JavaScript and an HTML page that starts with %PDF-, in both languages', async () => {
    const js = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> >>',
      PAGES[1]!,
      PAGES[2]!,
    ]);
    const r = await upload(js);
    expect(r).toMatchObject({
      status: 422,
      body: { code: 'attachment_active_content', details: [{ field: '/attachment', reason: 'OpenAction' }] },
    });
    expect(r.body).toHaveProperty('message.id');
    expect(r.body).toHaveProperty('message.en');
    const html = Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>');
    expect(await upload(html)).toMatchObject({
      status: 422,
      body: { code: 'attachment_malformed', details: [{ field: '/attachment', reason: 'pdf_eof' }] },
    });
  });

  it('re-encodes a JPEG: no EXIF GPS, no HTML behind the image', async () => {
    const jpeg = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a6' } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '5/1 8/1 52/1' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const sent = Buffer.concat([jpeg, Buffer.from('<html><script>alert(1)</script></html>')]);
    const r = await upload(sent);
    expect(r.status).toBe(201);
    const res = await download(r.body.attachmentSha256);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="lampiran-[0-9a-f]{12}\.jpg"$/,
    );
    const back = Buffer.from(await res.arrayBuffer());
    expect(back.includes('<html')).toBe(false);
    expect(back.includes('GPS')).toBe(false);
    const meta = await sharp(back).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 200 });
    expect(meta.exif).toBeUndefined();
    // Ends at the image's end-of-image marker.
    expect([...back.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it('refuses a PNG that claims more than 40 megapixels before decoding it', async () => {
    expect(await upload(pngClaiming(8000, 8000))).toMatchObject({
      status: 422,
      body: { code: 'attachment_dimensions', details: [{ field: '/attachment', reason: 'too_many_pixels' }] },
    });
    // A PNG that says it is one but is not readable.
    expect(
      await upload(Buffer.concat([pngClaiming(8000, 8000).subarray(0, 12), Buffer.alloc(20)])),
    ).toMatchObject({ status: 422, body: { code: 'attachment_malformed' } });
  });
});
