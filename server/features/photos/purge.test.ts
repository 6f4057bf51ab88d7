import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { uuidV7 } from '../../../core/uuid.js';
import { listAudit } from '../../platform/audit/audit.js';
import { insertPunch } from '../check-ins/store.js';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/cli.js';
import { openDatabase } from '../../platform/db/engine.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import type { Database, NewPunchRow } from '../../platform/db/schema.js';
import { insertEmployee } from '../employees/store.js';
import { insertUnit } from '../units/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import type { Kysely } from 'kysely';
import { DiskPhotoStore } from './photo-store.js';
import { purgePhotos } from './purge.js';
import { getPhoto } from './store.js';
import { uploadPhoto } from './service.js';
import type { PhotoDeps } from './service.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 0, 0, 0);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const picture = (shade: number) =>
  sharp({ create: { width: 96, height: 96, channels: 3, background: { r: shade, g: 90, b: 60 } } })
    .jpeg()
    .toBuffer();

async function employee(db: Kysely<Database>): Promise<number> {
  const unit = await insertUnit(db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Makassar' });
  const e = await insertEmployee(db, {
    kind: 'non_asn',
    nip: null,
    internalId: 'NA-1',
    name: 'Dewi',
    unitId: unit.id,
    position: 'Staf',
    active: true,
  });
  return e.id;
}

/** A punch declaring `photo`, and its photo uploaded at `at`. */
async function photoAt(deps: PhotoDeps, employeeId: number, photo: Buffer, at: number): Promise<string> {
  const id = uuidV7(at, Buffer.alloc(10, Math.floor(Math.random() * 256)));
  const row: NewPunchRow = {
    id,
    employee_id: employeeId,
    kind: 'in',
    source: 'app',
    captured_at: at,
    received_at: at,
    lat: 0,
    lon: 0,
    accuracy: 5,
    request_hash: sha256(Buffer.from(id)),
    work_date: new Date(at).toISOString().slice(0, 10),
    zone: 'Asia/Makassar',
    local_time: '08:00:00',
    fence_status: 'no_location',
    location_id: null,
    location_name: null,
    distance_m: 0,
    by_accuracy: 0,
    window: 'no_schedule',
    late_minutes: 0,
    early_minutes: 0,
    scheduled_start: null,
    scheduled_end: null,
    flags: '[]',
    time_of_record: at,
    time_source: 'device_clock',
    anchor_time: null,
    elapsed_ms: null,
    device_id: null,
    photo_sha256: sha256(photo),
    photo_bytes: photo.length,
  };
  await insertPunch(deps.db, row);
  const r = await uploadPhoto(
    { ...deps, now: () => at },
    { employeeId, accountId: 1 },
    id,
    'image/jpeg',
    photo,
  );
  if (r instanceof AppError) throw r;
  return id;
}

describe.each(ENGINES)('photo retention on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  let deps: PhotoDeps;
  let emp: number;

  beforeEach(async () => {
    t = await openTestDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'hadir-purge-'));
    deps = { db: t.db, store: DiskPhotoStore.inDataDir(dir), now: () => NOW, maxBytes: 40_960 };
    emp = await employee(t.db);
  });
  afterEach(async () => {
    await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileOf = async (punchId: string) => {
    const p = await getPhoto(t.db, punchId);
    return join(dir, 'photos', p?.storage_key ?? 'missing');
  };

  it('deletes files older than the retention, keeps the rows and marks them purged', async () => {
    const old = await photoAt(deps, emp, await picture(10), NOW - 91 * DAY);
    const young = await photoAt(deps, emp, await picture(200), NOW - 89 * DAY);
    const oldFile = await fileOf(old);
    expect(existsSync(oldFile)).toBe(true);

    expect(await purgePhotos(t.db, deps.store, { now: NOW, retentionDays: 90, dryRun: true })).toMatchObject({
      photos: 1,
      files: 0,
    });
    expect(existsSync(oldFile)).toBe(true);

    expect(await purgePhotos(t.db, deps.store, { now: NOW, retentionDays: 90 })).toMatchObject({
      photos: 1,
      files: 1,
    });
    expect(existsSync(oldFile)).toBe(false);
    expect(existsSync(await fileOf(young))).toBe(true);
    expect((await getPhoto(t.db, old))?.purged_at).toBe(NOW);
    expect((await getPhoto(t.db, young))?.purged_at).toBeNull();
    // Idempotent: nothing left to purge.
    expect(await purgePhotos(t.db, deps.store, { now: NOW, retentionDays: 90 })).toMatchObject({ photos: 0 });
    await expect(t.db.deleteFrom('photo_purges').execute()).rejects.toThrow(/append-only/);
  });

  it('keeps a file shared with a younger punch until that one expires too', async () => {
    const same = await picture(120);
    const old = await photoAt(deps, emp, same, NOW - 100 * DAY);
    const young = await photoAt(deps, emp, same, NOW - 10 * DAY);
    const file = await fileOf(old);
    expect(await fileOf(young)).toBe(file);

    expect(await purgePhotos(t.db, deps.store, { now: NOW, retentionDays: 90 })).toMatchObject({
      photos: 1,
      files: 0,
    });
    expect(existsSync(file)).toBe(true);
    expect(await purgePhotos(t.db, deps.store, { now: NOW + 81 * DAY, retentionDays: 90 })).toMatchObject({
      photos: 1,
      files: 1,
    });
    expect(existsSync(file)).toBe(false);
  });
});

describe('hadir photos purge (SQLite)', () => {
  it('purges by HADIR_PHOTO_RETENTION_DAYS and writes an audit entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hadir-purge-cli-'));
    try {
      const h = openDatabase({ databaseUrl: null, dataDir: dir, sqliteSync: 'normal' });
      await migrateToLatest(h);
      const deps: PhotoDeps = {
        db: h.db,
        store: DiskPhotoStore.inDataDir(dir),
        now: () => NOW,
        maxBytes: 40_960,
      };
      const emp = await employee(h.db);
      const old = await photoAt(deps, emp, await picture(30), NOW - 31 * DAY);
      await photoAt(deps, emp, await picture(60), NOW - 29 * DAY);
      const out: string[] = [];
      const io: CliIo = {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
        env: { HADIR_DATA_DIR: dir, HADIR_WEB_DIR: 'none', HADIR_PHOTO_RETENTION_DAYS: '30' },
        cwd: dir,
        now: () => NOW,
        readPassword: () => Promise.reject(new Error('no password')),
      };
      expect(await runCli(['photos', 'purge', '--dry-run'], io)).toBe(0);
      expect(out.join('\n')).toContain('would be purged: 1');
      expect(await runCli(['photos', 'purge'], io)).toBe(0);
      expect(out.join('\n')).toContain('photos purged: 1 (berkas / files: 1)');
      expect((await getPhoto(h.db, old))?.purged_at).toBe(NOW);
      const audit = (await listAudit(h.db, { limit: 10 })).find((a) => a.action === 'photo.purge');
      expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ photos: 1, files: 1, retentionDays: 30 });
      expect(await runCli(['photos', 'shred'], io)).toBe(2);
      await h.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
