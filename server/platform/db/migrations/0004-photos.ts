/**
 * Selfies with check-ins (issue 4), and the per-unit setting that asks for them.
 *
 * - `units.selfie_required`: 1 / 0, or null to inherit from the nearest ancestor that
 *   sets it (core/selfie.ts; nobody set → not required).
 * - `punch_photos`: one stored selfie per punch, append-only like the punches it belongs
 *   to. The photo is evidence: once recorded it is never replaced.
 * - `photo_purges`: one row per photo whose file was deleted at the end of its retention
 *   period (UU 27/2022: personal data is kept only as long as needed). A separate
 *   append-only table rather than a flag column, so `punch_photos` never needs an UPDATE
 *   and the purge itself leaves a dated trace.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const APPEND_ONLY = ['punch_photos', 'photo_purges'] as const;

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .alterTable('units')
    .addColumn('selfie_required', 'integer', (c) =>
      c.check(sql`selfie_required is null or selfie_required in (0, 1)`),
    )
    .execute();

  // bytes/content_type describe the upload as received (what the phone hashed);
  // stored_bytes/width/height the re-encoded JPEG kept on disk.
  await db.schema
    .createTable('punch_photos')
    .addColumn('punch_id', 'text', (c) => c.primaryKey().references('punches.id'))
    .addColumn('sha256_original', 'text', (c) => c.notNull())
    .addColumn('sha256_stored', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('stored_bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.notNull())
    .addCheckConstraint('punch_photos_content_type_check', sql`content_type in ('image/jpeg', 'image/webp')`)
    .execute();
  await db.schema.createIndex('punch_photos_uploaded_idx').on('punch_photos').column('uploaded_at').execute();
  await db.schema.createIndex('punch_photos_key_idx').on('punch_photos').column('storage_key').execute();

  await db.schema
    .createTable('photo_purges')
    .addColumn('punch_id', 'text', (c) => c.primaryKey().references('punch_photos.punch_id'))
    .addColumn('purged_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();

  if (pg) {
    await sql`
      create function photos_append_only() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', tg_table_name;
      end
      $$`.execute(db);
    for (const t of APPEND_ONLY) {
      await sql`create trigger ${sql.raw(`${t}_no_change`)} before update or delete on ${sql.table(t)}
        for each row execute function photos_append_only()`.execute(db);
      await sql`create trigger ${sql.raw(`${t}_no_truncate`)} before truncate on ${sql.table(t)}
        for each statement execute function photos_append_only()`.execute(db);
    }
  } else {
    for (const t of APPEND_ONLY) {
      for (const op of ['update', 'delete']) {
        await sql`create trigger ${sql.raw(`${t}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(t)}
          begin select raise(abort, ${sql.lit(`${t} is append-only`)}); end`.execute(db);
      }
    }
  }
}

async function down(db: Db): Promise<void> {
  await db.schema.dropTable('photo_purges').execute();
  await db.schema.dropTable('punch_photos').execute();
  if (isPostgres(db)) await sql`drop function photos_append_only()`.execute(db);
  await db.schema.alterTable('units').dropColumn('selfie_required').execute();
}

export const photos: Migration = { up, down };
