/**
 * The organisation API over real HTTP on both engines: units, employees and sites, as
 * the agency admin, a unit admin in and out of their subtree, and an employee; every
 * change audited and seen by the check-in directory at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/audit.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, MAKASSAR, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const V = '/api/v1';

describe.each(ENGINES)('organisation API on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  let employee: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik, employee] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  it('shows each admin the tree of their scope with head counts; employees are refused', async () => {
    const all = await call<{
      items: { id: number; depth: number; employees: number; totalEmployees: number }[];
    }>(s.url, 'GET', `${V}/units`, { token: agency });
    expect(all.status).toBe(200);
    const pemda = all.body.items.find((u) => u.id === s.seeded.units.pemda)!;
    expect(pemda.depth).toBe(0);
    expect(pemda.totalEmployees).toBeGreaterThanOrEqual(3);
    const mine = await call<{ items: { id: number; depth: number }[] }>(s.url, 'GET', `${V}/units`, {
      token: dinkes,
    });
    expect(mine.body.items.map((u) => u.id)).toEqual([s.seeded.units.dinkes, s.seeded.units.puskesmas]);
    expect(mine.body.items[0]?.depth).toBe(0);
    expect((await call(s.url, 'GET', `${V}/units`, { token: employee })).status).toBe(403);
    expect((await call(s.url, 'GET', `${V}/units`)).status).toBe(401);
    expect(
      (await call(s.url, 'GET', `${V}/units/${s.seeded.units.puskesmas}`, { token: dinkes })).status,
    ).toBe(200);
    // Out of scope answers exactly like a missing id.
    const out = await call(s.url, 'GET', `${V}/units/${s.seeded.units.disdik}`, { token: dinkes });
    const missing = await call(s.url, 'GET', `${V}/units/99999`, { token: dinkes });
    expect([out.status, out.body]).toEqual([missing.status, missing.body]);
    expect(out.status).toBe(404);
  });

  it('creates, renames, recodes, moves and closes units, audited', async () => {
    const created = await call<{ id: number; zone: string; code: string | null }>(
      s.url,
      'POST',
      `${V}/units`,
      {
        token: dinkes,
        body: { parentId: s.seeded.units.dinkes, name: '  Bidang  P2P ', kind: 'bidang', code: 'DK.02' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ zone: 'Asia/Makassar', code: 'DK.02', name: 'Bidang P2P' });
    const id = created.body.id;
    // A code is unique; a unit admin cannot create a root or reach another OPD.
    const dup = await call(s.url, 'POST', `${V}/units`, {
      token: agency,
      body: { parentId: s.seeded.units.disdik, name: 'X', kind: 'bidang', code: 'DK.02' },
    });
    expect([dup.status, (dup.body as { code: string }).code]).toEqual([409, 'code_taken']);
    expect(
      (
        await call(s.url, 'POST', `${V}/units`, {
          token: dinkes,
          body: { parentId: null, name: 'Pemda 2', kind: 'pemda', zone: 'Asia/Jayapura' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(s.url, 'POST', `${V}/units`, {
          token: dinkes,
          body: { parentId: s.seeded.units.disdik, name: 'X', kind: 'bidang' },
        })
      ).status,
    ).toBe(404);
    const renamed = await call(s.url, 'PATCH', `${V}/units/${id}`, {
      token: dinkes,
      body: { name: 'Bidang Pencegahan', zone: 'Asia/Jayapura' },
    });
    expect(renamed.body).toMatchObject({ name: 'Bidang Pencegahan', zone: 'Asia/Jayapura' });
    expect(
      (await call(s.url, 'PATCH', `${V}/units/${id}`, { token: disdik, body: { name: 'Y' } })).status,
    ).toBe(404);
    expect(
      (await call(s.url, 'PATCH', `${V}/units/${id}`, { token: dinkes, body: { nama: 'Y' } })).status,
    ).toBe(400);
    // Move under the puskesmas, then back; never under itself.
    const moved = await call(s.url, 'POST', `${V}/units/${id}/move`, {
      token: dinkes,
      body: { parentId: s.seeded.units.puskesmas },
    });
    expect(moved.body).toMatchObject({ parentId: s.seeded.units.puskesmas });
    const cycle = await call(s.url, 'POST', `${V}/units/${s.seeded.units.puskesmas}/move`, {
      token: agency,
      body: { parentId: id },
    });
    expect((cycle.body as { code: string }).code).toBe('unit_cycle');
    expect(
      (
        await call(s.url, 'POST', `${V}/units/${s.seeded.units.dinkes}/move`, {
          token: dinkes,
          body: { parentId: s.seeded.units.puskesmas },
        })
      ).status,
    ).toBe(403);
    // Closing: refused while people work there, fine for the empty unit.
    const busy = await call(s.url, 'POST', `${V}/units/${s.seeded.units.puskesmas}/close`, {
      token: agency,
      body: { from: '2026-04-01' },
    });
    expect((busy.body as { code: string }).code).toBe('unit_not_empty');
    const closed = await call(s.url, 'POST', `${V}/units/${id}/close`, {
      token: dinkes,
      body: { from: '2026-04-01' },
    });
    expect(closed.body).toMatchObject({ closedFrom: '2026-04-01' });
    const entries = (await listAudit(s.t.db, { limit: 20 })).filter((a) => a.target === `unit:${id}`);
    expect(entries.map((a) => a.action).sort()).toEqual([
      'unit.close',
      'unit.create',
      'unit.move',
      'unit.update',
    ]);
    // Written like every other admin change: the actor's label and the request that made it.
    for (const e of entries) expect(e.actor_label).toMatch(/^unit_admin:\d+$/);
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(4);
    expect(entries.every((e) => typeof e.request_id === 'string' && e.request_id !== '')).toBe(true);
  });

  it('lists employees paged and sorted on the server, with NIP and unit names, within scope', async () => {
    const page = await call<{
      total: number;
      items: { name: string; nip: string | null; unitName: string }[];
    }>(s.url, 'GET', `${V}/employees?sort=name&order=desc&limit=2`, { token: agency });
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.every((i) => i.unitName !== '')).toBe(true);
    const names = page.body.items.map((i) => i.name);
    expect([...names].sort().reverse()).toEqual(names);
    const mine = await call<{ total: number; items: { nip: string; unitName: string }[] }>(
      s.url,
      'GET',
      `${V}/employees`,
      { token: dinkes },
    );
    expect(mine.body.items.map((i) => i.nip)).toContain(NIP_A);
    expect(mine.body.items.every((i) => ['Puskesmas Kota', 'Dinas Kesehatan'].includes(i.unitName))).toBe(
      true,
    );
    const byNip = await call<{ total: number }>(
      s.url,
      'GET',
      `${V}/employees?q=${encodeURIComponent('19860926 2015')}`,
      { token: agency },
    );
    expect(byNip.body.total).toBe(1);
    const byName = await call<{ total: number }>(s.url, 'GET', `${V}/employees?q=ANDI`, { token: agency });
    expect(byName.body.total).toBe(1);
    expect(
      (await call(s.url, 'GET', `${V}/employees?unitId=${s.seeded.units.disdik}`, { token: dinkes })).status,
    ).toBe(404);
    expect((await call(s.url, 'GET', `${V}/employees?limit=0`, { token: agency })).status).toBe(400);
    expect((await call(s.url, 'GET', `${V}/employees`, { token: employee })).status).toBe(403);
  });

  it('creates employees with the NIP rules of their kind, edits, moves from a date and deactivates', async () => {
    const bad = await call<{ code: string; details: { field: string; reason: string }[] }>(
      s.url,
      'POST',
      `${V}/employees`,
      {
        token: dinkes,
        body: { kind: 'pppk', nip: '198508092014021736', name: 'Salah', unitId: s.seeded.units.puskesmas },
      },
    );
    expect([bad.status, bad.body.details[0]]).toEqual([400, { field: '/nip', reason: 'kind_mismatch' }]);
    const rank = await call<{ details: { field: string }[] }>(s.url, 'POST', `${V}/employees`, {
      token: dinkes,
      body: {
        kind: 'non_asn',
        internalId: 'THL-1',
        name: 'Deden',
        unitId: s.seeded.units.puskesmas,
        rank: 'II/a',
      },
    });
    expect(rank.body.details[0]?.field).toBe('/rank');
    const created = await call<{ id: number; rank: string; nip: string }>(s.url, 'POST', `${V}/employees`, {
      token: dinkes,
      body: {
        kind: 'pns',
        nip: '19850809 201402 1 736',
        name: 'Andi Santoso',
        unitId: s.seeded.units.puskesmas,
        rank: '3b',
        position: 'Perawat',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nip: '198508092014021736', rank: 'III/b' });
    const id = created.body.id;
    const dup = await call(s.url, 'POST', `${V}/employees`, {
      token: agency,
      body: { kind: 'pns', nip: '198508092014021736', name: 'Lagi', unitId: s.seeded.units.disdik },
    });
    expect((dup.body as { code: string }).code).toBe('employee_exists');
    expect(
      (
        await call(s.url, 'POST', `${V}/employees`, {
          token: disdik,
          body: { kind: 'non_asn', internalId: 'X-1', name: 'X', unitId: s.seeded.units.puskesmas },
        })
      ).status,
    ).toBe(404);

    // The new employee inherits the puskesmas chain's site and is in the directory at once.
    await s.app.hadir.directory.settled();
    const entry = await s.app.hadir.directory.get(id);
    expect(entry?.employee.name).toBe('Andi Santoso');

    const edited = await call(s.url, 'PATCH', `${V}/employees/${id}`, {
      token: dinkes,
      body: { position: 'Kepala Puskesmas' },
    });
    expect(edited.body).toMatchObject({ position: 'Kepala Puskesmas' });
    expect(
      (await call(s.url, 'PATCH', `${V}/employees/${id}`, { token: disdik, body: { position: 'X' } })).status,
    ).toBe(404);

    // A move needs both units in scope; a move to Disdik from April is the agency's.
    expect(
      (
        await call(s.url, 'POST', `${V}/employees/${id}/move`, {
          token: dinkes,
          body: { unitId: s.seeded.units.disdik, from: '2026-04-01' },
        })
      ).status,
    ).toBe(404);
    const moved = await call(s.url, 'POST', `${V}/employees/${id}/move`, {
      token: agency,
      body: { unitId: s.seeded.units.disdik, from: '2026-04-01' },
    });
    expect(moved.body).toMatchObject({ unitId: s.seeded.units.puskesmas }); // not yet: April is ahead
    const detail = await call<{ placements: { unitName: string; fromDate: string }[] }>(
      s.url,
      'GET',
      `${V}/employees/${id}`,
      { token: agency },
    );
    expect(detail.body.placements.map((p) => [p.fromDate, p.unitName])).toEqual([
      ['1900-01-01', 'Puskesmas Kota'],
      ['2026-04-01', 'Dinas Pendidikan'],
    ]);
    const now = await call(s.url, 'POST', `${V}/employees/${id}/move`, {
      token: agency,
      body: { unitId: s.seeded.units.dinkes, from: '2026-03-01' },
    });
    expect(now.body).toMatchObject({ unitId: s.seeded.units.dinkes });

    const off = await call(s.url, 'POST', `${V}/employees/${id}/deactivate`, {
      token: dinkes,
      body: { from: '2026-03-02', reason: 'pensiun' },
    });
    expect(off.body).toMatchObject({ active: false, inactiveFrom: '2026-03-02', inactiveReason: 'pensiun' });
    const inactive = await call<{ total: number }>(s.url, 'GET', `${V}/employees?active=false`, {
      token: dinkes,
    });
    expect(inactive.body.total).toBe(1);
    const on = await call(s.url, 'POST', `${V}/employees/${id}/reactivate`, { token: dinkes });
    expect(on.body).toMatchObject({ active: true, inactiveFrom: null });
    const actions = (await listAudit(s.t.db, { limit: 50 }))
      .filter((a) => a.target === `employee:${id}`)
      .map((a) => a.action);
    expect(actions.sort()).toEqual([
      'employee.create',
      'employee.deactivate',
      'employee.move',
      'employee.move',
      'employee.reactivate',
      'employee.update',
    ]);
  });

  it('draws sites: validated, scoped, inherited down the tree, and the check-in path sees a moved fence at once', async () => {
    const bowTie = await call<{ details: { field: string; reason: string }[] }>(s.url, 'POST', `${V}/sites`, {
      token: dinkes,
      body: {
        unitId: s.seeded.units.dinkes,
        name: 'Salah',
        mode: 'office',
        shape: {
          type: 'polygon',
          points: [
            { lat: -5.14, lon: 119.43 },
            { lat: -5.15, lon: 119.44 },
            { lat: -5.14, lon: 119.44 },
            { lat: -5.15, lon: 119.43 },
          ],
        },
      },
    });
    expect(bowTie.body.details).toEqual([{ field: '/shape', reason: 'self_intersecting' }]);
    const abroad = {
      unitId: s.seeded.units.dinkes,
      name: 'Terbalik',
      mode: 'office',
      shape: { type: 'circle', center: { lat: 119.43 - 100, lon: -5.14 }, radiusM: 100 },
    };
    expect(
      (
        (await call(s.url, 'POST', `${V}/sites`, { token: dinkes, body: abroad })).body as {
          details: { reason: string }[];
        }
      ).details[0]?.reason,
    ).toBe('outside_indonesia');
    expect(
      (
        await call(s.url, 'POST', `${V}/sites`, {
          token: dinkes,
          body: { ...abroad, confirmOutsideIndonesia: true },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(s.url, 'POST', `${V}/sites`, {
          token: disdik,
          body: { ...abroad, confirmOutsideIndonesia: true },
        })
      ).status,
    ).toBe(404);

    // A site for the puskesmas: employee A (hand-assigned the Makassar office) now also inherits it.
    const far = { lat: -5.2, lon: 119.5 };
    const site = await call<{ id: number }>(s.url, 'POST', `${V}/sites`, {
      token: dinkes,
      body: {
        unitId: s.seeded.units.puskesmas,
        name: 'Puskesmas Kota',
        mode: 'office',
        shape: { type: 'circle', center: far, radiusM: 80 },
      },
    });
    expect(site.status).toBe(201);
    await s.app.hadir.directory.settled();
    const a = await s.app.hadir.directory.get(s.seeded.employees.a);
    expect(a?.ctx.locations.map((l) => l.id)).toEqual([s.seeded.locations.makassar, site.body.id]);
    // Moving the fence onto the Makassar office reaches the directory without a restart.
    const movedFence = await call<{ shape: { center: typeof MAKASSAR } }>(
      s.url,
      'PUT',
      `${V}/sites/${site.body.id}`,
      {
        token: dinkes,
        body: {
          name: 'Puskesmas Kota',
          mode: 'office',
          shape: { type: 'circle', center: MAKASSAR, radiusM: 120 },
        },
      },
    );
    expect(movedFence.body.shape.center).toEqual(MAKASSAR);
    await s.app.hadir.directory.settled();
    const after = await s.app.hadir.directory.get(s.seeded.employees.a);
    expect(after?.ctx.locations.find((l) => l.id === site.body.id)?.shape).toEqual({
      type: 'circle',
      center: MAKASSAR,
      radiusM: 120,
    });

    // Dinas luar belongs to a person, with a letter and dates.
    const dl = await call(s.url, 'POST', `${V}/sites`, {
      token: dinkes,
      body: {
        employeeId: s.seeded.employees.a,
        name: 'Rapat di Jakarta',
        mode: 'dinas_luar',
        shape: { type: 'circle', center: { lat: -6.2, lon: 106.8 }, radiusM: 500 },
        validFrom: '2026-03-03',
        validTo: '2026-03-05',
        letter: '800/12/DINKES',
      },
    });
    expect(dl.status).toBe(201);
    const noLetter = await call(s.url, 'POST', `${V}/sites`, {
      token: dinkes,
      body: {
        employeeId: s.seeded.employees.a,
        name: 'DL',
        mode: 'dinas_luar',
        shape: { type: 'circle', center: { lat: -6.2, lon: 106.8 }, radiusM: 500 },
      },
    });
    expect(noLetter.status).toBe(400);
    const list = await call<{ items: { name: string }[] }>(
      s.url,
      'GET',
      `${V}/sites?employeeId=${s.seeded.employees.a}`,
      { token: dinkes },
    );
    expect(list.body.items.map((i) => i.name)).toEqual(['Rapat di Jakarta']);
    expect(
      (await call(s.url, 'GET', `${V}/sites?unitId=${s.seeded.units.disdik}`, { token: dinkes })).status,
    ).toBe(404);
    expect((await call(s.url, 'GET', `${V}/sites/${site.body.id}`, { token: disdik })).status).toBe(404);
    expect((await call(s.url, 'GET', `${V}/sites`, { token: employee })).status).toBe(403);
    const audited = (await listAudit(s.t.db, { limit: 50 })).filter((x) => x.action.startsWith('site.'));
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });
});
