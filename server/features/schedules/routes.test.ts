/**
 * Schedule overrides (Ramadan) and person schedules over real HTTP on both engines:
 * scope per role and unit, validation by the core validators, audit entries, and the
 * plan they produce in the daily status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { listAudit } from '../../platform/audit/audit.js';
import { insertPunches } from '../check-ins/store.js';
import { call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { syntheticPunch } from '../reports/punch-rows.js';

const hm = (h: number, m = 0) => h * 60 + m;
/** A working day from `start` to `end` (minutes), check-in from 06:00, check-out until 22:00. */
const day = (start: number, end: number) => ({
  start,
  end,
  checkInFrom: hm(6),
  checkInUntil: hm(12),
  checkOutFrom: hm(12),
  checkOutUntil: hm(22),
});
const weekdays = (start: number, end: number) => [
  ...Array.from({ length: 5 }, () => day(start, end)),
  null,
  null,
];

interface Planned {
  employeeId: number;
  lateMinutes: number;
  planned: { source: string; start: string | null; end: string | null };
}

describe.each(ENGINES)('schedule overrides and person schedules on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  let ramadanId: number;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
    ]);
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { ruleSet: permentan68Preset('2026-01-01') },
    });
    expect(rules.status).toBe(201);
  });
  afterAll(() => s?.close());

  /** The daily status of `employeeId` in `unitId`'s list on `date`. */
  async function planned(token: string, unitId: number, date: string, employeeId: number): Promise<Planned> {
    const r = await call<{ days: Planned[] }>(s.url, 'GET', `/api/v1/units/${unitId}/daily?date=${date}`, {
      token,
    });
    expect(r.status).toBe(200);
    const d = r.body.days.find((x) => x.employeeId === employeeId);
    if (!d) throw new Error(`employee ${employeeId} missing from the daily list`);
    return d;
  }

  const ramadan = (unitIds: number[] | null) => ({
    name: 'Ramadan 1448 H',
    from: '2027-02-08',
    to: '2027-03-09',
    unitIds,
    days: weekdays(hm(8), hm(15)),
  });

  it('keeps overrides within the admin’s scope', async () => {
    const post = (token: string, body: unknown) =>
      call(s.url, 'POST', '/api/v1/schedule-overrides', { token, body });
    // Units outside the admin's subtree answer as unknown ones; organisation-wide ones are the agency's.
    expect(await post(disdik, ramadan([s.seeded.units.dinkes]))).toMatchObject({
      status: 404,
      body: { code: 'not_found', details: [{ field: '/unitIds/0', reason: 'not_found' }] },
    });
    expect((await post(dinkes, ramadan(null))).status).toBe(403);
    expect((await post(dinkes, ramadan([s.seeded.units.dinkes, s.seeded.units.pemda]))).body).toMatchObject({
      details: [{ field: '/unitIds/1', reason: 'not_found' }],
    });
    expect((await post(agency, ramadan([999_999]))).status).toBe(404);
    const employee = await login(s.url, '198609262015051001');
    expect((await post(employee.token, ramadan([s.seeded.units.dinkes]))).status).toBe(403);
  });

  it('validates the days with the core rules and the dates', async () => {
    const post = (body: unknown) =>
      call(s.url, 'POST', '/api/v1/schedule-overrides', { token: dinkes, body });
    const backwards = {
      ...ramadan([s.seeded.units.dinkes]),
      days: [day(hm(15), hm(8)), ...weekdays(hm(8), hm(15)).slice(1)],
    };
    expect(await post(backwards)).toMatchObject({
      status: 400,
      body: { code: 'invalid_body', details: [{ field: '/days/0/end', reason: 'order' }] },
    });
    const window = {
      ...ramadan([s.seeded.units.dinkes]),
      days: [day(hm(5), hm(15)), ...weekdays(hm(8), hm(15)).slice(1)],
    };
    expect(await post(window)).toMatchObject({
      status: 400,
      body: { details: [{ field: '/days/0/checkInFrom', reason: 'window' }] },
    });
    expect(await post({ ...ramadan([s.seeded.units.dinkes]), to: '2027-02-01' })).toMatchObject({
      status: 400,
      body: { details: [{ field: '/to', reason: 'before_from' }] },
    });
    expect(await post({ ...ramadan([s.seeded.units.dinkes]), from: '2027-02-30' })).toMatchObject({
      status: 400,
      body: { details: [{ field: '/from', reason: 'format' }] },
    });
    expect(
      (await post({ ...ramadan([s.seeded.units.dinkes]), days: weekdays(hm(8), hm(15)).slice(1) })).status,
    ).toBe(400);
  });

  it('plans 08:00 inside the Ramadan range of a unit, and the weekly 07:30 outside it or elsewhere', async () => {
    const before = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-15', s.seeded.employees.a);
    expect(before.planned).toEqual({ source: 'weekly', start: '07:30', end: '16:00' });

    const r = await call<{ id: number }>(s.url, 'POST', '/api/v1/schedule-overrides', {
      token: dinkes,
      body: ramadan([s.seeded.units.dinkes]),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Ramadan 1448 H', unitIds: [s.seeded.units.dinkes], flex: null });
    ramadanId = r.body.id;
    const audits = await listAudit(s.t.db, { limit: 1000 });
    expect(audits[0]).toMatchObject({
      action: 'schedule_override.add',
      target: `schedule_override:${ramadanId}`,
      actor_account_id: s.seeded.accounts.dinkesAdmin,
    });

    // Employee A works at the puskesmas, below Dinas Kesehatan.
    const inside = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-15', s.seeded.employees.a);
    expect(inside.planned).toEqual({ source: 'override', start: '08:00', end: '15:00' });
    const after = await planned(dinkes, s.seeded.units.puskesmas, '2027-03-15', s.seeded.employees.a);
    expect(after.planned).toEqual({ source: 'weekly', start: '07:30', end: '16:00' });
    // Employee B at Dinas Pendidikan keeps the weekly hours.
    const other = await planned(disdik, s.seeded.units.disdik, '2027-02-15', s.seeded.employees.b);
    expect(other.planned).toEqual({ source: 'weekly', start: '07:30', end: '16:00' });

    // Lateness follows the plan: 08:05 is 5 minutes late under Ramadan hours, not 35.
    const at = Date.parse('2027-02-16T08:05:00+08:00');
    await insertPunches(s.t.db, [
      syntheticPunch('0195a0a0-0000-7000-8000-000000000001', s.seeded.employees.a, 'in', at, 'Asia/Makassar'),
    ]);
    const late = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-16', s.seeded.employees.a);
    expect(late.planned.start).toBe('08:00');
    expect(late.lateMinutes).toBe(5);
  });

  it('lists overrides to the admins whose units they touch', async () => {
    const list = (token: string) =>
      call<{ overrides: { id: number }[] }>(
        s.url,
        'GET',
        '/api/v1/schedule-overrides?from=2027-02-01&to=2027-02-28',
        {
          token,
        },
      );
    expect((await list(dinkes)).body.overrides.map((o) => o.id)).toEqual([ramadanId]);
    expect((await list(agency)).body.overrides.map((o) => o.id)).toEqual([ramadanId]);
    expect((await list(disdik)).body.overrides).toEqual([]);
    // The organisation-wide Ramadan 2026 hours (migration 0005) apply to every unit.
    const seeded = await call<{ overrides: { unitIds: number[] | null; from: string }[] }>(
      s.url,
      'GET',
      '/api/v1/schedule-overrides?from=2026-03-01&to=2026-03-31',
      { token: disdik },
    );
    expect(seeded.body.overrides).toMatchObject([{ unitIds: null, from: '2026-02-19' }]);
    const outside = await call<{ overrides: unknown[] }>(
      s.url,
      'GET',
      '/api/v1/schedule-overrides?from=2027-04-01&to=2027-04-30',
      { token: dinkes },
    );
    expect(outside.body.overrides).toEqual([]);
  });

  it("lets a person schedule win over the unit's override and weekly schedule, and ends it", async () => {
    const path = `/api/v1/employees/${s.seeded.employees.a}/person-schedules`;
    const body = { effectiveFrom: '2027-02-17', effectiveTo: null, days: weekdays(hm(6, 30), hm(14)) };
    expect((await call(s.url, 'POST', path, { token: disdik, body })).status).toBe(404);
    const r = await call<{ id: number; employeeId: number }>(s.url, 'POST', path, { token: dinkes, body });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ employeeId: s.seeded.employees.a, effectiveTo: null });

    const inRamadan = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-18', s.seeded.employees.a);
    expect(inRamadan.planned).toEqual({ source: 'person', start: '06:30', end: '14:00' });
    const later = await planned(dinkes, s.seeded.units.puskesmas, '2027-03-15', s.seeded.employees.a);
    expect(later.planned).toEqual({ source: 'person', start: '06:30', end: '14:00' });
    // Before its first date the override still applies.
    const earlier = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-15', s.seeded.employees.a);
    expect(earlier.planned.source).toBe('override');

    const list = await call<{ schedules: { id: number }[] }>(s.url, 'GET', path, { token: agency });
    expect(list.body.schedules.map((x) => x.id)).toEqual([r.body.id]);

    const end = (to: string) =>
      call(s.url, 'POST', `${path}/${r.body.id}/end`, { token: dinkes, body: { to } });
    expect((await end('2027-02-14')).status).toBe(400);
    const ended = await end('2027-02-22');
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ effectiveFrom: '2027-02-17', effectiveTo: '2027-02-22' });
    expect((await end('2027-02-23')).status).toBe(400);
    const audits = await listAudit(s.t.db, { limit: 1000 });
    expect(audits[0]).toMatchObject({
      action: 'person_schedule.end',
      target: `person_schedule:${r.body.id}`,
    });

    const back = await planned(dinkes, s.seeded.units.puskesmas, '2027-03-15', s.seeded.employees.a);
    expect(back.planned).toEqual({ source: 'weekly', start: '07:30', end: '16:00' });
    const still = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-18', s.seeded.employees.a);
    expect(still.planned.source).toBe('person');
  });

  it('ends an override earlier within scope, back to the weekly hours after the new last date', async () => {
    const end = (token: string, to: string) =>
      call(s.url, 'POST', `/api/v1/schedule-overrides/${ramadanId}/end`, { token, body: { to } });
    expect((await end(disdik, '2027-02-26')).status).toBe(404);
    expect((await end(dinkes, '2027-03-30')).status).toBe(400);
    const r = await end(dinkes, '2027-02-26');
    expect(r).toMatchObject({ status: 200, body: { id: ramadanId, from: '2027-02-08', to: '2027-02-26' } });
    const after = await planned(dinkes, s.seeded.units.puskesmas, '2027-03-01', s.seeded.employees.a);
    expect(after.planned).toEqual({ source: 'weekly', start: '07:30', end: '16:00' });
    const before = await planned(dinkes, s.seeded.units.puskesmas, '2027-02-15', s.seeded.employees.a);
    expect(before.planned.start).toBe('08:00');
    expect(
      (
        await call(s.url, 'POST', '/api/v1/schedule-overrides/999999/end', {
          token: agency,
          body: { to: '2027-03-01' },
        })
      ).status,
    ).toBe(404);
  });
});
