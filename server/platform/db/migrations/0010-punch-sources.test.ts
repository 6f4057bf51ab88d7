/**
 * Migration 0010 on a database that already holds punches: on SQLite it rebuilds the
 * punches table, so the test checks that every row, the photo that references it and
 * the append-only guard survive, on both engines.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase } from '../../../test-support/engines.js';
import type { TestDatabase } from '../../../test-support/engines.js';
import { migrateToLatest } from '../migrate.js';
import { MIGRATIONS, migrationProvider } from './index.js';

/** The migration applied just before 0010, whatever its number. */
const BEFORE = Object.keys(MIGRATIONS)
  .sort()
  .filter((n) => n < '0010-punch-sources')
  .pop()!;

describe.each(ENGINES)('migration 0010 (punch sources) on %s', (engine) => {
  let t: TestDatabase;
  const punchId = randomUUID();

  beforeAll(async () => {
    t = await openTestDatabase(engine, { migrate: false });
    const migrator = new Migrator({ db: t.db, provider: migrationProvider });
    const r = await migrator.migrateTo(BEFORE);
    expect(r.error).toBeUndefined();
    // A punch and its selfie as the schema before 0010 stored them.
    await sql`insert into units (parent_id, name, kind, zone, path) values (null, 'Pemda', 'pemda', 'Asia/Jakarta', '/1/')`.execute(
      t.db,
    );
    await sql`insert into employees (kind, nip, internal_id, name, unit_id, position, active)
      values ('pns', '198609262015051001', null, 'Andi', 1, 'Staf', 1)`.execute(t.db);
    await sql`insert into punches (id, employee_id, kind, source, captured_at, received_at, lat, lon, accuracy,
        request_hash, work_date, zone, local_time, fence_status, location_id, location_name, distance_m,
        by_accuracy, "window", late_minutes, early_minutes, scheduled_start, scheduled_end, flags,
        time_of_record, time_source, anchor_time, elapsed_ms, device_id, photo_sha256, photo_bytes)
      values (${punchId}, 1, 'in', 'app', 1772409600000, 1772409601500, -6.2, 106.8, 12.5, ${'a'.repeat(64)},
        '2026-03-02', 'Asia/Jakarta', '07:00:00', 'inside', null, null, 0, 0, 'ok', 0, 0, '07:30', '16:00',
        '[]', 1772409600000, 'anchor', 1772409000000, 600000, 'dev-1', ${'b'.repeat(64)}, 30000)`.execute(
      t.db,
    );
    await sql`insert into punch_photos (punch_id, sha256_original, sha256_stored, storage_key, bytes,
        stored_bytes, width, height, content_type, uploaded_at, uploaded_by)
      values (${punchId}, ${'b'.repeat(64)}, ${'c'.repeat(64)}, 'cc/cc/x.jpg', 30000, 20000, 480, 360,
        'image/jpeg', 1772409700000, 1)`.execute(t.db);
    await migrateToLatest(t);
  });
  afterAll(() => t?.drop());

  it('keeps every punch as it was, with no terminal', async () => {
    const rows = await t.db.selectFrom('punches').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: punchId,
      source: 'app',
      lat: -6.2,
      lon: 106.8,
      accuracy: 12.5,
      captured_at: 1772409600000,
      time_source: 'anchor',
      device_id: 'dev-1',
      photo_bytes: 30000,
      terminal_id: null,
    });
  });

  it('keeps the photo referring to its punch', async () => {
    const photo = await t.db.selectFrom('punch_photos').selectAll().executeTakeFirst();
    expect(photo?.punch_id).toBe(punchId);
    // The reference still holds: a photo of a punch that does not exist is refused.
    await expect(
      sql`insert into punch_photos (punch_id, sha256_original, sha256_stored, storage_key, bytes,
          stored_bytes, width, height, content_type, uploaded_at, uploaded_by)
        values ('no-such-punch', 'x', 'y', 'z', 1, 1, 1, 1, 'image/jpeg', 1, 1)`.execute(t.db),
    ).rejects.toThrow(/foreign key/i);
  });

  it('keeps punches append-only', async () => {
    await expect(
      t.db.updateTable('punches').set({ kind: 'out' }).where('id', '=', punchId).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('punches').where('id', '=', punchId).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('keeps the indexes the reports read by, and adds the terminal one', async () => {
    const names =
      engine === 'sqlite'
        ? (
            await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'index' and tbl_name = 'punches'`.execute(t.db)
          ).rows.map((r) => r.name)
        : (
            await sql<{
              name: string;
            }>`select indexname as name from pg_indexes where tablename = 'punches'`.execute(t.db)
          ).rows.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['punches_employee_date_idx', 'punches_date_idx', 'punches_terminal_idx']),
    );
  });
});
