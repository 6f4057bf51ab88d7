/**
 * The console's roster grid over real HTTP on both engines: a unit's people × the days of
 * a month with the shift the roster holds (latest write wins, a day off as null), the
 * shift types the unit may use (inherited down the tree, the nearest unit's code
 * winning), search and paging, and another OPD's unit answering 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { NIP_A, call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import type { RosterGrid } from './rosters.js';

/** A shift type body; an end before the start ends the next morning. */
const shift = (unitId: number, code: string, name: string, start: number, end: number) => {
  const ends = end < start ? end + 1440 : end;
  return {
    unitId,
    code,
    name,
    start,
    end,
    checkInFrom: start - 60,
    checkInUntil: start + 120,
    checkOutFrom: ends - 60,
    checkOutUntil: ends + 120,
  };
};

describe.each(ENGINES)('console roster grid on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  const grid = (token: string, q: string) =>
    call<RosterGrid>(s.url, 'GET', `/api/v1/console/rosters?${q}`, { token });

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
    ]);
    const { dinkes: opd, puskesmas } = s.seeded.units;
    for (const body of [
      shift(opd, 'P', 'Pagi OPD', 420, 840),
      shift(opd, 'M', 'Malam', 1260, 420),
      shift(puskesmas, 'P', 'Pagi Puskesmas', 450, 870),
    ]) {
      const r = await call(s.url, 'POST', '/api/v1/shift-types', { token: agency, body });
      expect(r.status).toBe(201);
    }
    const a = s.seeded.employees.a;
    const first = await call(s.url, 'POST', '/api/v1/rosters', {
      token: dinkes,
      body: {
        entries: [
          { employeeId: a, date: '2026-03-01', shiftCode: 'P' },
          { employeeId: a, date: '2026-03-02', shiftCode: 'M' },
          { employeeId: a, date: '2026-03-31', shiftCode: 'P' },
        ],
      },
    });
    expect(first.status).toBe(201);
    // A later write wins: the 2nd becomes a day off.
    const second = await call(s.url, 'POST', '/api/v1/rosters', {
      token: dinkes,
      body: { entries: [{ employeeId: a, date: '2026-03-02', shiftCode: null }] },
    });
    expect(second.status).toBe(201);
  });
  afterAll(() => s?.close());

  it("gives a unit's people × the month's days with the roster's latest shift per day", async () => {
    const r = await grid(dinkes, `unitId=${s.seeded.units.puskesmas}&month=2026-03`);
    expect(r.status).toBe(200);
    expect(r.body.unit.id).toBe(s.seeded.units.puskesmas);
    expect(r.body.days).toHaveLength(31);
    expect([r.body.days[0], r.body.days[30]]).toEqual(['2026-03-01', '2026-03-31']);
    expect(r.body.people).toHaveLength(1);
    const [andi] = r.body.people;
    expect(andi).toMatchObject({
      employeeId: s.seeded.employees.a,
      name: 'Andi Rahman',
      position: 'Perawat',
    });
    expect(andi!.shifts).toEqual({ '2026-03-01': 'P', '2026-03-02': null, '2026-03-31': 'P' });
    // The puskesmas's own P wins over the OPD's; M comes from the OPD above it.
    expect(r.body.shiftTypes.map((t) => [t.code, t.name])).toEqual([
      ['M', 'Malam'],
      ['P', 'Pagi Puskesmas'],
    ]);
    const feb = await grid(dinkes, `unitId=${s.seeded.units.puskesmas}&month=2026-02`);
    expect(feb.body.days).toHaveLength(28);
    expect(feb.body.people[0]!.shifts).toEqual({});
  });

  it('covers the sub-units, searches and pages', async () => {
    const opd = await grid(dinkes, 'month=2026-03');
    expect(opd.body.unit.id).toBe(s.seeded.units.dinkes);
    expect(opd.body.people.map((p) => p.name)).toEqual(['Andi Rahman', 'Citra']);
    expect(opd.body.shiftTypes.map((t) => t.name)).toEqual(['Malam', 'Pagi OPD']);
    const found = await grid(dinkes, 'month=2026-03&q=cit');
    expect(found.body.people.map((p) => p.name)).toEqual(['Citra']);
    const paged = await grid(agency, 'month=2026-03&pageSize=1&page=2');
    expect([paged.body.total, paged.body.pageSize, paged.body.people.length]).toEqual([3, 1, 1]);
    expect(paged.body.people[0]!.name).toBe('Budi Santoso');
  });

  it('answers 404 for another OPD, 400 for a bad month, 403 for an employee', async () => {
    expect((await grid(disdik, `unitId=${s.seeded.units.puskesmas}&month=2026-03`)).status).toBe(404);
    expect((await grid(dinkes, 'month=2026-13')).status).toBe(400);
    expect((await grid(dinkes, 'month=2026-3')).status).toBe(400);
    const employee = await login(s.url, NIP_A);
    expect((await grid(employee.token, 'month=2026-03')).status).toBe(403);
  });
});
