/**
 * Selfies: the photo a phone took with a punch, uploaded after the punch was accepted
 * (the check-in itself stays ~1 KB; the photo travels when the network is calm).
 *
 * The punch already carries the photo's SHA-256, signed with the capture, so the upload
 * needs no trust of its own: only the bytes the phone hashed at the press are accepted.
 * They are checked (type by magic bytes, size, pixel dimensions), re-encoded — rotated
 * upright, at most 480 px, JPEG quality 70, every metadata field (EXIF, GPS, device
 * model) dropped: data minimisation, UU 27/2022 — and stored content-addressed.
 *
 * Face photos are specific personal data: every read by an admin is written to the
 * audit log ("photo.viewed").
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { AppError } from '../../../core/errors.js';
import type { PunchPhotoView } from '../../../core/wire.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { getAccount } from '../auth/accounts.store.js';
import { authorize } from '../../platform/access/access.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import { getPunch } from '../check-ins/store.js';
import type { Database } from '../../platform/db/schema.js';
import type { PhotoStore } from './photo-store.js';
import { getPhoto, insertPhoto } from './store.js';
import type { PhotoRecord } from './store.js';

/** Largest accepted upload in pixels per side (a phone sends ≤ 480 px). */
export const PHOTO_MAX_SIDE = 1024;
/** Smallest accepted side: anything smaller cannot show a face. */
export const PHOTO_MIN_SIDE = 64;
/** The stored JPEG fits in this square. */
export const PHOTO_STORED_SIDE = 480;
export const PHOTO_STORED_QUALITY = 70;

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

export interface PhotoDeps {
  db: Kysely<Database>;
  store: PhotoStore;
  now: () => number;
  /** Largest accepted upload, bytes. */
  maxBytes: number;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The image type by its first bytes (JPEG: FF D8 FF; WebP: "RIFF" <size> "WEBP"), else null. */
export function sniffPhotoType(bytes: Buffer): PhotoContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

export function photoView(r: PhotoRecord): PunchPhotoView {
  return {
    punchId: r.punch_id,
    sha256: r.sha256_original,
    bytes: r.bytes,
    contentType: r.content_type as PhotoContentType,
    stored: { sha256: r.sha256_stored, bytes: r.stored_bytes, width: r.width, height: r.height },
    uploadedAt: new Date(r.uploaded_at).toISOString(),
    purgedAt: r.purged_at === null ? null : new Date(r.purged_at).toISOString(),
  };
}

/** Upright, at most 480 px, JPEG q70, no metadata (sharp drops it unless asked to keep it). */
async function reencode(body: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(body, { limitInputPixels: PHOTO_MAX_SIDE * PHOTO_MAX_SIDE })
    .rotate()
    .resize(PHOTO_STORED_SIDE, PHOTO_STORED_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PHOTO_STORED_QUALITY, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Checks the upload's bytes; the declared content type must match what they are. */
async function checkImage(
  body: Buffer,
  contentType: string | undefined,
  maxBytes: number,
): Promise<AppError | null> {
  if (body.length > maxBytes) return new AppError('photo_too_large');
  const sniffed = sniffPhotoType(body);
  if (sniffed === null || sniffed !== contentType) return new AppError('photo_type');
  let meta: Metadata;
  try {
    meta = await sharp(body).metadata();
  } catch {
    return new AppError('photo_type', { details: [{ field: 'body', reason: 'unreadable' }] });
  }
  const { width, height } = meta;
  if (width === undefined || height === undefined) return new AppError('photo_type');
  if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE) {
    return new AppError('photo_dimensions', { details: [{ field: 'body', reason: 'too_many_pixels' }] });
  }
  if (width < PHOTO_MIN_SIDE || height < PHOTO_MIN_SIDE) {
    return new AppError('photo_dimensions', { details: [{ field: 'body', reason: 'too_small' }] });
  }
  return null;
}

/**
 * Stores the selfie of punch `punchId` for employee `employeeId` (account `accountId`).
 * Idempotent: the same photo again answers 200 with the first record; a different one
 * for a punch that has a photo is refused (409 photo_conflict) — evidence is not replaced.
 * Another employee's punch is "not found" (its existence is not disclosed).
 */
export async function uploadPhoto(
  deps: PhotoDeps,
  who: { employeeId: number; accountId: number },
  punchId: string,
  contentType: string | undefined,
  body: Buffer,
): Promise<{ status: 200 | 201; body: PunchPhotoView } | AppError> {
  const punch = await getPunch(deps.db, punchId);
  if (!punch || punch.employee_id !== who.employeeId) return new AppError('not_found');
  const sha256 = sha256Hex(body);

  const existing = await getPhoto(deps.db, punchId);
  if (existing) {
    return existing.sha256_original === sha256
      ? { status: 200, body: photoView(existing) }
      : new AppError('photo_conflict');
  }
  if (punch.photo_sha256 === null) return new AppError('photo_not_expected');
  if (body.length > deps.maxBytes) return new AppError('photo_too_large');
  if (sha256 !== punch.photo_sha256.toLowerCase()) return new AppError('photo_hash_mismatch');
  const bad = await checkImage(body, contentType, deps.maxBytes);
  if (bad) return bad;

  let stored: { data: Buffer; width: number; height: number };
  try {
    stored = await reencode(body);
  } catch {
    return new AppError('photo_type', { details: [{ field: 'body', reason: 'unreadable' }] });
  }
  const storedSha = sha256Hex(stored.data);
  const { key } = await deps.store.put(stored.data, storedSha);
  const inserted = await insertPhoto(deps.db, {
    punch_id: punchId,
    sha256_original: sha256,
    sha256_stored: storedSha,
    storage_key: key,
    bytes: body.length,
    stored_bytes: stored.data.length,
    width: stored.width,
    height: stored.height,
    content_type: contentType as PhotoContentType,
    uploaded_at: deps.now(),
    uploaded_by: who.accountId,
  });
  // A concurrent upload of the same punch may have won the insert: answer as a retry would.
  const row = await getPhoto(deps.db, punchId);
  if (!row) throw new Error(`photo row of punch ${punchId} missing after insert`);
  if (!inserted && row.sha256_original !== sha256) return new AppError('photo_conflict');
  return { status: inserted ? 201 : 200, body: photoView(row) };
}

/**
 * The stored JPEG of punch `punchId`, for its owner and admins in scope. An admin's read
 * is written to the audit log before the bytes are handed out (access logging of
 * biometric data, UU 27/2022). A purged photo is "not found".
 */
export async function readPhoto(
  deps: PhotoDeps,
  claims: TokenClaims,
  punchId: string,
): Promise<{ bytes: Buffer; record: PhotoRecord } | AppError> {
  await authorize(deps.db, claims, { kind: 'punch', id: punchId }, { own: true });
  const punch = await getPunch(deps.db, punchId);
  if (!punch) return new AppError('not_found');
  const record = await getPhoto(deps.db, punchId);
  if (!record || record.purged_at !== null) return new AppError('not_found');
  const bytes = await deps.store.get(record.storage_key);
  if (!bytes) return new AppError('not_found');
  if (claims.role !== 'employee') {
    const account = await getAccount(deps.db, claims.sub);
    await appendAudit(deps.db, {
      at: deps.now(),
      actor_account_id: claims.sub,
      actor_label: account?.username ?? `account:${claims.sub}`,
      action: 'photo.viewed',
      target: `punch:${punchId}`,
      detail: JSON.stringify({ employeeId: punch.employee_id, sha256: record.sha256_stored }),
    });
  }
  return { bytes, record };
}
