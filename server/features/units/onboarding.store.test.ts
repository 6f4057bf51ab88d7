/**
 * Store contract of the onboarding functions (units, employees, placements, sites), on
 * SQLite and PostgreSQL through the real migrations.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import {
  findEmployeesByKeys,
  getEmployee,
  insertEmployee,
  insertEmployees,
  searchEmployees,
  updateEmployee,
} from '../employees/store.js';
import {
  applyDueChanges,
  employeeIdsPlacedIn,
  insertPlacements,
  latestUnits,
  listPlacements,
  placeEmployee,
} from '../employees/placements.store.js';
import {
  getSite,
  insertSite,
  listLocationsForEmployee,
  listSites,
  replaceInheritedLinks,
  updateSite,
} from '../sites/store.js';
import {
  activeEmployeeCounts,
  findUnitByCode,
  getUnit,
  insertUnit,
  moveUnit,
  subtreeUnitIds,
  updateUnit,
} from './store.js';

const nonAsn = (unitId: number, name = 'Pegawai') => ({
  kind: 'non_asn' as const,
  nip: null,
  internalId: `NA-${randomUUID().slice(0, 12)}`,
  name,
  unitId,
  position: 'Staf',
  active: true,
});

describe.each(ENGINES)('onboarding stores on %s', (engine) => {
  let t: TestDatabase;
  let root: number;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    root = (await insertUnit(t.db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Jayapura' }))
      .id;
  });
  afterAll(() => t?.drop());

  it('stores the new unit kinds and codes, updates fields and finds by code', async () => {
    const kec = await insertUnit(t.db, {
      parentId: root,
      name: 'Kecamatan Abepura',
      kind: 'kecamatan',
      zone: 'Asia/Jayapura',
      code: 'KEC-01',
    });
    const kel = await insertUnit(t.db, {
      parentId: kec.id,
      name: 'Kelurahan Awiyo',
      kind: 'kelurahan',
      zone: 'Asia/Jayapura',
    });
    expect(await getUnit(t.db, kel.id)).toEqual(kel);
    expect((await findUnitByCode(t.db, 'KEC-01'))?.id).toBe(kec.id);
    expect(await updateUnit(t.db, kec.id, { name: 'Kec. Abepura', closedFrom: '2027-01-01' })).toBe(true);
    expect(await getUnit(t.db, kec.id)).toMatchObject({
      name: 'Kec. Abepura',
      closedFrom: '2027-01-01',
      code: 'KEC-01',
    });
    expect(await updateUnit(t.db, 999_999, { name: 'x' })).toBe(false);
    await expect(updateUnit(t.db, kel.id, { code: 'KEC-01' })).rejects.toThrow();
  });

  it('moves a subtree, rewriting every path below it', async () => {
    const a = await insertUnit(t.db, { parentId: root, name: 'A', kind: 'opd', zone: 'Asia/Jayapura' });
    const b = await insertUnit(t.db, { parentId: root, name: 'B', kind: 'opd', zone: 'Asia/Jayapura' });
    const a1 = await insertUnit(t.db, { parentId: a.id, name: 'A1', kind: 'bidang', zone: 'Asia/Jayapura' });
    const a11 = await insertUnit(t.db, { parentId: a1.id, name: 'A11', kind: 'upt', zone: 'Asia/Jayapura' });
    await moveUnit(t.db, a1.id, b.id);
    expect(await subtreeUnitIds(t.db, b.id)).toEqual([b.id, a1.id, a11.id]);
    expect(await subtreeUnitIds(t.db, a.id)).toEqual([a.id]);
    const path = await t.db
      .selectFrom('units')
      .select('path')
      .where('id', '=', a11.id)
      .executeTakeFirstOrThrow();
    expect(path.path).toBe(`/${root}/${b.id}/${a1.id}/${a11.id}/`);
  });

  it('inserts many employees in order, updates, searches and finds by keys', async () => {
    const u = await insertUnit(t.db, {
      parentId: root,
      name: 'Dinas Search',
      kind: 'opd',
      zone: 'Asia/Jayapura',
      code: `S-${randomUUID().slice(0, 6)}`,
    });
    const list = Array.from({ length: 1203 }, (_, i) => nonAsn(u.id, `Orang ${String(i).padStart(4, '0')}`));
    const saved = await insertEmployees(t.db, list);
    expect(saved.map((e) => e.name)).toEqual(list.map((e) => e.name));
    expect((await getEmployee(t.db, saved[1202]!.id))?.internalId).toBe(list[1202]!.internalId);
    expect(
      await updateEmployee(t.db, saved[0]!.id, {
        rank: null,
        inactiveFrom: '2026-03-01',
        inactiveReason: 'pensiun',
      }),
    ).toBe(true);
    const today = '2026-03-02';
    const page = await searchEmployees(t.db, {
      unitIds: [u.id],
      today,
      sort: 'name',
      order: 'desc',
      limit: 3,
      offset: 0,
      active: true,
    });
    expect(page.total).toBe(1202);
    expect(page.items.map((i) => i.name)).toEqual(['Orang 1202', 'Orang 1201', 'Orang 1200']);
    expect(page.items[0]?.unitName).toBe('Dinas Search');
    const q = await searchEmployees(t.db, {
      q: 'orang 000',
      today,
      sort: 'id',
      order: 'asc',
      limit: 50,
      offset: 0,
    });
    expect(q.total).toBe(10);
    const inactive = await searchEmployees(t.db, {
      unitIds: [u.id],
      today,
      active: false,
      sort: 'id',
      order: 'asc',
      limit: 5,
      offset: 0,
    });
    expect(inactive.items.map((i) => i.id)).toEqual([saved[0]!.id]);
    expect((await activeEmployeeCounts(t.db, today)).get(u.id)).toBe(1202);
    expect((await activeEmployeeCounts(t.db, '2026-02-28')).get(u.id)).toBe(1203);
    const found = await findEmployeesByKeys(t.db, [], [list[5]!.internalId, list[7]!.internalId]);
    expect(found.map((e) => e.id).sort((a, b) => a - b)).toEqual([saved[5]!.id, saved[7]!.id]);
  });

  it('keeps placements: the past in the old unit, a future move due on its date', async () => {
    const a = await insertUnit(t.db, { parentId: root, name: 'Asal', kind: 'opd', zone: 'Asia/Jayapura' });
    const b = await insertUnit(t.db, { parentId: root, name: 'Tujuan', kind: 'opd', zone: 'Asia/Jayapura' });
    const e = await insertEmployee(t.db, nonAsn(a.id));
    const stay = await insertEmployee(t.db, nonAsn(a.id));
    await placeEmployee(t.db, {
      employeeId: e.id,
      unitId: b.id,
      fromDate: '2026-04-01',
      previousUnitId: a.id,
      at: 1,
      by: null,
    });
    expect((await listPlacements(t.db, [e.id])).get(e.id)).toEqual([
      { employeeId: e.id, unitId: a.id, fromDate: '1900-01-01' },
      { employeeId: e.id, unitId: b.id, fromDate: '2026-04-01' },
    ]);
    expect(await employeeIdsPlacedIn(t.db, [a.id], '2026-03-01', '2026-03-31')).toEqual([e.id, stay.id]);
    expect(await employeeIdsPlacedIn(t.db, [b.id], '2026-03-01', '2026-03-31')).toEqual([]);
    expect(await employeeIdsPlacedIn(t.db, [b.id], '2026-03-15', '2026-04-15')).toEqual([e.id]);
    expect(await employeeIdsPlacedIn(t.db, [a.id], '2026-04-01', '2026-04-30')).toEqual([stay.id]);
    expect((await latestUnits(t.db, [e.id])).get(e.id)).toBe(b.id);
    expect(await applyDueChanges(t.db, '2026-03-31')).toMatchObject({ moved: [] });
    expect((await applyDueChanges(t.db, '2026-04-01')).moved).toEqual([e.id]);
    expect((await getEmployee(t.db, e.id))?.unitId).toBe(b.id);
    expect((await applyDueChanges(t.db, '2026-04-02')).moved).toEqual([]);
    // A later decision replaces the placements from its date on.
    await placeEmployee(t.db, {
      employeeId: e.id,
      unitId: a.id,
      fromDate: '2026-03-15',
      previousUnitId: b.id,
      at: 2,
      by: null,
    });
    expect((await listPlacements(t.db, [e.id])).get(e.id)?.map((p) => p.fromDate)).toEqual([
      '1900-01-01',
      '2026-03-15',
    ]);
    await updateEmployee(t.db, stay.id, { inactiveFrom: '2026-05-01' });
    expect((await applyDueChanges(t.db, '2026-05-01')).deactivated).toContain(stay.id);
    expect((await getEmployee(t.db, stay.id))?.active).toBe(false);
    const n = await insertEmployee(t.db, nonAsn(a.id));
    await insertPlacements(t.db, [{ employeeId: n.id, unitId: a.id, fromDate: '2026-01-01' }], 3, null);
    expect((await listPlacements(t.db, [n.id])).get(n.id)).toHaveLength(1);
  });

  it('stores sites with mode, range, letter and person, and replaces only inherited links', async () => {
    const u = await insertUnit(t.db, { parentId: root, name: 'Situs', kind: 'opd', zone: 'Asia/Jayapura' });
    const e = await insertEmployee(t.db, nonAsn(u.id));
    const office = await insertSite(t.db, {
      unitId: u.id,
      employeeId: null,
      name: 'Kantor',
      zone: 'Asia/Jayapura',
      mode: 'office',
      shape: {
        type: 'polygon',
        points: [
          { lat: -2.5, lon: 140.7 },
          { lat: -2.5, lon: 140.71 },
          { lat: -2.51, lon: 140.71 },
        ],
      },
      validFrom: null,
      validTo: null,
      letter: null,
      active: true,
    });
    const dl = await insertSite(t.db, {
      unitId: u.id,
      employeeId: e.id,
      name: 'DL',
      zone: 'Asia/Jakarta',
      mode: 'dinas_luar',
      shape: { type: 'circle', center: { lat: -6.2, lon: 106.8 }, radiusM: 300 },
      validFrom: '2026-03-03',
      validTo: '2026-03-05',
      letter: '800/1',
      active: true,
    });
    expect(await getSite(t.db, dl.id)).toEqual(dl);
    expect(await updateSite(t.db, office.id, { ...office, name: 'Kantor Baru' })).toBe(true);
    expect((await listSites(t.db, { unitIds: [u.id] })).map((x) => x.name)).toEqual(['Kantor Baru', 'DL']);
    expect((await listSites(t.db, { employeeId: e.id })).map((x) => x.id)).toEqual([dl.id]);
    // One hand-made link stays whatever the derived links become.
    await t.db.insertInto('employee_locations').values({ employee_id: e.id, location_id: dl.id }).execute();
    await replaceInheritedLinks(
      t.db,
      [e.id],
      [
        { employeeId: e.id, locationId: office.id },
        { employeeId: e.id, locationId: dl.id },
      ],
    );
    expect((await listLocationsForEmployee(t.db, e.id)).map((l) => l.id)).toEqual([office.id, dl.id]);
    await replaceInheritedLinks(t.db, [e.id], []);
    expect((await listLocationsForEmployee(t.db, e.id)).map((l) => l.id)).toEqual([dl.id]);
  });
});

describe.each(ENGINES)('migration 0008 on a database with data, %s', (engine) => {
  it('keeps units, their references and their triggers while widening the kinds', async () => {
    const { Migrator } = await import('kysely');
    const { migrationProvider } = await import('../../platform/db/migrations/index.js');
    const { migrateToLatest } = await import('../../platform/db/migrate.js');
    const t = await openTestDatabase(engine, { migrate: false });
    try {
      const m = new Migrator({ db: t.db, provider: migrationProvider });
      expect((await m.migrateTo('0007-directory-rules')).error).toBeUndefined();
      const db = t.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const { id } = (await db
        .insertInto('units')
        .values({ parent_id: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Jakarta', path: '/1/' })
        .returning('id')
        .executeTakeFirstOrThrow()) as { id: number };
      await db
        .insertInto('employees')
        .values({ kind: 'pns', nip: null, internal_id: 'x', name: 'A', unit_id: id, position: '', active: 1 })
        .execute();
      await migrateToLatest(t);
      expect((await getUnit(t.db, id))?.name).toBe('Pemkab');
      const placements = await listPlacements(t.db, null);
      expect([...placements.values()].flat().map((p) => p.unitId)).toEqual([id]);
      // The rebuilt table keeps its change triggers: since 0013 they log to the change
      // feed under topic 'unit' instead of bumping directory_version.
      const kel = await insertUnit(t.db, {
        parentId: id,
        name: 'Kel',
        kind: 'kelurahan',
        zone: 'Asia/Jakarta',
      });
      const logged = await db.selectFrom('change_log').select('key').where('topic', '=', 'unit').execute();
      expect(logged.map((r) => String(r.key))).toContain(String(kel.id));
      // The employee's foreign key still points at the rebuilt table.
      await expect(t.db.deleteFrom('units').where('id', '=', id).execute()).rejects.toThrow();
    } finally {
      await t.drop();
    }
  });
});
