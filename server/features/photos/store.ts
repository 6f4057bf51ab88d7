/**
 * Rows of stored selfies (punch_photos) and of their purges (photo_purges). Both tables
 * are append-only: a photo row is written once, a purge is a new row, never an edit.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, PunchPhotoRow, PunchPhotosTable } from '../../platform/db/schema.js';

/** A photo row with the purge time when its file is gone. */
export type PhotoRecord = PunchPhotoRow & { purged_at: number | null };

function withPurge(db: Kysely<Database>) {
  return db
    .selectFrom('punch_photos')
    .leftJoin('photo_purges', 'photo_purges.punch_id', 'punch_photos.punch_id')
    .selectAll('punch_photos')
    .select('photo_purges.purged_at');
}

/** Stores the photo row unless the punch has one already; true when this call stored it. */
export async function insertPhoto(db: Kysely<Database>, p: Insertable<PunchPhotosTable>): Promise<boolean> {
  const r = await db
    .insertInto('punch_photos')
    .values(p)
    .onConflict((oc) => oc.column('punch_id').doNothing())
    .returning('punch_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function getPhoto(db: Kysely<Database>, punchId: string): Promise<PhotoRecord | undefined> {
  return withPurge(db).where('punch_photos.punch_id', '=', punchId).executeTakeFirst();
}

/**
 * Of the punches `punchIds`, those whose selfie has been uploaded (a punch_photos row
 * exists, purged or not: the phone must not send it again). One query for a whole list,
 * chunked under the engines' bound-parameter limits.
 */
export async function uploadedPhotoIds(
  db: Kysely<Database>,
  punchIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const CHUNK = 10_000;
  for (let i = 0; i < punchIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('punch_photos')
      .select('punch_id')
      .where('punch_id', 'in', punchIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.punch_id);
  }
  return found;
}

/** An employee's photos of punches with work dates in [fromDate, toDate], in capture order. */
export async function listPhotos(
  db: Kysely<Database>,
  employeeId: number,
  fromDate: string,
  toDate: string,
): Promise<(PhotoRecord & { work_date: string; kind: string })[]> {
  return withPurge(db)
    .innerJoin('punches', 'punches.id', 'punch_photos.punch_id')
    .select(['punches.work_date', 'punches.kind'])
    .where('punches.employee_id', '=', employeeId)
    .where('punches.work_date', '>=', fromDate)
    .where('punches.work_date', '<=', toDate)
    .orderBy('punches.captured_at')
    .orderBy('punches.id')
    .execute();
}

/** Photos uploaded before `cutoff` (epoch ms) whose file has not been purged yet, oldest first. */
export async function listExpiredPhotos(
  db: Kysely<Database>,
  cutoff: number,
  limit: number,
): Promise<PunchPhotoRow[]> {
  return db
    .selectFrom('punch_photos')
    .leftJoin('photo_purges', 'photo_purges.punch_id', 'punch_photos.punch_id')
    .selectAll('punch_photos')
    .where('photo_purges.punch_id', 'is', null)
    .where('punch_photos.uploaded_at', '<', cutoff)
    .orderBy('punch_photos.uploaded_at')
    .orderBy('punch_photos.punch_id')
    .limit(limit)
    .execute();
}

export async function insertPurge(
  db: Kysely<Database>,
  punchId: string,
  at: number,
  reason: string,
): Promise<void> {
  await db
    .insertInto('photo_purges')
    .values({ punch_id: punchId, purged_at: at, reason })
    .onConflict((oc) => oc.column('punch_id').doNothing())
    .execute();
}

/**
 * Whether a photo not yet purged, other than `exceptPunchId`'s, still uses the file under `key`. Files are
 * content-addressed, so two punches carrying the same picture share one file; it may be
 * deleted only when the last of them is purged.
 */
export async function keyInUse(db: Kysely<Database>, key: string, exceptPunchId: string): Promise<boolean> {
  const r = await db
    .selectFrom('punch_photos')
    .leftJoin('photo_purges', 'photo_purges.punch_id', 'punch_photos.punch_id')
    .select('punch_photos.punch_id')
    .where('punch_photos.storage_key', '=', key)
    .where('punch_photos.punch_id', '!=', exceptPunchId)
    .where('photo_purges.punch_id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}
