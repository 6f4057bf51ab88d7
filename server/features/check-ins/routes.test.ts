import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../../core/wire.js';
import { countPunches, getPunch } from './store.js';
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

const PATH = '/api/v1/check-ins';

/** An answer without its time anchor, which is fresh on every answer. */
function sansAnchor(b: CheckInResponse | undefined): Omit<CheckInResponse, 'anchor'> | undefined {
  if (!b) return b;
  const { anchor: _anchor, ...rest } = b;
  return rest;
}

describe.each(ENGINES)('POST /api/v1/check-ins on %s', (engine) => {
  let s: TestServer;
  let tokenA: string;
  let tokenB: string;
  let tokenAdmin: string;

  beforeAll(async () => {
    s = await startServer(engine);
    tokenA = (await login(s.url, NIP_A)).token;
    tokenB = (await login(s.url, NIP_B)).token;
    tokenAdmin = (await login(s.url, 'admin')).token;
  });
  afterAll(() => s?.close());

  function body(over: Record<string, unknown> = {}) {
    return {
      id: newId(wita(7, 29)),
      kind: 'in',
      capturedAt: new Date(wita(7, 29)).toISOString(),
      location: { ...MAKASSAR, accuracy: 12 },
      ...over,
    };
  }

  const post = (b: unknown, token = tokenA) => call<CheckInResponse>(s.url, 'POST', PATH, { token, body: b });

  it('stores an on-time check-in inside the fence and answers 201 with the verdict', async () => {
    const b = body();
    const r = await post(b);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: b.id,
      kind: 'in',
      source: 'app',
      capturedAt: b.capturedAt,
      receivedAt: new Date(NOW).toISOString(),
      workDate: '2026-03-02',
      zone: 'Asia/Makassar',
      localTime: '07:29:00',
      fence: { status: 'inside', locationId: s.seeded.locations.makassar, distanceM: 0, byAccuracy: false },
      // 2 March 2026 is in Ramadan 1447 H: the seeded override's hours apply, not the weekly 07:30-16:00.
      timing: {
        window: 'ok',
        lateMinutes: 0,
        earlyMinutes: 0,
        scheduledStart: '08:00',
        scheduledEnd: '15:00',
      },
      flags: ['time_unverified'],
      timeOfRecord: b.capturedAt,
      timeSource: 'device_clock',
      deviceId: null,
      photo: null,
    });
    const row = await getPunch(s.t.db, b.id);
    expect(row).toMatchObject({ employee_id: s.seeded.employees.a, kind: 'in', late_minutes: 0 });
  });

  it('counts 07:31 WITA on a Ramadan day as on time (start 08:00), not late against the weekly 07:30', async () => {
    const r = await post(body({ id: newId(wita(7, 31)), capturedAt: '2026-03-02T07:31:00+08:00' }));
    expect(r.status).toBe(201);
    expect(r.body.localTime).toBe('07:31:00');
    expect(r.body.timing).toMatchObject({ window: 'ok', lateMinutes: 0, scheduledStart: '08:00' });
    expect(r.body.capturedAt).toBe('2026-03-01T23:31:00.000Z');
  });

  it('evaluates a Jakarta site on its own clock (WIB)', async () => {
    // 07:31 WITA would be one minute late; at the Jakarta site it is 06:31 WIB, on time.
    const r = await post(
      {
        id: newId(),
        kind: 'in',
        capturedAt: new Date(wita(7, 31)).toISOString(),
        location: { ...JAKARTA, accuracy: 5 },
      },
      tokenB,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      zone: 'Asia/Jakarta',
      localTime: '06:31:00',
      timing: { window: 'ok', lateMinutes: 0 },
    });
  });

  it('stores a check-in outside the fence with the nearest location and its distance', async () => {
    // About 1.1 km north of the office.
    const r = await post(
      body({ id: newId(), location: { lat: MAKASSAR.lat + 0.01, lon: MAKASSAR.lon, accuracy: 10 } }),
    );
    expect(r.status).toBe(201);
    expect(r.body.fence.status).toBe('outside');
    expect(r.body.fence.locationId).toBe(s.seeded.locations.makassar);
    expect(r.body.fence.distanceM).toBeGreaterThan(900);
    expect(r.body.fence.distanceM).toBeLessThan(1100);
  });

  it('flags a capture that reached the server late', async () => {
    const r = await post(body({ id: newId(), capturedAt: new Date(NOW - 3600_000).toISOString() }));
    expect(r.status).toBe(201);
    expect(r.body.flags).toEqual(['time_unverified', 'capture_delayed']);
  });

  it('answers a re-sent request with the first answer (200) and stores it once', async () => {
    const b = body({ id: newId() });
    const first = await post(b);
    const before = await countPunches(s.t.db);
    const again = await post(b);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(sansAnchor(again.body)).toEqual(sansAnchor(first.body));
    expect(await countPunches(s.t.db)).toBe(before);
  });

  it('treats the same instant written with another offset as the same request', async () => {
    const id = newId();
    const first = await post(body({ id, capturedAt: '2026-03-01T23:20:00Z' }));
    const again = await post(body({ id, capturedAt: '2026-03-02T07:20:00.000+08:00' }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(sansAnchor(again.body)).toEqual(sansAnchor(first.body));
  });

  it('refuses a different request under a used id with 409 and leaves the row unchanged', async () => {
    const b = body({ id: newId() });
    expect((await post(b)).status).toBe(201);
    const stored = await getPunch(s.t.db, b.id);
    const before = await countPunches(s.t.db);
    const r = await post({ ...b, kind: 'out' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'id_conflict' });
    expect(await getPunch(s.t.db, b.id)).toEqual(stored);
    expect(await countPunches(s.t.db)).toBe(before);
  });

  it('refuses another employee reusing an id with 409', async () => {
    const b = body({ id: newId() });
    expect((await post(b)).status).toBe(201);
    const r = await post(b, tokenB);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'id_conflict' });
  });

  it('stores one punch for concurrent copies of one request, and gives all the same answer', async () => {
    const b = body({ id: newId() });
    const before = await countPunches(s.t.db);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(b)));
    expect(await countPunches(s.t.db)).toBe(before + 1);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    for (const a of answers) expect(sansAnchor(a.body)).toEqual(sansAnchor(answers[0]?.body));
  });

  it('refuses an account without an employee with 403 not_an_employee', async () => {
    const before = await countPunches(s.t.db);
    const r = await post(body({ id: newId() }), tokenAdmin);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'not_an_employee' });
    expect(await countPunches(s.t.db)).toBe(before);
  });

  describe('refuses bad input with a stable code and writes nothing', () => {
    const cases: [
      string,
      () => { raw?: string; body?: unknown; contentType?: string },
      number,
      string,
      string?,
    ][] = [
      ['malformed JSON', () => ({ raw: '{"id": "x",' }), 400, 'invalid_json'],
      ['an empty JSON body', () => ({ raw: '' }), 400, 'invalid_json'],
      [
        'a text/plain body',
        () => ({ raw: JSON.stringify(body()), contentType: 'text/plain' }),
        415,
        'unsupported_media_type',
      ],
      [
        'a form body',
        () => ({ raw: 'id=1', contentType: 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      ],
      ['a JSON array', () => ({ body: [body()] }), 400, 'invalid_body'],
      ['a missing field', () => ({ body: { ...body(), kind: undefined } }), 400, 'invalid_body', '/kind'],
      [
        'a missing location',
        () => ({ body: { ...body(), location: undefined } }),
        400,
        'invalid_body',
        '/location',
      ],
      ['a wrong kind', () => ({ body: body({ kind: 'lunch' }) }), 400, 'invalid_body', '/kind'],
      [
        'a string latitude',
        () => ({ body: body({ location: { lat: '-5.1', lon: 119.4, accuracy: 5 } }) }),
        400,
        'invalid_body',
        '/location/lat',
      ],
      ['a numeric id', () => ({ body: body({ id: 5 }) }), 400, 'invalid_body', '/id'],
      ['an unknown field', () => ({ body: body({ selfie: 'x' }) }), 400, 'unknown_field', '/selfie'],
      [
        'an unknown location field',
        () => ({ body: body({ location: { ...MAKASSAR, accuracy: 5, altitude: 3 } }) }),
        400,
        'unknown_field',
        '/location/altitude',
      ],
      [
        'a UUIDv4 id',
        () => ({ body: body({ id: '123e4567-e89b-42d3-a456-426614174000' }) }),
        400,
        'invalid_id',
        '/id',
      ],
      ['a non-UUID id', () => ({ body: body({ id: 'not-a-uuid' }) }), 400, 'invalid_id', '/id'],
      [
        'latitude 91',
        () => ({ body: body({ location: { lat: 91, lon: 119, accuracy: 5 } }) }),
        400,
        'invalid_location',
        '/location/lat',
      ],
      [
        'longitude -181',
        () => ({ body: body({ location: { lat: -5, lon: -181, accuracy: 5 } }) }),
        400,
        'invalid_location',
        '/location/lon',
      ],
      [
        'an infinite latitude',
        () => ({ raw: rawWith('"lat":1e999') }),
        400,
        'invalid_location',
        '/location/lat',
      ],
      [
        'a negative accuracy',
        () => ({ body: body({ location: { ...MAKASSAR, accuracy: -1 } }) }),
        400,
        'invalid_accuracy',
        '/location/accuracy',
      ],
      [
        'an accuracy over 100 km',
        () => ({ body: body({ location: { ...MAKASSAR, accuracy: 100_001 } }) }),
        400,
        'invalid_accuracy',
        '/location/accuracy',
      ],
      [
        'an infinite accuracy',
        () => ({ raw: rawWith('"accuracy":1e999') }),
        400,
        'invalid_accuracy',
        '/location/accuracy',
      ],
      [
        'a capture time without zone',
        () => ({ body: body({ capturedAt: '2026-03-02T07:29:00' }) }),
        400,
        'invalid_body',
        '/capturedAt',
      ],
      [
        'a capture time that is not a date',
        () => ({ body: body({ capturedAt: 'kemarin' }) }),
        400,
        'invalid_body',
        '/capturedAt',
      ],
      [
        '30 February',
        () => ({ body: body({ capturedAt: '2026-02-30T07:29:00Z' }) }),
        400,
        'invalid_body',
        '/capturedAt',
      ],
      [
        'a capture in the future',
        () => ({ body: body({ capturedAt: new Date(NOW + 121_000).toISOString() }) }),
        422,
        'captured_in_future',
      ],
      [
        'a capture too old',
        () => ({ body: body({ capturedAt: new Date(NOW - 7 * 86400_000 - 1000).toISOString() }) }),
        422,
        'captured_too_old',
      ],
      ['a body over the limit', () => ({ body: body({ pad: 'x'.repeat(20_000) }) }), 413, 'body_too_large'],
    ];

    function rawWith(fragment: string): string {
      const [key] = fragment.split(':');
      const b = body();
      const json = JSON.stringify(b);
      // Replace the numeric value of that key with the fragment (JSON.stringify cannot write Infinity).
      return json.replace(new RegExp(`${key}:[-0-9.e]+`), fragment);
    }

    it.each(cases)('%s', async (_name, make, status, code, field) => {
      const before = await countPunches(s.t.db);
      const r = await call<{
        code: string;
        message: { id: string; en: string };
        details?: { field: string }[];
      }>(s.url, 'POST', PATH, { token: tokenA, ...make() });
      expect(r.status).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message.id.length).toBeGreaterThan(0);
      expect(r.body.message.en.length).toBeGreaterThan(0);
      if (field !== undefined) expect(r.body.details?.[0]?.field).toBe(field);
      expect(await countPunches(s.t.db)).toBe(before);
    });

    it('accepts the tolerance edge: a capture exactly clockToleranceSec ahead', async () => {
      const r = await post(body({ id: newId(), capturedAt: new Date(NOW + 120_000).toISOString() }));
      expect(r.status).toBe(201);
    });
  });

  describe('refuses without a valid token (401) and writes nothing', () => {
    it.each([
      ['no token', undefined, 'unauthorized'],
      ['a garbage token', 'abc.def.ghi', 'unauthorized'],
      ['a token with a forged signature', 'FORGED', 'unauthorized'],
    ])('%s', async (_name, token, code) => {
      const before = await countPunches(s.t.db);
      const t = token === 'FORGED' ? tokenA.slice(0, tokenA.lastIndexOf('.') + 1) + 'A'.repeat(43) : token;
      const r = await call(s.url, 'POST', PATH, {
        ...(t === undefined ? {} : { token: t }),
        body: body({ id: newId() }),
      });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code });
      expect(await countPunches(s.t.db)).toBe(before);
    });
  });
});
