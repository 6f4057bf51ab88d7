import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceResponse, CheckInResponse, TodayResponse } from '../../../core/wire.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(ENGINES)('whether a punch’s selfie is uploaded, on %s', (engine) => {
  let s: TestServer;
  let dataDir: string;
  let tokenA: string;
  let tokenAgency: string;
  let selfie: Buffer;
  let other: Buffer;
  /** A check-in declaring `selfie`, whose photo gets uploaded. */
  let withPhoto: Record<string, unknown>;
  let withPhotoFirst: CheckInResponse;
  /** A check-out declaring `other`, whose photo never arrives. */
  let waitingId: string;
  /** A check-out declaring no photo. */
  let plainId: string;

  const capture = (id: string, kind: 'in' | 'out', at: number, photo: Buffer | null) => ({
    id,
    kind,
    capturedAt: new Date(at).toISOString(),
    location: { ...MAKASSAR, accuracy: 8 },
    ...(photo ? { photo: { sha256: sha256(photo), bytes: photo.length } } : {}),
  });
  const checkIn = (body: unknown) =>
    call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token: tokenA, body });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hadir-uploaded-'));
    s = await startServer(engine, { config: { dataDir } });
    tokenA = (await login(s.url, NIP_A)).token;
    tokenAgency = (await login(s.url, 'admin')).token;
    const solid = (background: string) =>
      sharp({ create: { width: 200, height: 200, channels: 3, background } })
        .jpeg({ quality: 80 })
        .toBuffer();
    selfie = await solid('#336699');
    other = await solid('#996633');

    withPhoto = capture(newId(wita(7, 20)), 'in', wita(7, 20), selfie);
    const first = await checkIn(withPhoto);
    expect(first.status).toBe(201);
    withPhotoFirst = first.body;
    waitingId = newId(wita(7, 25));
    expect((await checkIn(capture(waitingId, 'out', wita(7, 25), other))).status).toBe(201);
    plainId = newId(wita(7, 26));
    expect((await checkIn(capture(plainId, 'out', wita(7, 26), null))).status).toBe(201);

    const put = await fetch(`${s.url}/api/v1/check-ins/${String(withPhoto['id'])}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(selfie),
    });
    expect(put.status).toBe(201);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** id → photo of each punch in a list. */
  const photos = (punches: CheckInResponse[]) => new Map(punches.map((p) => [p.id, p.photo]));

  it('answers a new punch with uploaded: false, as its photo comes later', () => {
    expect(withPhotoFirst.photo).toEqual({ sha256: sha256(selfie), uploaded: false });
  });

  it('answers a retried check-in with uploaded: true once its photo is stored', async () => {
    const again = await checkIn(withPhoto);
    expect(again.status).toBe(200);
    expect(again.body.photo).toEqual({ sha256: sha256(selfie), uploaded: true });
    const { anchor: _a, photo: _p, ...rest } = again.body;
    const { anchor: _b, photo: _q, ...firstRest } = withPhotoFirst;
    expect(rest).toEqual(firstRest);
  });

  it('shows uploaded per punch on /me/today', async () => {
    const r = await call<TodayResponse>(s.url, 'GET', '/api/v1/me/today', { token: tokenA });
    expect(r.status).toBe(200);
    const got = photos(r.body.punches);
    expect(got.get(String(withPhoto['id']))).toEqual({ sha256: sha256(selfie), uploaded: true });
    expect(got.get(waitingId)).toEqual({ sha256: sha256(other), uploaded: false });
    expect(got.get(plainId)).toBeNull();
  });

  it('shows uploaded per punch on /me/attendance and /employees/:id/attendance', async () => {
    const q = '?from=2026-03-01&to=2026-03-03';
    const mine = await call<AttendanceResponse>(s.url, 'GET', `/api/v1/me/attendance${q}`, { token: tokenA });
    const theirs = await call<AttendanceResponse>(
      s.url,
      'GET',
      `/api/v1/employees/${s.seeded.employees.a}/attendance${q}`,
      { token: tokenAgency },
    );
    for (const r of [mine, theirs]) {
      expect(r.status).toBe(200);
      const day = r.body.days.find((d) => d.date === '2026-03-02');
      const got = photos(day?.punches ?? []);
      expect(got.size).toBe(3);
      expect(got.get(String(withPhoto['id']))?.uploaded).toBe(true);
      expect(got.get(waitingId)?.uploaded).toBe(false);
      expect(got.get(plainId)).toBeNull();
      expect(day?.firstIn?.photo).toEqual({ sha256: sha256(selfie), uploaded: true });
    }
  });
});
