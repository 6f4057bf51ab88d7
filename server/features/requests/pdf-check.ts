/**
 * A structural check of an uploaded PDF, before it is stored: a doctor's letter or a
 * letter of assignment is a static document, so anything that can act when the file is
 * opened is refused, and so is a file that only starts like a PDF.
 *
 * Why a scanner and not a PDF library: the small PDF libraries for Node are either
 * unmaintained (pdf-lib, last release 2021) or a whole viewer (pdf.js, megabytes). What
 * the check needs is narrow, and a scanner of the file's name tokens is enough for it:
 *
 * - Shape (ISO 32000-1 §7.5): the `%PDF-1.x` / `%PDF-2.x` header at byte 0; the file ends
 *   with `%%EOF` (only whitespace after it, so nothing — an HTML page, a ZIP — rides
 *   behind); the last `startxref` points inside the file at an `xref` table (followed by
 *   a `trailer`) or at an object (a cross-reference stream). An HTML page that starts
 *   with `%PDF-` fails here.
 * - Active content: every name token (`/Name`, with `#xx` escapes decoded, so
 *   `/J#61vaScript` is `/JavaScript`) is compared with the names that make a PDF act:
 *   JavaScript (`/JavaScript`, `/JS`), actions run on opening or on events
 *   (`/OpenAction`, `/AA`), `/Launch`, embedded files (`/EmbeddedFile(s)`), forms that
 *   submit or run script (`/XFA`, `/SubmitForm`, `/ImportData`), rich media and
 *   renditions, and remote go-tos into embedded files (`/GoToE`).
 * - Objects hidden in object streams (ISO 32000-1 §7.5.7: compressed objects, where the
 *   catalog's `/OpenAction` may live): every stream whose dictionary makes it an object
 *   stream (`/Type /ObjStm`, or `/First`, which a reader uses to parse one) is inflated
 *   (FlateDecode only, output bounded) and scanned the same way; one that cannot be read
 *   is refused. Other streams are data (page content, images, fonts) that a reader never
 *   parses as objects; their bytes are scanned raw only when an `N G obj` header shows
 *   up inside them.
 * - An encrypted PDF (`/Encrypt`) cannot be read, so it is refused.
 *
 * Conservative on purpose: a forbidden name inside a string or a comment refuses the
 * file too. A false refusal costs the employee a re-export; a false acceptance could run
 * script in an admin's PDF reader.
 */
import { inflateSync } from 'node:zlib';

/** Names whose presence makes a PDF more than a static document. */
export const PDF_ACTIVE_NAMES: ReadonlySet<string> = new Set([
  'JavaScript',
  'JS',
  'OpenAction',
  'AA',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'XFA',
  'SubmitForm',
  'ImportData',
  'RichMedia',
  'Rendition',
  'GoToE',
]);

/** Largest inflated size of all object streams of one file together. */
export const PDF_MAX_INFLATED_BYTES = 16 * 1024 * 1024;

export type PdfCheck =
  | { ok: true }
  | { ok: false; code: 'malformed'; reason: 'pdf_header' | 'pdf_eof' | 'pdf_xref' | 'pdf_object_stream' }
  | { ok: false; code: 'active'; reason: string }
  | { ok: false; code: 'encrypted'; reason: 'pdf_encrypted' };

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
/** Whitespace and delimiters end a name token (ISO 32000-1 §7.2.2). */
const NAME_END = new Uint8Array(256);
for (const c of '\0\t\n\f\r ()<>[]{}/%') NAME_END[c.charCodeAt(0)] = 1;

const unescapeNames = (s: string) =>
  s.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Every name token of `text` (latin1), with `#xx` escapes decoded.
 *
 * @example [...pdfNames('<< /S /J#61vaScript >>')] // ['S', 'JavaScript']
 */
export function* pdfNames(text: string): Generator<string> {
  let i = text.indexOf('/');
  while (i !== -1) {
    let j = i + 1;
    while (j < text.length && NAME_END[text.charCodeAt(j) & 0xff] !== 1) j++;
    yield unescapeNames(text.slice(i + 1, j));
    i = text.indexOf('/', j);
  }
}

function firstActiveName(text: string): string | null {
  for (const n of pdfNames(text)) if (PDF_ACTIVE_NAMES.has(n)) return n;
  return null;
}

function namesIn(text: string): Set<string> {
  return new Set(pdfNames(text));
}

interface Stream {
  /** The dictionary text before `stream`, from the object's `obj`. */
  dict: string;
  start: number;
  end: number;
}

/** The streams of the file: `stream` EOL … `endstream`, with the dictionary before each. */
function streamsOf(text: string): Stream[] {
  const out: Stream[] = [];
  const re = /stream(\r\n|\n|\r)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    // `endstream` also matches /stream\n/: skip it.
    if (m.index >= 3 && text.slice(m.index - 3, m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    const objAt = text.lastIndexOf('obj', m.index);
    out.push({ dict: text.slice(objAt === -1 ? 0 : objAt, m.index), start, end });
    re.lastIndex = end + 'endstream'.length;
  }
  return out;
}

function checkShape(b: Uint8Array, text: string): PdfCheck | null {
  if (!/^%PDF-[12]\.\d/.test(text.slice(0, 16)))
    return { ok: false, code: 'malformed', reason: 'pdf_header' };
  let end = b.length;
  while (end > 0 && WS.has(b[end - 1]!)) end--;
  if (text.slice(end - 5, end) !== '%%EOF') return { ok: false, code: 'malformed', reason: 'pdf_eof' };
  const tail = text.slice(Math.max(0, end - 1024), end);
  const sx = /startxref\s+(\d{1,10})\s+%%EOF$/.exec(tail);
  if (!sx) return { ok: false, code: 'malformed', reason: 'pdf_xref' };
  const offset = Number(sx[1]);
  if (offset <= 0 || offset >= b.length) return { ok: false, code: 'malformed', reason: 'pdf_xref' };
  const at = text.slice(offset, offset + 64);
  if (at.startsWith('xref')) {
    if (text.indexOf('trailer', offset) === -1) return { ok: false, code: 'malformed', reason: 'pdf_xref' };
  } else if (!/^\d{1,10}\s+\d{1,5}\s+obj\b/.test(at)) {
    return { ok: false, code: 'malformed', reason: 'pdf_xref' };
  }
  return null;
}

/**
 * Checks a PDF's shape and refuses active content (see the module comment).
 *
 * @example checkPdf(Buffer.from('<html>…')) // { ok: false, code: 'malformed', reason: 'pdf_header' }
 */
export function checkPdf(b: Uint8Array): PdfCheck {
  const text = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const bad = checkShape(b, text);
  if (bad) return bad;

  const streams = streamsOf(text);
  // The file outside stream data, plus stream data in which an object header shows up.
  let outside = '';
  let from = 0;
  for (const s of streams) {
    outside += text.slice(from, s.start);
    const data = text.slice(s.start, s.end);
    if (/\d+\s+\d+\s+obj\b/.test(data)) outside += `\n${data}\n`;
    from = s.end;
  }
  outside += text.slice(from);

  const names = namesIn(outside);
  if (names.has('Encrypt')) return { ok: false, code: 'encrypted', reason: 'pdf_encrypted' };
  const active = firstActiveName(outside);
  if (active) return { ok: false, code: 'active', reason: active };

  let inflated = 0;
  for (const s of streams) {
    const dict = namesIn(s.dict);
    if (!dict.has('ObjStm') && !dict.has('First')) continue;
    // Only what this scanner can undo: no filter, or FlateDecode alone, named in place
    // (not through a reference) and without a predictor that would scramble the names.
    if (
      dict.has('DecodeParms') ||
      dict.has('Predictor') ||
      /\/Filter\s+\d+\s+\d+\s+R/.test(unescapeNames(s.dict))
    )
      return { ok: false, code: 'malformed', reason: 'pdf_object_stream' };
    const filters = [...dict].filter((n) => n.endsWith('Decode'));
    const raw = Buffer.from(text.slice(s.start, s.end).replace(/(\r\n|\n|\r)$/, ''), 'latin1');
    let content: Buffer;
    if (filters.length === 0) content = raw;
    else if (filters.length === 1 && filters[0] === 'FlateDecode') {
      try {
        content = inflateSync(raw, { maxOutputLength: PDF_MAX_INFLATED_BYTES - inflated });
      } catch {
        return { ok: false, code: 'malformed', reason: 'pdf_object_stream' };
      }
    } else return { ok: false, code: 'malformed', reason: 'pdf_object_stream' };
    inflated += content.length;
    const inner = content.toString('latin1');
    if (namesIn(inner).has('Encrypt')) return { ok: false, code: 'encrypted', reason: 'pdf_encrypted' };
    const hidden = firstActiveName(inner);
    if (hidden) return { ok: false, code: 'active', reason: hidden };
  }
  return { ok: true };
}
