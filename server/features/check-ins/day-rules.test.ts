/**
 * The answer to a check-in follows the same day as the daily status: the seeded Ramadan
 * 1447 H override (08:00-15:00 on weekdays), a person schedule added through the API,
 * holidays and units working on holidays — over real HTTP on both engines, with the
 * server's clock at 08:10 WITA on Monday 2 March 2026 (a Ramadan day).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import type { CheckInResponse } from '../../../core/wire.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const PATH = '/api/v1/check-ins';
const hm = (h: number, m = 0) => h * 60 + m;
const day = (start: number, end: number) => ({
  start,
  end,
  checkInFrom: hm(6),
  checkInUntil: hm(12),
  checkOutFrom: hm(12),
  checkOutUntil: hm(22),
});

describe.each(ENGINES)('check-in verdict under overrides, person schedules and holidays on %s', (engine) => {
  let s: TestServer;
  let tokenA: string;
  let agency: string;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => wita(8, 10) });
    tokenA = (await login(s.url, NIP_A)).token;
    agency = (await login(s.url, 'admin')).token;
  });
  afterAll(() => s?.close());

  const checkIn = (hh: number, mm: number) =>
    call<CheckInResponse>(s.url, 'POST', PATH, {
      token: tokenA,
      body: {
        id: newId(wita(hh, mm)),
        kind: 'in',
        capturedAt: new Date(wita(hh, mm)).toISOString(),
        location: { ...MAKASSAR, accuracy: 10 },
      },
    });

  /** The newest entry of the change log (migration 0013). */
  const storedVersion = async (): Promise<number> => {
    const r = await sql<{ seq: number | string | null }>`select max(seq) as seq from change_log`.execute(
      s.t.db,
    );
    return Number(r.rows[0]?.seq ?? 0);
  };

  /** Waits until this server's directory has applied every change in the change log. */
  async function directoryCaughtUp(): Promise<void> {
    await s.app.hadir.changes.catchUp();
  }

  it('counts lateness from the Ramadan start (08:00), as the daily status does', async () => {
    const r = await checkIn(8, 5);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      workDate: '2026-03-02',
      localTime: '08:05:00',
      timing: { window: 'ok', lateMinutes: 5, scheduledStart: '08:00', scheduledEnd: '15:00' },
    });

    // The daily status of the same day says the same. (The plain capture reached the server
    // 5 minutes after its phone-clock time, which the presets send to an admin's review,
    // time-review.test.ts; this test is about the schedule, so its rule set counts it.)
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { ruleSet: { ...permentan68Preset('2026-01-01'), unverifiedTime: 'count' } },
    });
    expect(rules.status).toBe(201);
    const daily = await call<{ days: { employeeId: number; lateMinutes: number }[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.puskesmas}/daily?date=2026-03-02`,
      { token: agency },
    );
    expect(daily.status).toBe(200);
    expect(daily.body.days.find((d) => d.employeeId === s.seeded.employees.a)?.lateMinutes).toBe(5);

    // And the phone's today screen shows the same hours.
    const today = await call<{ schedule: { day: { start: string; end: string } | null } | null }>(
      s.url,
      'GET',
      '/api/v1/me/today',
      { token: tokenA },
    );
    expect(today.status).toBe(200);
    expect(today.body.schedule?.day).toMatchObject({ start: '08:00', end: '15:00' });
  });

  it('follows a person schedule added through the API once the directory has reloaded', async () => {
    const before = await storedVersion();
    const added = await call(s.url, 'POST', `/api/v1/employees/${s.seeded.employees.a}/person-schedules`, {
      token: agency,
      body: {
        effectiveFrom: '2026-03-01',
        effectiveTo: null,
        days: [...Array.from({ length: 5 }, () => day(hm(7), hm(14))), null, null],
      },
    });
    expect(added.status).toBe(201);
    // The person_schedules trigger logged the change the directory follows.
    expect(await storedVersion()).toBeGreaterThan(before);
    await directoryCaughtUp();

    const r = await checkIn(8, 6);
    expect(r.status).toBe(201);
    expect(r.body.timing).toMatchObject({
      window: 'ok',
      lateMinutes: 66,
      scheduledStart: '07:00',
      scheduledEnd: '14:00',
    });
  });

  it('answers day_off on a holiday, and the hours again once the unit works on holidays', async () => {
    const holiday = await call(s.url, 'POST', '/api/v1/holidays', {
      token: agency,
      body: {
        date: '2026-03-02',
        name: 'Hari libur daerah',
        kind: 'regional',
        unitIds: [s.seeded.units.dinkes],
      },
    });
    expect(holiday.status).toBe(201);
    await directoryCaughtUp();
    const off = await checkIn(8, 7);
    expect(off.status).toBe(201);
    expect(off.body.timing).toEqual({
      window: 'day_off',
      lateMinutes: 0,
      earlyMinutes: 0,
      scheduledStart: null,
      scheduledEnd: null,
    });

    const settings = await call(
      s.url,
      'PUT',
      `/api/v1/units/${s.seeded.units.puskesmas}/attendance-settings`,
      {
        token: agency,
        body: { worksOnHolidays: true, flexMinutes: 0, lateGraceMinutes: 0, earlyGraceMinutes: 0 },
      },
    );
    expect(settings.status).toBe(200);
    await directoryCaughtUp();
    const on = await checkIn(8, 8);
    expect(on.status).toBe(201);
    expect(on.body.timing).toMatchObject({ window: 'ok', lateMinutes: 68, scheduledStart: '07:00' });
  });
});
