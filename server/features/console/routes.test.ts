/**
 * The console's read endpoints over real HTTP on both engines: the units in scope in
 * tree order, and the daily list and monthly recap paged, sorted and searched on the
 * server — with the same totals as the reports API, and never a person of another OPD
 * for a unit admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { ENGINES } from '../../test-support/engines.js';
import { NIP_A, NIP_B as NIP_B_USER, call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  people: T[];
}
type DailyPerson = { name: string; unitName: string; status: string };
type RecapPerson = { name: string; unitName: string; totalBp: number; counts: Record<string, number> };

describe.each(ENGINES)('console read endpoints on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let employee: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, employee] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
    ]);
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { ruleSet: permentan68Preset('2026-01-01') },
    });
    expect(rules.status).toBe(201);
  });
  afterAll(() => s?.close());

  it('lists the units in scope in tree order', async () => {
    const all = await call<{ top: number; units: { name: string; depth: number }[] }>(
      s.url,
      'GET',
      '/api/v1/console/units',
      { token: agency },
    );
    expect(all.body.top).toBe(s.seeded.units.pemda);
    expect(all.body.units.map((u) => [u.name, u.depth])).toEqual([
      ['Pemkab Suka Maju', 0],
      ['Dinas Kesehatan', 1],
      ['Puskesmas Kota', 2],
      ['Dinas Pendidikan', 1],
    ]);
    const mine = await call<{ units: { name: string; depth: number }[] }>(
      s.url,
      'GET',
      '/api/v1/console/units',
      {
        token: dinkes,
      },
    );
    expect(mine.body.units.map((u) => [u.name, u.depth])).toEqual([
      ['Dinas Kesehatan', 0],
      ['Puskesmas Kota', 1],
    ]);
    expect((await call(s.url, 'GET', '/api/v1/console/units', { token: employee })).status).toBe(403);
  });

  it('pages and sorts the daily list on the server, within scope', async () => {
    const page2 = await call<Paged<DailyPerson>>(
      s.url,
      'GET',
      '/api/v1/console/daily?date=2026-02-27&sort=name&order=desc&pageSize=1&page=2',
      { token: agency },
    );
    expect(page2.status).toBe(200);
    expect(page2.body.total).toBe(3);
    // Descending names: Citra, Budi Santoso, Andi Rahman.
    expect(page2.body.people.map((p) => p.name)).toEqual(['Budi Santoso']);

    const mine = await call<Paged<DailyPerson>>(s.url, 'GET', '/api/v1/console/daily?date=2026-02-27', {
      token: dinkes,
    });
    expect(mine.body.people.map((p) => p.name).sort()).toEqual(['Andi Rahman', 'Citra']);
    const search = await call<Paged<DailyPerson>>(
      s.url,
      'GET',
      '/api/v1/console/daily?date=2026-02-27&q=budi',
      {
        token: dinkes,
      },
    );
    expect(search.body.total).toBe(0);
    const other = await call(
      s.url,
      'GET',
      `/api/v1/console/daily?date=2026-02-27&unitId=${s.seeded.units.disdik}`,
      { token: dinkes },
    );
    expect(other.status).toBe(404);
  });

  it('gives the regency-wide recap with a unit per person and the same totals as the reports API', async () => {
    const paged = await call<
      Paged<RecapPerson> & { totals: { employees: number }; units: { name: string }[] }
    >(s.url, 'GET', '/api/v1/console/recap?month=2026-02&sort=unit', { token: agency });
    expect(paged.status).toBe(200);
    expect(paged.body.people.map((p) => [p.unitName, p.name])).toEqual([
      ['Dinas Kesehatan', 'Citra'],
      ['Dinas Pendidikan', 'Budi Santoso'],
      ['Puskesmas Kota', 'Andi Rahman'],
    ]);
    expect(paged.body.units.map((u) => u.name)).toEqual([
      'Dinas Kesehatan',
      'Dinas Pendidikan',
      'Puskesmas Kota',
    ]);
    const full = await call<{ totals: unknown; people: { name: string; totalBp: number }[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.pemda}/recap?month=2026-02`,
      { token: agency },
    );
    expect(paged.body.totals).toEqual(full.body.totals);
    for (const p of paged.body.people)
      expect(p.totalBp).toBe(full.body.people.find((f) => f.name === p.name)!.totalBp);

    const mine = await call<Paged<RecapPerson>>(s.url, 'GET', '/api/v1/console/recap?month=2026-02', {
      token: dinkes,
    });
    expect(mine.body.people.map((p) => p.name).sort()).toEqual(['Andi Rahman', 'Citra']);
  });

  it('gives the inbox with names, and only the requests of people in scope', async () => {
    const b = await login(s.url, NIP_B_USER).then((l) => l.token);
    for (const [token, from] of [
      [employee, '2026-03-09'],
      [b, '2026-03-10'],
    ] as const) {
      const r = await call(s.url, 'POST', '/api/v1/me/leave-requests', {
        token,
        body: { type: 'cuti_tahunan', from, to: from, reason: 'Urusan keluarga' },
      });
      expect(r.status).toBe(201);
    }
    type Inbox = {
      total: number;
      items: { employee: { name: string; unitName: string } | null }[];
      counts: { leave: number };
    };
    const all = await call<Inbox>(s.url, 'GET', '/api/v1/console/inbox?kind=leave', { token: agency });
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.employee?.name).sort()).toEqual(['Andi Rahman', 'Budi Santoso']);
    const mine = await call<Inbox>(s.url, 'GET', '/api/v1/console/inbox?kind=leave', { token: dinkes });
    expect(mine.body.items.map((i) => [i.employee?.name, i.employee?.unitName])).toEqual([
      ['Andi Rahman', 'Puskesmas Kota'],
    ]);
    expect(mine.body.counts.leave).toBe(1);
    expect((await call(s.url, 'GET', '/api/v1/console/inbox?kind=leave', { token: employee })).status).toBe(
      403,
    );
  });
});
