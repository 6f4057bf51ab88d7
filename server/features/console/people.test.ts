/**
 * The console's people reads over real HTTP on both engines: adoption per unit (accounts
 * activated, phones, punches per channel) and the people who never activated, scoped
 * to a unit admin's OPD; and an employee's overview (account, phones, the week in force),
 * another OPD's person answering 404 as if missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { NIP_A, call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

interface Row {
  name: string;
  employees: number;
  accounts: number;
  activated: number;
  phones: number;
  punches: number;
  bySource: Record<string, number>;
}
interface Adoption {
  total: Row;
  units: Row[];
}
interface Never {
  total: number;
  people: { name: string; unitName: string; account: string }[];
}

describe.each(ENGINES)('console people reads on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
    ]);
    // Employee A enrols a phone (the first is active at once).
    const a = await login(s.url, NIP_A);
    const phone = await call(s.url, 'POST', '/api/v1/devices', {
      token: a.token,
      body: { label: 'Ponsel A' },
    });
    expect(phone.status).toBe(201);
  });
  afterAll(() => s?.close());

  it('counts accounts, activations and phones per unit', async () => {
    const r = await call<Adoption>(s.url, 'GET', '/api/v1/console/adoption?from=2026-03-01&to=2026-03-31', {
      token: agency,
    });
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.units.map((u) => [u.name, u]));
    expect(byName['Puskesmas Kota']).toMatchObject({ employees: 1, accounts: 1, activated: 1, phones: 1 });
    expect(byName['Dinas Pendidikan']).toMatchObject({ employees: 1, accounts: 1, activated: 1, phones: 0 });
    expect(byName['Dinas Kesehatan']).toMatchObject({ employees: 1, accounts: 0, activated: 0, phones: 0 });
    expect(r.body.total).toMatchObject({ employees: 3, activated: 2, phones: 1 });
    expect(Object.keys(r.body.total.bySource).sort()).toEqual([
      'app',
      'fingerprint',
      'import',
      'kiosk',
      'manual',
    ]);

    const sorted = await call<Adoption>(
      s.url,
      'GET',
      '/api/v1/console/adoption?from=2026-03-01&to=2026-03-31&sort=activated&order=asc',
      { token: agency },
    );
    expect(sorted.body.units[0]!.name).toBe('Dinas Kesehatan');
  });

  it('keeps a unit admin to their OPD and lists who never activated', async () => {
    const r = await call<Adoption>(s.url, 'GET', '/api/v1/console/adoption?from=2026-03-01&to=2026-03-31', {
      token: dinkes,
    });
    expect(r.body.units.map((u) => u.name)).toEqual(['Dinas Kesehatan', 'Puskesmas Kota']);
    expect(r.body.total.employees).toBe(2);
    const never = await call<Never>(s.url, 'GET', '/api/v1/console/adoption/never-activated', {
      token: dinkes,
    });
    expect(never.body).toMatchObject({ total: 1, people: [{ name: 'Citra', account: 'none' }] });
    const other = await call(
      s.url,
      'GET',
      `/api/v1/console/adoption?from=2026-03-01&to=2026-03-31&unitId=${s.seeded.units.disdik}`,
      { token: dinkes },
    );
    expect(other.status).toBe(404);
    const bad = await call(s.url, 'GET', '/api/v1/console/adoption?from=2026-03-31&to=2026-03-01', {
      token: agency,
    });
    expect(bad.status).toBe(400);
  });

  it("gives an employee's account, phones and week, and 404 outside the scope", async () => {
    const r = await call<{
      account: { username: string; state: string } | null;
      devices: { label: string; status: string }[];
      schedule: { name: string } | null;
      week: { date: string; day: { start: string } | null }[];
    }>(s.url, 'GET', `/api/v1/console/employees/${s.seeded.employees.a}/overview`, { token: dinkes });
    expect(r.status).toBe(200);
    expect(r.body.account).toMatchObject({ username: NIP_A, state: 'active' });
    expect(r.body.devices).toMatchObject([{ label: 'Ponsel A', status: 'active' }]);
    expect(r.body.schedule?.name).toBe('Jam kerja 5 hari');
    expect(r.body.week).toHaveLength(7);
    // Monday 2 March 2026 (Makassar) is a working day; Saturday the 7th is not.
    expect(r.body.week[0]!.day).not.toBeNull();
    expect(r.body.week[5]).toMatchObject({ date: '2026-03-07', day: null });
    const other = await call(s.url, 'GET', `/api/v1/console/employees/${s.seeded.employees.b}/overview`, {
      token: dinkes,
    });
    expect(other.status).toBe(404);
  });
});
