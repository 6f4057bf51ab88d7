/**
 * Attachments of leave and correction requests (a doctor's letter, a letter of
 * assignment, a screenshot of the failing app): at most 2 MB, PDF, JPEG or PNG as told
 * by the file's first bytes (never by the name or the declared type), stored once per
 * content under `<dir>/ab/cd/<sha256>.<ext>` like the selfie photos.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

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
  | { ok: false; reason: 'too_large' | 'type' };

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
  const sha256 = createHash('sha256').update(data).digest('hex');
  const key = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${EXT[type]}`;
  const file = join(dir, key);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  }
  await db
    .insertInto('attachments')
    .values({ sha256, content_type: type, bytes: data.length, storage_key: key, stored_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return { ok: true, sha256, contentType: type, bytes: data.length };
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
