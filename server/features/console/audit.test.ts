/**
 * The audit log viewer's read endpoint over real HTTP on both engines: an agency admin
 * sees every entry, newest first, with names resolved; a unit admin only the entries
 * about their units and people (never another OPD's, never the organisation's rules);
 * the filters by unit, person, action and actor; paging; and another OPD's person or
 * unit answering 404 as if it did not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { NIP_A, call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

interface Entry {
  action: string;
  target: string;
  targetName: string | null;
  actor: { username: string | null };
  employee: { id: number; name: string } | null;
  unit: { id: number; name: string } | null;
  detail: Record<string, unknown>;
}
interface AuditPage {
  total: number;
  page: number;
  pageSize: number;
  entries: Entry[];
  actions: string[];
}

describe.each(ENGINES)('console audit log on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  const audit = (token: string, q = '') =>
    call<AuditPage>(s.url, 'GET', `/api/v1/console/audit${q}`, { token });

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
    ]);
    const { a, b } = s.seeded.employees;
    // Two edits by the agency, one by each unit admin, a holiday (organisation-wide).
    for (const [token, id, position] of [
      [agency, a, 'Perawat Ahli'],
      [agency, b, 'Guru Ahli'],
      [dinkes, a, 'Perawat Senior'],
      [disdik, b, 'Guru Senior'],
    ] as const) {
      const r = await call(s.url, 'PATCH', `/api/v1/employees/${id}`, { token, body: { position } });
      expect(r.status).toBe(200);
    }
    const h = await call(s.url, 'POST', '/api/v1/holidays', {
      token: agency,
      body: { date: '2026-04-20', name: 'Hari Jadi', kind: 'national' },
    });
    expect(h.status).toBe(201);
  });
  afterAll(() => s?.close());

  it('gives an agency admin every entry, newest first, with actor, person and unit', async () => {
    const r = await audit(agency);
    expect(r.status).toBe(200);
    const actions = r.body.entries.map((e) => e.action);
    expect(actions.slice(0, 5)).toEqual([
      'holiday.add',
      'employee.update',
      'employee.update',
      'employee.update',
      'employee.update',
    ]);
    const latestEdit = r.body.entries[1]!;
    expect(latestEdit).toMatchObject({
      actor: { username: 'admin.disdik' },
      employee: { id: s.seeded.employees.b, name: 'Budi Santoso' },
      unit: { name: 'Dinas Pendidikan' },
    });
    expect(latestEdit.detail).toHaveProperty('after');
    expect(r.body.entries[0]!.unit).toBeNull();
    expect(r.body.actions).toContain('holiday.add');
  });

  it('names targets no person or unit names: a holiday, a rule version, an account', async () => {
    const v = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { preset: 'permentan-68-2012', effectiveFrom: '2026-07-01' },
    });
    expect(v.status).toBe(201);
    const holiday = (await audit(agency, '?action=holiday.add')).body.entries[0]!;
    expect(holiday).toMatchObject({ employee: null, unit: null, targetName: 'Hari Jadi (2026-04-20)' });
    const rules = (await audit(agency, '?action=rules.version')).body.entries[0]!;
    expect(rules.targetName).toBe('2026-07-01');
    const signIn = (await audit(agency, '?action=auth.sign_in&actor=admin.disdik')).body.entries[0]!;
    expect(signIn.target).toMatch(/^account:\d+$/);
    expect(signIn.targetName).toBe('admin.disdik');
    // A person's entry is named by the person; the name field stays empty.
    const edit = (await audit(agency, '?action=employee.update')).body.entries[0]!;
    expect(edit.targetName).toBeNull();
  });

  it("shows a unit admin only their units' entries", async () => {
    const r = await audit(dinkes, '?action=employee.');
    expect(r.status).toBe(200);
    expect(r.body.entries.length).toBe(2);
    for (const e of r.body.entries) {
      expect(e.employee?.name).toBe('Andi Rahman');
      expect(e.unit?.name).toBe('Puskesmas Kota');
    }
    expect(r.body.entries.map((e) => e.actor.username)).toEqual(['admin.dinkes', 'admin']);
    // Neither the other OPD's person nor the organisation's holiday.
    expect(JSON.stringify(r.body.entries)).not.toContain('Budi');
    expect(r.body.entries.map((e) => e.action)).not.toContain('holiday.add');
  });

  it('filters by unit, person, action family and actor, and pages', async () => {
    // Sign-ins are in the trail too (the tests' own); these filters look at the edits.
    const byUnit = await audit(agency, `?unitId=${s.seeded.units.disdik}&action=employee.`);
    expect(byUnit.body.total).toBe(2);
    expect(byUnit.body.entries.every((e) => e.employee?.name === 'Budi Santoso')).toBe(true);

    const byPerson = await audit(agency, `?employeeId=${s.seeded.employees.a}&action=employee.`);
    expect(byPerson.body.total).toBe(2);

    const byFamily = await audit(agency, '?action=holiday.');
    expect(byFamily.body.entries.map((e) => e.action)).toEqual(['holiday.add']);
    const exact = await audit(agency, '?action=employee.update');
    expect(exact.body.total).toBe(4);

    const byActor = await audit(agency, '?actor=DINKES&action=employee.');
    expect(byActor.body.entries.map((e) => e.actor.username)).toEqual(['admin.dinkes']);

    const first = await audit(agency, '?action=employee.update&pageSize=3');
    const second = await audit(agency, '?action=employee.update&pageSize=3&page=2');
    expect([first.body.entries.length, second.body.entries.length]).toEqual([3, 1]);
    expect(first.body.total).toBe(4);

    const today = await audit(agency, '?from=2026-03-02&to=2026-03-02');
    expect(today.body.total).toBeGreaterThanOrEqual(5);
    const before = await audit(agency, '?to=2026-02-28');
    expect(before.body.total).toBe(0);
  });

  it('answers 404 for another OPD, refuses a bad date and an employee', async () => {
    expect((await audit(dinkes, `?unitId=${s.seeded.units.disdik}`)).status).toBe(404);
    expect((await audit(dinkes, `?employeeId=${s.seeded.employees.b}`)).status).toBe(404);
    expect((await audit(dinkes, '?employeeId=999999')).status).toBe(404);
    expect((await audit(agency, '?from=2026-02-30')).status).toBe(400);
    const employee = await login(s.url, NIP_A);
    expect((await audit(employee.token)).status).toBe(403);
  });
});
