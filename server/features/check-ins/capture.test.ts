/**
 * Offline capture over real HTTP (PLAN issue 4): device binding required, time anchors,
 * the time of record, review flags, batches and their idempotency.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCanonical } from '../../../core/capture.js';
import type {
  BatchCheckInResponse,
  CheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  DeviceView,
  TimeResponse,
  TodayResponse,
} from '../../../core/wire.js';
import { getPunch } from './store.js';
import { ENGINES } from '../../test-support/engines.js';
import {
  call,
  JAKARTA,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NIP_B,
  NOW,
  startServer,
  wita,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const HOUR = 3_600_000;

function sign(req: CheckInRequest, device: { deviceId: string; key: string }): CheckInRequest {
  const signature = createHmac('sha256', Buffer.from(device.key, 'base64url'))
    .update(captureCanonical(req))
    .digest('base64url');
  return { ...req, device: { id: device.deviceId, signature } };
}

function sansAnchor(b: CheckInResponse): Omit<CheckInResponse, 'anchor'> {
  const { anchor: _anchor, ...rest } = b;
  return rest;
}

describe.each(ENGINES)('offline capture on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;
  let tokenA: string;
  let tokenB: string;
  let devA: DeviceEnrolResponse;
  let devB: DeviceEnrolResponse;

  beforeAll(async () => {
    s = await startServer(engine, { config: { deviceBinding: 'required' }, now: () => clock });
    tokenA = (await login(s.url, NIP_A)).token;
    tokenB = (await login(s.url, NIP_B)).token;
    devA = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', {
        token: tokenA,
        body: { label: 'Chrome di Android' },
      })
    ).body;
    devB = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', {
        token: tokenB,
        body: { label: 'Safari di iPhone' },
      })
    ).body;
  });
  afterAll(() => s?.close());

  const post = (b: unknown, token = tokenA) =>
    call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body: b });
  const anchorFor = async (token: string, deviceId: string | null) =>
    (
      await call<TimeResponse>(s.url, 'GET', '/api/v1/time', {
        token,
        headers: deviceId ? { 'x-hadir-device': deviceId } : {},
      })
    ).body.anchor;

  function capture(at: number, over: Partial<CheckInRequest> = {}): CheckInRequest {
    return {
      id: newId(at),
      kind: 'in',
      capturedAt: new Date(at).toISOString(),
      location: { ...MAKASSAR, accuracy: 10 },
      ...over,
    };
  }

  it("activates an employee's first device at once and hands out a 32-byte key", () => {
    expect(devA.status).toBe('active');
    expect(Buffer.from(devA.key, 'base64url')).toHaveLength(32);
  });

  it('refuses an unsigned capture (400 device_signature_missing) and a wrong signature (401)', async () => {
    const unsigned = await post(capture(NOW));
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({ code: 'device_signature_missing' });
    const good = sign(capture(NOW), devA);
    const tampered = { ...good, kind: 'out' };
    expect((await post(tampered)).body).toMatchObject({ code: 'device_signature_invalid' });
    const wrongKey = sign(capture(NOW), { deviceId: devA.deviceId, key: devB.key });
    const r = await post(wrongKey);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'device_signature_invalid' });
    const unknown = sign(capture(NOW), { deviceId: 'no-such-device', key: devA.key });
    expect((await post(unknown)).body).toMatchObject({ code: 'device_signature_invalid' });
  });

  it("refuses a capture signed with another employee's device (403 device_not_yours)", async () => {
    const r = await post(sign(capture(NOW), devA), tokenB);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'device_not_yours' });
  });

  it('dates a capture by anchor + elapsed when the phone clock is 5 hours wrong', async () => {
    clock = wita(7, 20);
    const anchor = await anchorFor(tokenA, devA.deviceId);
    clock = wita(7, 27);
    const phoneClock = new Date(wita(7, 25) + 5 * HOUR).toISOString();
    const req = sign(
      capture(wita(7, 25), {
        capturedAt: phoneClock,
        time: { anchor: anchor.token, elapsedMs: 5 * 60_000, deviceTime: phoneClock, skewMs: 5 * HOUR },
      }),
      devA,
    );
    const r = await post(req);
    clock = NOW;
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      timeOfRecord: new Date(wita(7, 25)).toISOString(),
      timeSource: 'anchor',
      deviceId: devA.deviceId,
      capturedAt: phoneClock,
      localTime: '07:25:00',
      timing: { lateMinutes: 0 },
      flags: [],
    });
    expect(r.body.anchor?.token).toEqual(expect.any(String));
    expect(await getPunch(s.t.db, req.id)).toMatchObject({
      time_of_record: wita(7, 25),
      anchor_time: wita(7, 20),
      elapsed_ms: 300_000,
      time_source: 'anchor',
      device_id: devA.deviceId,
    });
  });

  it('falls back to the phone clock minus its skew, flagged time_unverified, when the chain is broken', async () => {
    const phoneClock = new Date(wita(7, 31) + 5 * HOUR).toISOString();
    const r = await post(
      sign(
        capture(wita(7, 31), { capturedAt: phoneClock, time: { deviceTime: phoneClock, skewMs: 5 * HOUR } }),
        devA,
      ),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      timeOfRecord: new Date(wita(7, 31)).toISOString(),
      timeSource: 'device_clock',
      localTime: '07:31:00',
      flags: ['time_unverified'],
    });
  });

  it('flags clock_inconsistent when the anchor and the corrected phone clock disagree', async () => {
    const anchor = await anchorFor(tokenA, devA.deviceId);
    const phoneClock = new Date(NOW + HOUR).toISOString();
    const r = await post(
      sign(
        capture(NOW, {
          capturedAt: phoneClock,
          time: { anchor: anchor.token, elapsedMs: 0, deviceTime: phoneClock },
        }),
        devA,
      ),
    );
    expect(r.status).toBe(201);
    expect(r.body.flags).toEqual(['clock_inconsistent']);
  });

  it('refuses a forged anchor, one of another employee and one of another device (422 anchor_invalid)', async () => {
    const mine = await anchorFor(tokenA, devA.deviceId);
    const [payload, sig] = mine.token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { t: number };
    claims.t -= HOUR;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const others = await anchorFor(tokenB, devB.deviceId);
    const unbound = await anchorFor(tokenA, null);
    for (const token of [forged, others.token, unbound.token]) {
      const r = await post(
        sign(
          capture(NOW, { time: { anchor: token, elapsedMs: 0, deviceTime: new Date(NOW).toISOString() } }),
          devA,
        ),
      );
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code: 'anchor_invalid' });
    }
  });

  it('refuses an expired anchor (422 anchor_expired) and implausible elapsed times (422 elapsed_invalid)', async () => {
    clock = NOW - 8 * 86_400_000;
    const old = await anchorFor(tokenA, devA.deviceId);
    clock = NOW;
    const fresh = await anchorFor(tokenA, devA.deviceId);
    const at = new Date(NOW).toISOString();
    const tries: [string, number, string][] = [
      [old.token, 8 * 86_400_000, 'anchor_expired'],
      [fresh.token, -1, 'elapsed_invalid'],
      [fresh.token, s.config.clockToleranceSec * 1000 + 1, 'elapsed_invalid'],
    ];
    for (const [anchor, elapsedMs, code] of tries) {
      const r = await post(sign(capture(NOW, { time: { anchor, elapsedMs, deviceTime: at } }), devA));
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ code });
    }
  });

  it('flags late_submission when the capture arrives more than a day after its time of record', async () => {
    const at = NOW - 2 * 86_400_000;
    const iso = new Date(at).toISOString();
    const r = await post(sign(capture(at, { capturedAt: iso, time: { deviceTime: iso } }), devA));
    expect(r.status).toBe(201);
    expect(r.body.flags).toEqual(
      expect.arrayContaining(['time_unverified', 'capture_delayed', 'late_submission']),
    );
    expect(r.body.workDate).toBe('2026-02-28');
  });

  it('holds a second device pending until an admin of the unit approves it; others cannot', async () => {
    const second = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', {
        token: tokenA,
        body: { label: 'Tablet' },
      })
    ).body;
    expect(second.status).toBe('pending');
    const refused = await post(sign(capture(NOW), second));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'device_pending' });

    const dinkes = (await login(s.url, 'admin.dinkes')).token;
    const disdik = (await login(s.url, 'admin.disdik')).token;
    const listed = await call<{ devices: DeviceView[] }>(s.url, 'GET', '/api/v1/devices?status=pending', {
      token: dinkes,
    });
    expect(listed.body.devices.map((d) => d.id)).toContain(second.deviceId);
    const hidden = await call<{ devices: DeviceView[] }>(s.url, 'GET', '/api/v1/devices?status=pending', {
      token: disdik,
    });
    expect(hidden.body.devices.map((d) => d.id)).not.toContain(second.deviceId);
    const outside = await call(s.url, 'POST', `/api/v1/devices/${second.deviceId}/approve`, {
      token: disdik,
    });
    expect(outside.status).toBe(404);
    const byEmployee = await call(s.url, 'POST', `/api/v1/devices/${second.deviceId}/approve`, {
      token: tokenA,
    });
    expect(byEmployee.status).toBe(403);

    const approved = await call<DeviceView>(s.url, 'POST', `/api/v1/devices/${second.deviceId}/approve`, {
      token: dinkes,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', employeeId: s.seeded.employees.a });
    expect((await post(sign(capture(NOW), second))).status).toBe(201);
    const audit = await s.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target', '=', `device:${second.deviceId}`)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['device.enrol', 'device.approve']);

    // An anchor bound to the first phone does not date a capture of the second.
    const anchor = await anchorFor(tokenA, devA.deviceId);
    const cross = await post(
      sign(
        capture(NOW, {
          time: { anchor: anchor.token, elapsedMs: 0, deviceTime: new Date(NOW).toISOString() },
        }),
        second,
      ),
    );
    expect(cross.body).toMatchObject({ code: 'anchor_invalid' });

    const revoked = await call<DeviceView>(s.url, 'POST', `/api/v1/devices/${second.deviceId}/revoke`, {
      token: dinkes,
    });
    expect(revoked.body.status).toBe('revoked');
    const r = await post(sign(capture(NOW), second));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'device_revoked' });
  });

  it("shows today's anchor, the phone's device and the selfie setting on /me/today", async () => {
    const r = await call<TodayResponse>(s.url, 'GET', '/api/v1/me/today', {
      token: tokenA,
      headers: { 'x-hadir-device': devA.deviceId },
    });
    expect(r.status).toBe(200);
    expect(r.body.anchor.serverTime).toBe(new Date(NOW).toISOString());
    expect(r.body.device).toMatchObject({ id: devA.deviceId, status: 'active' });
    expect(r.body.selfieRequired).toBe(false);
  });

  it('answers a batch of new, retried, conflicting and invalid items one by one', async () => {
    const stored = sign(capture(NOW), devA);
    expect((await post(stored)).status).toBe(201);
    const fresh = sign(capture(NOW), devA);
    const conflict = sign({ ...stored, kind: 'out' }, devA);
    const badLat = sign(capture(NOW, { location: { lat: 91, lon: 0, accuracy: 5 } }), devA);
    const unsigned = capture(NOW);
    const unknown = { ...capture(NOW), extra: 1 };
    const r = await call<BatchCheckInResponse>(s.url, 'POST', '/api/v1/check-ins/batch', {
      token: tokenA,
      body: { checkIns: [fresh, stored, conflict, badLat, unsigned, unknown] },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => [x.id, x.status, x.error?.code])).toEqual([
      [fresh.id, 201, undefined],
      [stored.id, 200, undefined],
      [stored.id, 409, 'id_conflict'],
      [badLat.id, 400, 'invalid_location'],
      [unsigned.id, 400, 'device_signature_missing'],
      [unknown.id, 400, 'unknown_field'],
    ]);
    expect(r.body.results[0]?.body).toMatchObject({ id: fresh.id, deviceId: devA.deviceId });
    expect(r.body.anchor.token).toEqual(expect.any(String));
    const empty = await call(s.url, 'POST', '/api/v1/check-ins/batch', {
      token: tokenA,
      body: { checkIns: [] },
    });
    expect(empty.status).toBe(400);
  });

  it('stores each capture exactly once with one answer, whatever the order, duplication and interleaving of flushes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (n, flushes, concurrent) => {
          const captures = Array.from({ length: n }, (_, i) =>
            sign(capture(wita(7, 10 + i), { kind: i % 2 ? 'out' : 'in' }), devA),
          );
          // Every capture reaches the server at least once (the outbox keeps it until answered).
          const batches = [
            ...flushes.map((f) => f.map((k) => captures[k % n] as CheckInRequest)),
            [...captures].reverse(),
          ];
          const send = (items: CheckInRequest[]) =>
            call<BatchCheckInResponse>(s.url, 'POST', '/api/v1/check-ins/batch', {
              token: tokenA,
              body: { checkIns: items },
            });
          const answers = concurrent
            ? await Promise.all(batches.map(send))
            : await batches.reduce<Promise<Awaited<ReturnType<typeof send>>[]>>(
                async (acc, b) => [...(await acc), await send(b)],
                Promise.resolve([]),
              );
          const byId = new Map<string, { statuses: number[]; bodies: Omit<CheckInResponse, 'anchor'>[] }>();
          for (const a of answers) {
            expect(a.status).toBe(200);
            for (const r of a.body.results) {
              const e = byId.get(r.id) ?? { statuses: [], bodies: [] };
              e.statuses.push(r.status);
              if (r.body) e.bodies.push(sansAnchor(r.body));
              byId.set(r.id, e);
            }
          }
          for (const c of captures) {
            const e = byId.get(c.id);
            expect(e?.statuses.filter((x) => x === 201)).toHaveLength(1);
            expect(e?.statuses.every((x) => x === 200 || x === 201)).toBe(true);
            for (const b of e?.bodies ?? []) expect(b).toEqual(e?.bodies[0]);
            const rows = await s.t.db.selectFrom('punches').select('id').where('id', '=', c.id).execute();
            expect(rows).toHaveLength(1);
            const row = await getPunch(s.t.db, c.id);
            expect(row?.late_minutes).toBe(e?.bodies[0]?.timing.lateMinutes);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe.each(ENGINES)('location honesty flags on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;
  let token: string;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
    token = (await login(s.url, NIP_A)).token;
  });
  afterAll(() => s?.close());

  const punch = async (at: number, location: { lat: number; lon: number; accuracy: number }, kind = 'in') => {
    clock = at;
    const r = await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
      token,
      body: { id: newId(at), kind, capturedAt: new Date(at).toISOString(), location },
    });
    clock = NOW;
    expect(r.status).toBe(201);
    return r.body.flags;
  };

  it('flags accuracy 0, accuracy wider than the fence, the same coordinates as another day, and impossible speed', async () => {
    const day1 = Date.UTC(2026, 1, 26, 0, 0); // Thursday 26 February, 08:00 WITA
    expect(await punch(day1, { ...MAKASSAR, accuracy: 0 })).toEqual(['time_unverified', 'accuracy_zero']);
    // Next day, exactly the same point: a spoofer's fixed coordinates.
    expect(await punch(day1 + 86_400_000, { ...MAKASSAR, accuracy: 0 })).toEqual([
      'time_unverified',
      'accuracy_zero',
      'same_coordinates',
    ]);
    const day3 = day1 + 2 * 86_400_000;
    expect(await punch(day3, { lat: MAKASSAR.lat + 0.0001, lon: MAKASSAR.lon, accuracy: 500 })).toEqual([
      'time_unverified',
      'accuracy_too_low',
    ]);
    // Makassar to Jakarta (~1,400 km) in 30 minutes.
    expect(await punch(day3 + 30 * 60_000, { ...JAKARTA, accuracy: 20 }, 'out')).toEqual(
      expect.arrayContaining(['impossible_speed']),
    );
  });
});
