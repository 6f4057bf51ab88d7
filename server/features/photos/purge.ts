/**
 * Retention of selfies (UU 27/2022: personal data is kept no longer than its purpose
 * needs). A photo older than the retention period loses its file; its row stays — the
 * hashes, size and upload time remain as a record that a photo existed — and a row in
 * `photo_purges` says when the file went. Run daily by the operator (`hadir photos
 * purge`, e.g. from cron or a systemd timer).
 *
 * Age counts from the upload. The file is deleted before the purge is recorded: a crash
 * in between leaves a row the next run records (deleting a missing file is fine), never
 * a file nobody will delete.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { PhotoStore } from './photo-store.js';
import { insertPurge, keyInUse, listExpiredPhotos } from './store.js';

const DAY_MS = 86_400_000;
const PAGE = 500;

export interface PurgeResult {
  /** Photos past retention marked purged. */
  photos: number;
  /** Files deleted (fewer than photos when punches shared one picture, or files were gone). */
  files: number;
  /** Uploads before this instant (epoch ms) were purged. */
  cutoff: number;
}

/** Deletes the files of photos uploaded more than `retentionDays` before `now`. With `dryRun`, only counts. */
export async function purgePhotos(
  db: Kysely<Database>,
  store: PhotoStore,
  opts: { now: number; retentionDays: number; dryRun?: boolean },
): Promise<PurgeResult> {
  const cutoff = opts.now - opts.retentionDays * DAY_MS;
  if (opts.dryRun) {
    const r = await db
      .selectFrom('punch_photos')
      .leftJoin('photo_purges', 'photo_purges.punch_id', 'punch_photos.punch_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('photo_purges.punch_id', 'is', null)
      .where('punch_photos.uploaded_at', '<', cutoff)
      .executeTakeFirstOrThrow();
    return { photos: Number(r.n), files: 0, cutoff };
  }
  let photos = 0;
  let files = 0;
  for (;;) {
    const rows = await listExpiredPhotos(db, cutoff, PAGE);
    for (const row of rows) {
      // Content-addressed: the file may also be another, younger punch's photo.
      if (!(await keyInUse(db, row.storage_key, row.punch_id)) && (await store.delete(row.storage_key)))
        files++;
      await insertPurge(db, row.punch_id, opts.now, `retention ${opts.retentionDays} days`);
      photos++;
    }
    if (rows.length < PAGE) break;
  }
  return { photos, files, cutoff };
}
