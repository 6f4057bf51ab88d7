import { syntheticPunch } from '../reports/punch-rows.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoListResponse, PunchPhotoView } from '../../../core/wire.js';
import { listAudit } from '../../platform/audit/audit.js';
import { insertPunch } from '../check-ins/store.js';
import { call, login, NIP_A, NIP_B, newId, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A smooth RGB gradient, like a well-lit selfie compresses (a few KB at q80). */
function gradient(width: number, height: number): Sharp {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      px[i] = Math.floor((255 * x) / width);
      px[i + 1] = Math.floor((255 * y) / height);
      px[i + 2] = 128;
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } });
}

const jpeg = (w: number, h: number) => gradient(w, h).jpeg({ quality: 80 }).toBuffer();

interface Images {
  /** 480×480 JPEG with EXIF (camera make, GPS-like comment) that must not survive. */
  selfie: Buffer;
  /** 320×240 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6). */
  sideways: Buffer;
  webp: Buffer;
  other: Buffer;
  png: Buffer;
  huge: Buffer;
  tiny: Buffer;
}

async function images(): Promise<Images> {
  return {
    selfie: await gradient(480, 480)
      .jpeg({ quality: 80 })
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'X1', ImageDescription: 'lat -5.1477 lon 119.4327' } })
      .toBuffer(),
    sideways: await gradient(320, 240).jpeg({ quality: 80 }).withMetadata({ orientation: 6 }).toBuffer(),
    webp: await gradient(400, 300).webp({ quality: 60 }).toBuffer(),
    other: await jpeg(200, 200),
    png: await gradient(100, 100).png().toBuffer(),
    huge: await sharp({ create: { width: 1100, height: 1100, channels: 3, background: '#808080' } })
      .jpeg({ quality: 50 })
      .toBuffer(),
    tiny: await jpeg(32, 32),
  };
}

describe.each(ENGINES)('selfie photos over HTTP on %s', (engine) => {
  let s: TestServer;
  let dataDir: string;
  let img: Images;
  let tokenA: string;
  let tokenB: string;
  let tokenDinkes: string;
  let tokenDisdik: string;
  let tokenAgency: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hadir-photos-'));
    s = await startServer(engine, { config: { dataDir } });
    img = await images();
    tokenA = (await login(s.url, NIP_A)).token;
    tokenB = (await login(s.url, NIP_B)).token;
    tokenDinkes = (await login(s.url, 'admin.dinkes')).token;
    tokenDisdik = (await login(s.url, 'admin.disdik')).token;
    tokenAgency = (await login(s.url, 'admin')).token;
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Stores a punch of employee A (or `employeeId`) that declares the photo `photo`, directly in the log. */
  async function punch(photo: Buffer | null, employeeId = s.seeded.employees.a): Promise<string> {
    const id = newId(NOW - 60_000);
    const row = syntheticPunch(id, employeeId, 'in', NOW - 60_000, 'Asia/Makassar', {
      photo_sha256: photo ? sha256(photo) : null,
      photo_bytes: photo ? photo.length : null,
    });
    expect(await insertPunch(s.t.db, row)).toBe('inserted');
    return id;
  }

  async function put(token: string, id: string, body: Buffer | string, type = 'image/jpeg') {
    const res = await fetch(`${s.url}/api/v1/check-ins/${id}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as PunchPhotoView & { code?: string } };
  }

  async function get(token: string, id: string) {
    const res = await fetch(`${s.url}/api/v1/check-ins/${id}/photo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  }

  const audits = async () =>
    (await listAudit(s.t.db, { limit: 1000 })).filter((a) => a.action === 'photo.viewed');

  it('stores a JPEG selfie re-encoded without metadata, content-addressed on disk', async () => {
    expect(img.selfie.length).toBeLessThanOrEqual(40 * 1024);
    expect((await sharp(img.selfie).metadata()).exif).toBeDefined();
    const id = await punch(img.selfie);
    const r = await put(tokenA, id, img.selfie);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      punchId: id,
      sha256: sha256(img.selfie),
      bytes: img.selfie.length,
      contentType: 'image/jpeg',
      stored: { width: 480, height: 480 },
      uploadedAt: new Date(NOW).toISOString(),
      purgedAt: null,
    });
    const h = r.body.stored.sha256;
    const file = readFileSync(join(dataDir, 'photos', h.slice(0, 2), h.slice(2, 4), `${h}.jpg`));
    expect(sha256(file)).toBe(h);
    expect(file.length).toBe(r.body.stored.bytes);
    const meta = await sharp(file).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 480, height: 480 });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();

    const row = await s.t.db
      .selectFrom('punch_photos')
      .selectAll()
      .where('punch_id', '=', id)
      .executeTakeFirst();
    expect(row).toMatchObject({
      sha256_stored: h,
      uploaded_by: s.seeded.accounts.a,
      content_type: 'image/jpeg',
    });
  });

  it('stores a WebP selfie as JPEG', async () => {
    const id = await punch(img.webp);
    const r = await put(tokenA, id, img.webp, 'image/webp');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ contentType: 'image/webp', stored: { width: 400, height: 300 } });
    const got = await get(tokenA, id);
    expect(got.status).toBe(200);
    expect((await sharp(got.bytes).metadata()).format).toBe('jpeg');
  });

  it('turns a sideways photo upright by its EXIF orientation, then drops the EXIF', async () => {
    const id = await punch(img.sideways);
    const r = await put(tokenA, id, img.sideways);
    expect(r.status).toBe(201);
    expect(r.body.stored).toMatchObject({ width: 240, height: 320 });
    const meta = await sharp((await get(tokenA, id)).bytes).metadata();
    expect(meta).toMatchObject({ width: 240, height: 320 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('answers 200 with the first record when the same photo is sent again, 409 for a different one', async () => {
    const id = await punch(img.other);
    const first = await put(tokenA, id, img.other);
    expect(first.status).toBe(201);
    const again = await put(tokenA, id, img.other);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const different = await put(tokenA, id, img.selfie);
    expect(different.status).toBe(409);
    expect(different.body.code).toBe('photo_conflict');
    const rows = await s.t.db.selectFrom('punch_photos').selectAll().where('punch_id', '=', id).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses other image types and text by content type and by magic bytes (415 photo_type)', async () => {
    const id = await punch(img.png);
    expect(await put(tokenA, id, img.png, 'image/png')).toMatchObject({
      status: 415,
      body: { code: 'photo_type' },
    });
    expect(await put(tokenA, id, img.png, 'image/jpeg')).toMatchObject({
      status: 415,
      body: { code: 'photo_type' },
    });
    const text = Buffer.from('bukan foto');
    const textId = await punch(text);
    expect(await put(tokenA, textId, text, 'text/plain')).toMatchObject({
      status: 415,
      body: { code: 'photo_type' },
    });
    expect(await put(tokenA, textId, text, 'image/webp')).toMatchObject({
      status: 415,
      body: { code: 'photo_type' },
    });
    expect(await put(tokenA, textId, '{}', 'application/json')).toMatchObject({
      status: 415,
      body: { code: 'photo_type' },
    });
    // A WebP sent as JPEG: the bytes decide, and they must agree with the declared type.
    const webpId = await punch(img.webp);
    expect(await put(tokenA, webpId, img.webp, 'image/jpeg')).toMatchObject({ status: 415 });
    expect(
      await s.t.db
        .selectFrom('punch_photos')
        .selectAll()
        .where('punch_id', 'in', [id, textId, webpId])
        .execute(),
    ).toEqual([]);
  });

  it('refuses a body over HADIR_PHOTO_MAX_BYTES (413 photo_too_large)', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(s.config.photoMaxBytes)]);
    const id = await punch(big);
    expect(await put(tokenA, id, big)).toMatchObject({ status: 413, body: { code: 'photo_too_large' } });
  });

  it('refuses more than 1024 px per side and less than 64 (422 photo_dimensions)', async () => {
    expect(img.huge.length).toBeLessThanOrEqual(40 * 1024);
    const hugeId = await punch(img.huge);
    expect(await put(tokenA, hugeId, img.huge)).toMatchObject({
      status: 422,
      body: { code: 'photo_dimensions', details: [{ reason: 'too_many_pixels' }] },
    });
    const tinyId = await punch(img.tiny);
    expect(await put(tokenA, tinyId, img.tiny)).toMatchObject({
      status: 422,
      body: { code: 'photo_dimensions', details: [{ reason: 'too_small' }] },
    });
  });

  it('refuses a photo other than the one the check-in declared (422 photo_hash_mismatch)', async () => {
    const id = await punch(img.selfie);
    expect(await put(tokenA, id, img.other)).toMatchObject({
      status: 422,
      body: { code: 'photo_hash_mismatch' },
    });
  });

  it('refuses a photo for a check-in that recorded none (422 photo_not_expected)', async () => {
    const id = await punch(null);
    expect(await put(tokenA, id, img.other)).toMatchObject({
      status: 422,
      body: { code: 'photo_not_expected' },
    });
  });

  it("does not let an employee upload to or read another employee's check-in (404)", async () => {
    const id = await punch(img.other);
    expect(await put(tokenB, id, img.other)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await put(tokenA, newId(), img.other)).toMatchObject({ status: 404 });
    expect((await put(tokenA, id, img.other)).status).toBe(201);
    expect((await get(tokenB, id)).status).toBe(404);
    const unauthenticated = await fetch(`${s.url}/api/v1/check-ins/${id}/photo`);
    expect(unauthenticated.status).toBe(401);
  });

  it('gives the owner the stored JPEG without an audit entry', async () => {
    const id = await punch(img.selfie);
    const stored = (await put(tokenA, id, img.selfie)).body.stored;
    const before = (await audits()).length;
    const r = await get(tokenA, id);
    expect(r.status).toBe(200);
    expect(r.type).toBe('image/jpeg');
    expect(sha256(r.bytes)).toBe(stored.sha256);
    expect((await audits()).length).toBe(before);
  });

  it('lets admins in scope read a photo and writes photo.viewed for each read; refuses admins outside', async () => {
    const id = await punch(img.selfie);
    expect((await put(tokenA, id, img.selfie)).status).toBe(201);
    const before = await audits();

    // Employee A works at the puskesmas under Dinas Kesehatan, not under Dinas Pendidikan.
    expect((await get(tokenDisdik, id)).status).toBe(404);
    expect(await audits()).toHaveLength(before.length);

    const r = await get(tokenDinkes, id);
    expect(r.status).toBe(200);
    expect(r.type).toBe('image/jpeg');
    const after = await audits();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({
      actor_account_id: s.seeded.accounts.dinkesAdmin,
      actor_label: 'admin.dinkes',
      action: 'photo.viewed',
      target: `punch:${id}`,
      at: NOW,
    });
    expect(JSON.parse(after[0]?.detail ?? '{}')).toMatchObject({ employeeId: s.seeded.employees.a });

    expect((await get(tokenAgency, id)).status).toBe(200);
    expect(await audits()).toHaveLength(before.length + 2);
  });

  it("lists the employee's own photos for a date range", async () => {
    const mine = await call<PhotoListResponse>(
      s.url,
      'GET',
      '/api/v1/me/photos?from=2026-03-01&to=2026-03-31',
      {
        token: tokenA,
      },
    );
    expect(mine.status).toBe(200);
    expect(mine.body.photos.length).toBeGreaterThanOrEqual(5);
    for (const p of mine.body.photos)
      expect(p).toMatchObject({ workDate: '2026-03-02', kind: 'in', purgedAt: null });
    const stored = await s.t.db
      .selectFrom('punch_photos')
      .innerJoin('punches', 'punches.id', 'punch_photos.punch_id')
      .select('punch_id')
      .where('punches.employee_id', '=', s.seeded.employees.a)
      .execute();
    expect(mine.body.photos.map((p) => p.punchId).sort()).toEqual(stored.map((r) => r.punch_id).sort());

    const theirs = await call<PhotoListResponse>(
      s.url,
      'GET',
      '/api/v1/me/photos?from=2026-03-01&to=2026-03-31',
      {
        token: tokenB,
      },
    );
    expect(theirs.body.photos).toEqual([]);
    const other = await call<PhotoListResponse>(
      s.url,
      'GET',
      '/api/v1/me/photos?from=2026-03-03&to=2026-03-31',
      {
        token: tokenA,
      },
    );
    expect(other.body.photos).toEqual([]);
    const bad = await call(s.url, 'GET', '/api/v1/me/photos?from=2026-03-31&to=2026-03-01', {
      token: tokenA,
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_date_range' } });
  });

  it('keeps photo rows append-only in the database', async () => {
    const id = await punch(img.other);
    expect((await put(tokenA, id, img.other)).status).toBe(201);
    await expect(
      s.t.db.updateTable('punch_photos').set({ width: 1 }).where('punch_id', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(s.t.db.deleteFrom('punch_photos').where('punch_id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
