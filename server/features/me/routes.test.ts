import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceResponse, CheckInResponse, TodayResponse } from '../../../core/wire.js';
import { ENGINES } from '../../test-support/engines.js';
import { insertAttendanceEntry } from '../entries/store.js';
import {
  call,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NIP_B,
  startServer,
  wita,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('my day and attendance on %s', (engine) => {
  let s: TestServer;
  let tokenA: string;
  let tokenB: string;
  let first: CheckInResponse;

  beforeAll(async () => {
    s = await startServer(engine);
    tokenA = (await login(s.url, NIP_A)).token;
    tokenB = (await login(s.url, NIP_B)).token;
    const r = await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
      token: tokenA,
      body: {
        id: newId(wita(7, 31)),
        kind: 'in',
        capturedAt: new Date(wita(7, 31)).toISOString(),
        location: { ...MAKASSAR, accuracy: 8 },
      },
    });
    expect(r.status).toBe(201);
    // The fresh time anchor comes with the check-in answer only, not with the stored punch.
    const { anchor: _anchor, ...stored } = r.body;
    first = stored;
  });
  afterAll(() => s?.close());

  const get = <T = Record<string, unknown>>(path: string, token?: string) =>
    call<T>(s.url, 'GET', path, token === undefined ? {} : { token });

  it("shows today's schedule, locations and punches in the site's zone", async () => {
    const r = await get<TodayResponse>('/api/v1/me/today', tokenA);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      date: '2026-03-02',
      zone: 'Asia/Makassar',
      serverTime: '2026-03-01T23:32:00.000Z',
      schedule: {
        name: 'Jam kerja 5 hari',
        // 2 March 2026 is in Ramadan 1447 H: the seeded override (SE MenPANRB) gives 08:00-15:00.
        day: { start: '08:00', end: '15:00', checkInFrom: '06:30', checkInUntil: '10:30' },
      },
      locations: [
        {
          id: s.seeded.locations.makassar,
          zone: 'Asia/Makassar',
          shape: { type: 'circle', center: MAKASSAR, radiusM: 100 },
        },
      ],
      nextKind: 'out',
    });
    expect(r.body.punches).toEqual([first]);
  });

  it('tells an employee without punches to check in next', async () => {
    const r = await get<TodayResponse>('/api/v1/me/today', tokenB);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ zone: 'Asia/Jakarta', date: '2026-03-02', punches: [], nextKind: 'in' });
  });

  it('lists every day of the range with first check-in and last check-out', async () => {
    const r = await get<AttendanceResponse>('/api/v1/me/attendance?from=2026-03-01&to=2026-03-03', tokenA);
    expect(r.status).toBe(200);
    expect(r.body.days.map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(r.body.days[1]).toEqual({
      date: '2026-03-02',
      punches: [first],
      firstIn: first,
      lastOut: null,
      entries: [],
      counted: { in: { id: first.id, localTime: first.localTime, from: 'punch' }, out: null },
    });
    expect(r.body.days[0]?.punches).toEqual([]);
  });

  it('shows approved corrections and admin entries, and counts them as the recap does', async () => {
    // 3 March: no punch at all; an admin entry made by mistake and voided, then the
    // approved correction of a forgotten check-in and check-out.
    const day = (hh: number, mm: number) => wita(hh, mm) + 86_400_000;
    const entry = (
      id: string,
      kind: 'in' | 'out' | 'void',
      at: number,
      source: 'admin' | 'correction',
      voids: string | null = null,
    ) =>
      insertAttendanceEntry(s.t.db, {
        id,
        employeeId: s.seeded.employees.a,
        kind,
        at,
        workDate: '2026-03-03',
        source,
        author: 1,
        note: source === 'admin' ? 'Salah orang' : 'Lupa absen',
        voids,
        requestId: null,
        createdAt: at,
      });
    await entry('e-1', 'in', day(7, 50), 'admin');
    await entry('e-2', 'void', day(8, 0), 'admin', 'e-1');
    await entry('e-3', 'in', day(7, 25), 'correction');
    await entry('e-4', 'out', day(15, 5), 'correction');

    const r = await get<AttendanceResponse>('/api/v1/me/attendance?from=2026-03-03&to=2026-03-03', tokenA);
    expect(r.status).toBe(200);
    const d = r.body.days[0]!;
    expect(d.punches).toEqual([]);
    expect(d.entries.map((e) => [e.id, e.kind, e.source, e.localTime, e.voids])).toEqual([
      ['e-3', 'in', 'correction', '07:25:00', null],
      ['e-1', 'in', 'admin', '07:50:00', null],
      ['e-2', 'void', 'admin', '08:00:00', 'e-1'],
      ['e-4', 'out', 'correction', '15:05:00', null],
    ]);
    expect(d.counted).toEqual({
      in: { id: 'e-3', localTime: '07:25:00', from: 'correction' },
      out: { id: 'e-4', localTime: '15:05:00', from: 'correction' },
    });
    // Another employee sees none of them.
    const other = await get<AttendanceResponse>(
      '/api/v1/me/attendance?from=2026-03-03&to=2026-03-03',
      tokenB,
    );
    expect(other.body.days[0]?.entries).toEqual([]);
  });

  it('refuses bad ranges', async () => {
    for (const q of [
      'from=2026-03-05&to=2026-03-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2025-01-01&to=2026-01-02',
      'from=1.3.2026&to=2026-03-02',
    ]) {
      const r = await get(`/api/v1/me/attendance?${q}`, tokenA);
      expect(r.status, q).toBe(400);
      expect(r.body, q).toMatchObject({ code: 'invalid_date_range' });
    }
    const missing = await get('/api/v1/me/attendance?from=2026-03-01', tokenA);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'invalid_query' });
  });

  it('accepts a whole leap year (366 days)', async () => {
    const r = await get<AttendanceResponse>('/api/v1/me/attendance?from=2028-01-01&to=2028-12-31', tokenA);
    expect(r.status).toBe(200);
    expect(r.body.days).toHaveLength(366);
  });

  it('is for employees only', async () => {
    const admin = (await login(s.url, 'admin')).token;
    const r = await get('/api/v1/me/today', admin);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'not_an_employee' });
    expect((await get('/api/v1/me/today')).status).toBe(401);
  });

  describe('GET /employees/:id/attendance respects scope', () => {
    const range = '?from=2026-03-02&to=2026-03-02';
    const path = (id: number) => `/api/v1/employees/${id}/attendance${range}`;

    it('lets an employee read their own data', async () => {
      const r = await get<AttendanceResponse>(path(s.seeded.employees.a), tokenA);
      expect(r.status).toBe(200);
      expect(r.body.days[0]?.punches).toEqual([first]);
    });

    it("answers an employee reading another employee's data as a missing id (404)", async () => {
      const r = await get(path(s.seeded.employees.a), tokenB);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'not_found' });
      // The same as for an id that does not exist: no probing.
      expect(await get(path(999_999), tokenB)).toMatchObject({ status: 404, body: r.body });
    });

    it('lets a unit admin read employees in their subtree, and answers 404 outside it', async () => {
      const dinkes = (await login(s.url, 'admin.dinkes')).token;
      const disdik = (await login(s.url, 'admin.disdik')).token;
      // Puskesmas Kota lies under Dinas Kesehatan.
      const inside = await get<AttendanceResponse>(path(s.seeded.employees.a), dinkes);
      expect(inside.status).toBe(200);
      expect(inside.body.days[0]?.firstIn).toEqual(first);
      for (const [token, id] of [
        [dinkes, s.seeded.employees.b],
        [disdik, s.seeded.employees.a],
      ] as const) {
        const r = await get(path(id), token);
        expect(r.status).toBe(404);
        expect(r.body).toMatchObject({ code: 'not_found' });
      }
    });

    it('lets the agency admin read anyone, and answers 404 for an unknown employee', async () => {
      const admin = (await login(s.url, 'admin')).token;
      expect((await get(path(s.seeded.employees.a), admin)).status).toBe(200);
      expect((await get(path(s.seeded.employees.b), admin)).status).toBe(200);
      const r = await get(path(999_999), admin);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'not_found' });
    });

    it('refuses a malformed id', async () => {
      const admin = (await login(s.url, 'admin')).token;
      const r = await get(`/api/v1/employees/abc/attendance${range}`, admin);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'invalid_query' });
    });
  });
});
