/**
 * GET /api/v1/accounts over HTTP on both engines: the accounts of the caller's scope with
 * names, NIP and unit names — searched by name, NIP (typed with spaces) or username,
 * filtered by unit, role, status (active, pending activation, disabled) and locked, and
 * paged; a unit admin sees its subtree only, the agency admin everything, an employee is
 * refused, a unit outside the scope answers exactly as a missing one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, NIP_B, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

interface Item {
  id: number;
  username: string;
  role: string;
  name: string | null;
  nip: string | null;
  employeeId: number | null;
  unitId: number | null;
  unitName: string | null;
  status: string;
  locked: boolean;
}
interface Page {
  total: number;
  page: number;
  pageSize: number;
  items: Item[];
}

const V = '/api/v1';

describe.each(ENGINES)('the account list on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let employee: string;
  const list = (token: string, query = '') => call<Page>(s.url, 'GET', `${V}/accounts${query}`, { token });
  const names = (p: Page) => p.items.map((i) => i.username);

  beforeAll(async () => {
    s = await startServer(engine);
    agency = (await login(s.url, 'admin')).token;
    dinkes = (await login(s.url, 'admin.dinkes')).token;
    employee = (await login(s.url, NIP_A)).token;
  });
  afterAll(() => s?.close());

  it('shows the agency admin every account, with names, NIP and unit names', async () => {
    const r = await list(agency);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(5);
    expect(r.body).toMatchObject({ page: 1, pageSize: 50 });
    expect(names(r.body).sort()).toEqual(['admin', 'admin.dinkes', 'admin.disdik', NIP_A, NIP_B].sort());
    expect(r.body.items.find((i) => i.username === NIP_A)).toEqual({
      id: s.seeded.accounts.a,
      username: NIP_A,
      role: 'employee',
      name: 'Andi Rahman',
      nip: NIP_A,
      employeeId: s.seeded.employees.a,
      unitId: s.seeded.units.puskesmas,
      unitName: 'Puskesmas Kota',
      status: 'active',
      locked: false,
    });
    expect(r.body.items.find((i) => i.username === 'admin.disdik')).toMatchObject({
      role: 'unit_admin',
      name: null,
      nip: null,
      unitName: 'Dinas Pendidikan',
    });
    expect(r.body.items.find((i) => i.username === 'admin')).toMatchObject({ unitId: null, unitName: null });
  });

  it('shows a unit admin the accounts of its subtree only, and refuses employees', async () => {
    const r = await list(dinkes);
    expect(r.status).toBe(200);
    expect(names(r.body).sort()).toEqual(['admin.dinkes', NIP_A].sort());
    expect(r.body.total).toBe(2);
    // Filtering by its own sub-unit works; by a unit outside answers as a missing unit.
    expect(names((await list(dinkes, `?unitId=${s.seeded.units.puskesmas}`)).body)).toEqual([NIP_A]);
    const outside = await list(dinkes, `?unitId=${s.seeded.units.disdik}`);
    const missing = await list(dinkes, '?unitId=999999');
    expect(outside.status).toBe(404);
    expect(outside.body).toEqual(missing.body);
    // The agency admin may filter by any unit.
    expect(names((await list(agency, `?unitId=${s.seeded.units.disdik}`)).body).sort()).toEqual(
      ['admin.disdik', NIP_B].sort(),
    );

    expect((await list(employee)).status).toBe(403);
    expect((await call(s.url, 'GET', `${V}/accounts`)).status).toBe(401);
  });

  it('searches by name, NIP typed with spaces, or username, and filters by role', async () => {
    expect(names((await list(agency, '?q=andi')).body)).toEqual([NIP_A]);
    expect(names((await list(agency, `?q=${encodeURIComponent('19860926 201505')}`)).body)).toEqual([NIP_A]);
    expect(names((await list(agency, '?q=ADMIN.DIS')).body)).toEqual(['admin.disdik']);
    // A LIKE wildcard is a plain character here.
    expect((await list(agency, '?q=%25')).body.total).toBe(0);
    // Out of scope stays out of scope when searched for.
    expect((await list(dinkes, '?q=budi')).body.total).toBe(0);
    expect(names((await list(agency, '?role=unit_admin')).body).sort()).toEqual([
      'admin.dinkes',
      'admin.disdik',
    ]);
    expect(names((await list(dinkes, '?role=agency_admin')).body)).toEqual([]);
  });

  it('filters accounts waiting for activation and disabled ones', async () => {
    // Citra (Dinas Kesehatan, no NIP) gets an account with an activation code.
    const issued = await call(s.url, 'POST', `${V}/accounts/activation`, {
      token: dinkes,
      body: { unitId: s.seeded.units.dinkes },
    });
    expect(issued.status).toBe(200);
    const pending = await list(dinkes, '?status=pending');
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        username: 'NA-2024-0001',
        name: 'Citra',
        nip: null,
        unitName: 'Dinas Kesehatan',
        status: 'pending',
      }),
    ]);
    expect(names((await list(dinkes, '?status=active')).body).sort()).toEqual(['admin.dinkes', NIP_A].sort());

    const off = await call(s.url, 'POST', `${V}/accounts/${s.seeded.accounts.b}/disable`, { token: agency });
    expect(off.status).toBe(204);
    expect(names((await list(agency, '?status=disabled')).body)).toEqual([NIP_B]);
    expect((await list(dinkes, '?status=disabled')).body.total).toBe(0);
    expect(
      (await call(s.url, 'POST', `${V}/accounts/${s.seeded.accounts.b}/enable`, { token: agency })).status,
    ).toBe(204);
  });

  it('shows and filters accounts locked by wrong passwords, until an unlock', async () => {
    for (let i = 0; i < s.config.loginMaxPerAccount; i++) {
      const r = await call(s.url, 'POST', `${V}/auth/login`, {
        body: { username: NIP_A, password: `salah-${i}` },
      });
      expect(r.status).toBe(401);
    }
    const locked = await list(dinkes, '?locked=true');
    expect(locked.body.total).toBe(1);
    expect(locked.body.items[0]).toMatchObject({ username: NIP_A, name: 'Andi Rahman', locked: true });
    // Citra's account (the activation above) and the admin's are not locked.
    expect(names((await list(dinkes, '?locked=false')).body).sort()).toEqual([
      'NA-2024-0001',
      'admin.dinkes',
    ]);
    // Out of scope: the unit admin of Dinas Pendidikan sees no locked account.
    const disdik = (await login(s.url, 'admin.disdik')).token;
    expect((await list(disdik, '?locked=true')).body.total).toBe(0);

    const r = await call(s.url, 'POST', `${V}/accounts/${s.seeded.accounts.a}/unlock`, { token: dinkes });
    expect(r.status).toBe(204);
    expect((await list(dinkes, '?locked=true')).body.total).toBe(0);
  });

  it('pages the list: every account once, the total on every page', async () => {
    const all = (await list(agency)).body;
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const r = await list(agency, `?pageSize=2&page=${page}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ total: all.total, page, pageSize: 2 });
      expect(r.body.items.length).toBe(Math.max(0, Math.min(2, all.total - (page - 1) * 2)));
      seen.push(...names(r.body));
    }
    expect(seen).toEqual(names(all));
    // Paging applies after the locked filter too.
    expect((await list(agency, '?locked=false&pageSize=2&page=2')).body).toMatchObject({
      total: all.total,
      items: all.items.slice(2, 4),
    });
    for (const bad of ['?pageSize=0', '?page=0', '?status=locked', '?locked=yes', '?unitId=abc', '?other=1'])
      expect((await list(agency, bad)).status, bad).toBe(400);
  });
});
