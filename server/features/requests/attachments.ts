/**
 * Attachments of leave and correction requests (a doctor's letter, a letter of
 * assignment, a screenshot of the failing app): at most 2 MB, PDF, JPEG or PNG as told
 * by the file's first bytes (never by the name or the declared type), stored once per
 * content under `<dir>/ab/cd/<sha256>.<ext>` like the selfie photos.
 *
 * Nothing is stored as uploaded (OWASP ASVS 5.0 5.2.2, 5.2.6):
 * - An image's header is read first and more than ATTACHMENT_MAX_PIXELS refused before
 *   any pixel is decoded (a pixel flood); then it is decoded and re-encoded with sharp
 *   as the selfies are (upright, same format, every metadata field such as EXIF GPS
 *   dropped, nothing after the image data kept: a JPEG with an HTML page behind it comes
 *   back as the JPEG alone).
 * - A PDF must be a real one, without script, actions or embedded files (pdf-check.ts).
 * The SHA-256 that names an attachment is that of the stored bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../platform/db/schema.js';
import { checkPdf } from './pdf-check.js';

export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;
/** Largest image accepted, in pixels (40 megapixels: any phone camera or scanner page). */
export const ATTACHMENT_MAX_PIXELS = 40_000_000;

export type AttachmentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type by magic bytes: %PDF-, FF D8 FF, 89 50 4E 47 0D 0A 1A 0A; null otherwise. */
export function sniffAttachment(b: Uint8Array): AttachmentType | null {
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d)
    return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
  return null;
}

const EXT: Record<AttachmentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export type SaveOutcome =
  | { ok: true; sha256: string; contentType: AttachmentType; bytes: number }
  | { ok: false; reason: 'too_large' | 'type' | 'too_many_pixels' }
  | { ok: false; reason: 'malformed' | 'active' | 'encrypted'; detail: string };

export type Checked =
  { ok: true; data: Buffer } | Exclude<SaveOutcome, { ok: true } | { reason: 'too_large' | 'type' }>;

/** An image checked and re-encoded (see the module comment), or why not. */
async function cleanImage(data: Uint8Array, type: 'image/jpeg' | 'image/png'): Promise<Checked> {
  const format = type === 'image/png' ? 'png' : 'jpeg';
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Reads the header only: no pixel is decoded yet.
    const meta = await sharp(data).metadata();
    if (meta.format === format) ({ width, height } = meta);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'image_unreadable' };
  }
  if (!width || !height) return { ok: false, reason: 'malformed', detail: 'image_unreadable' };
  if (width * height > ATTACHMENT_MAX_PIXELS) return { ok: false, reason: 'too_many_pixels' };
  try {
    const img = sharp(data, { limitInputPixels: ATTACHMENT_MAX_PIXELS, failOn: 'error' }).rotate();
    const out = await (
      format === 'png' ? img.png({ compressionLevel: 9 }) : img.jpeg({ quality: 85, mozjpeg: true })
    ).toBuffer();
    return { ok: true, data: out };
  } catch {
    return { ok: false, reason: 'malformed', detail: 'image_unreadable' };
  }
}

/** The bytes to store for an attachment of `type`: a cleaned image, a checked PDF. */
export async function cleanAttachment(data: Uint8Array, type: AttachmentType): Promise<Checked> {
  if (type !== 'application/pdf') return cleanImage(data, type);
  const pdf = checkPdf(data);
  if (!pdf.ok) return { ok: false, reason: pdf.code, detail: pdf.reason };
  return { ok: true, data: Buffer.from(data) };
}

/**
 * Checks and stores an attachment (file first, then its row; the same content twice is
 * stored once).
 */
export async function saveAttachment(
  db: Kysely<Database>,
  dir: string,
  data: Uint8Array,
  now: number,
): Promise<SaveOutcome> {
  if (data.length > ATTACHMENT_MAX_BYTES) return { ok: false, reason: 'too_large' };
  const type = sniffAttachment(data);
  if (!type) return { ok: false, reason: 'type' };
  const clean = await cleanAttachment(data, type);
  if (!clean.ok) return clean;
  const stored = clean.data;
  const sha256 = createHash('sha256').update(stored).digest('hex');
  const key = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${EXT[type]}`;
  const file = join(dir, key);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, stored);
    renameSync(tmp, file);
  }
  await db
    .insertInto('attachments')
    .values({ sha256, content_type: type, bytes: stored.length, storage_key: key, stored_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { ok: true, sha256, contentType: type, bytes: stored.length };
}

/** The stored bytes and type, or undefined. */
export async function readAttachment(
  db: Kysely<Database>,
  dir: string,
  sha256: string,
): Promise<{ data: Buffer; contentType: AttachmentType } | undefined> {
  const r = await db.selectFrom('attachments').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!r) return undefined;
  return { data: readFileSync(join(dir, r.storage_key)), contentType: r.content_type as AttachmentType };
}
