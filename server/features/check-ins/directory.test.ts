import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Employee } from '../../../core/model.js';
import { openDatabase, type DbHandle } from '../../platform/db/engine.js';
import { insertEmployee } from '../employees/store.js';
import { decideLeaveRequest, insertLeaveRequest } from '../requests/store.js';
import { assignLocation, insertLocation } from '../sites/store.js';
import { insertUnit } from '../units/store.js';
import { insertPersonSchedule, insertSchedule } from '../schedules/store.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../test-support/engines.js';
import { Directory, type DirectoryEntry } from './directory.js';

async function eventually(cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await cond()).toBe(true);
}

async function entry(d: Directory, id: number): Promise<DirectoryEntry | undefined> {
  return d.get(id);
}

const office = (lat: number) => ({
  type: 'circle' as const,
  center: { lat, lon: 119.4327 },
  radiusM: 100,
});

/** 07:30–16:00, check-in from 06:00 to 12:00, check-out from 12:00 to 23:00. */
const WORK_DAY = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 720,
  checkOutFrom: 720,
  checkOutUntil: 1380,
};

/** A second fence, the Puskesmas, made in the unit and assigned to the employee. */
async function assignPuskesmas(db: DbHandle['db'], unitId: number, employeeId: number): Promise<void> {
  const second = await insertLocation(db, {
    unitId,
    name: 'Puskesmas',
    zone: 'Asia/Makassar',
    shape: office(-5.15),
    active: true,
  });
  await assignLocation(db, employeeId, second.id);
}

describe.each(ENGINES)('Directory on %s', (engine) => {
  let t: TestDatabase;
  let d: Directory | undefined;
  let unitId: number;
  let employee: Employee;

  beforeEach(async () => {
    t = await openTestDatabase(engine);
    const root = await insertUnit(t.db, {
      parentId: null,
      name: 'Pemkab',
      kind: 'pemda',
      zone: 'Asia/Makassar',
    });
    const unit = await insertUnit(t.db, {
      parentId: root.id,
      name: 'Dinkes',
      kind: 'opd',
      zone: 'Asia/Makassar',
    });
    unitId = unit.id;
    await insertSchedule(t.db, {
      unitId: root.id,
      name: 'Lima hari',
      effectiveFrom: '2026-01-01',
      days: [WORK_DAY, WORK_DAY, WORK_DAY, WORK_DAY, WORK_DAY, null, null],
    });
    const loc = await insertLocation(t.db, {
      unitId,
      name: 'Kantor Dinkes',
      zone: 'Asia/Makassar',
      shape: office(-5.1477),
      active: true,
    });
    employee = await insertEmployee(t.db, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-1',
      name: 'Rina',
      unitId,
      position: 'Staf',
      active: true,
    });
    await assignLocation(t.db, employee.id, loc.id);
  });
  afterEach(async () => {
    await d?.close();
    d = undefined;
    await t.drop();
  });

  it("holds each employee with the unit chain, the chain's schedules and the active assigned fences", async () => {
    d = await Directory.open(t, { pollMs: 0 });
    const e = d.get(employee.id);
    expect(e).not.toBeInstanceOf(Promise);
    const got = await e;
    expect(got?.employee.name).toBe('Rina');
    expect(got?.ctx.unitChain.map((u) => u.name)).toEqual(['Dinkes', 'Pemkab']);
    expect(got?.ctx.schedules.map((s) => s.name)).toEqual(['Lima hari']);
    expect(got?.ctx.locations.map((l) => l.name)).toEqual(['Kantor Dinkes']);
    expect(d.size).toBe(1);
  });

  it('shares one verdict context among people of a unit with the same fences, not with one with their own schedule', async () => {
    const loc = (await t.db.selectFrom('locations').select('id').executeTakeFirstOrThrow()).id;
    const person = async (internalId: string, name: string) => {
      const e = await insertEmployee(t.db, {
        kind: 'non_asn',
        nip: null,
        internalId,
        name,
        unitId,
        position: 'Staf',
        active: true,
      });
      await assignLocation(t.db, e.id, loc);
      return e;
    };
    const sari = await person('NA-3', 'Sari');
    const agus = await person('NA-4', 'Agus');
    await insertPersonSchedule(t.db, {
      employeeId: agus.id,
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      days: [WORK_DAY, WORK_DAY, WORK_DAY, WORK_DAY, WORK_DAY, WORK_DAY, null],
    });
    d = await Directory.open(t, { pollMs: 0 });
    const [r, s, a] = await Promise.all(
      [employee.id, sari.id, agus.id].map((id) => entry(d as Directory, id)),
    );
    expect(r?.ctx).toBe(s?.ctx);
    expect([r?.employee.name, s?.employee.name]).toEqual(['Rina', 'Sari']);
    expect(a?.ctx).not.toBe(r?.ctx);
    // Saturday 5 December 2026: Agus works it by his own schedule, the unit does not.
    expect(a?.ctx.dayFor?.('2026-12-05')).toMatchObject({ start: 450 });
    expect(r?.ctx.dayFor?.('2026-12-05')).toBeNull();
    // A second fence for Rina alone: her context changes, Sari keeps hers.
    await assignPuskesmas(t.db, unitId, employee.id);
    await d.settled();
    expect((await entry(d, employee.id))?.ctx.locations.map((l) => l.name)).toEqual([
      'Kantor Dinkes',
      'Puskesmas',
    ]);
    expect((await entry(d, sari.id))?.ctx.locations.map((l) => l.name)).toEqual(['Kantor Dinkes']);
  });

  it('reads an employee added after the snapshot from the database, and counts the miss', async () => {
    d = await Directory.open(t, { pollMs: 0 });
    const late = await insertEmployee(t.db, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-2',
      name: 'Budi',
      unitId,
      position: 'Staf',
      active: true,
    });
    const got = await entry(d, late.id);
    expect(got?.employee.name).toBe('Budi');
    expect(got?.ctx.unitChain.map((u) => u.name)).toEqual(['Dinkes', 'Pemkab']);
    expect(d.stats.misses).toBe(1);
    expect(await entry(d, 999_999)).toBeUndefined();
  });

  it('sees a change made through another connection at its next poll', async () => {
    d = await Directory.open(t, { pollMs: 30 });
    const before = d.version;
    const other: DbHandle = openDatabase({
      databaseUrl: t.databaseUrl ?? null,
      dataDir: t.sqliteFile ? t.sqliteFile.replace(/[/\\][^/\\]+$/, '') : '',
    });
    try {
      await assignPuskesmas(other.db, unitId, employee.id);
    } finally {
      await other.close();
    }
    await eventually(async () => (await entry(d as Directory, employee.id))?.ctx.locations.length === 2);
    expect(d.version).toBeGreaterThan(before);
    // A new fence and one assignment: that fence and that employee are read again, nothing else.
    expect(d.stats).toMatchObject({ reloads: 0, orgReloads: 0, employeesRead: 1, fencesRead: 1 });
  });

  describe('reloads only what changed', () => {
    let other: Employee;
    beforeEach(async () => {
      other = await insertEmployee(t.db, {
        kind: 'non_asn',
        nip: null,
        internalId: 'NA-9',
        name: 'Yusuf',
        unitId,
        position: 'Staf',
        active: true,
      });
      d = await Directory.open(t, { pollMs: 0 });
    });

    it('re-reads one employee when one employee changed', async () => {
      const untouched = await entry(d as Directory, other.id);
      await t.db.updateTable('employees').set({ name: 'Rina Wati' }).where('id', '=', employee.id).execute();
      await d?.settled();
      expect((await entry(d as Directory, employee.id))?.employee.name).toBe('Rina Wati');
      expect(await entry(d as Directory, other.id)).toBe(untouched); // the same object: not rebuilt
      expect(d?.stats).toMatchObject({ reloads: 0, orgReloads: 0, employeesRead: 1, fencesRead: 0 });
    });

    it('re-reads only the fence when a fence moved, and every employee holding it sees it', async () => {
      const loc = (await entry(d as Directory, employee.id))?.ctx.locations[0];
      await t.db
        .updateTable('locations')
        .set({ lat: -5.2 })
        .where('id', '=', loc?.id ?? 0)
        .execute();
      await d?.settled();
      const moved = (await entry(d as Directory, employee.id))?.ctx.locations[0]?.shape;
      expect(moved).toMatchObject({ center: { lat: -5.2 } });
      expect(d?.stats).toMatchObject({ reloads: 0, orgReloads: 0, employeesRead: 0, fencesRead: 1 });
    });

    it('reloads nothing when a leave request is approved', async () => {
      const id = '019c8a3e-5c1a-7d2e-9f3b-2a4c6e8f0a1b';
      await insertLeaveRequest(t.db, {
        id,
        employeeId: employee.id,
        type: 'cuti_tahunan',
        from: '2026-08-03',
        to: '2026-08-04',
        reason: 'keluarga',
        attachmentSha256: null,
        status: 'pending',
        requestedAt: 1,
        requestedBy: 1,
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
      });
      expect(await decideLeaveRequest(t.db, id, { status: 'approved', at: 2, by: 9, reason: null })).toBe(
        true,
      );
      await d?.settled();
      expect(d?.stats).toMatchObject({ reloads: 0, orgReloads: 0, employeesRead: 0, fencesRead: 0 });
    });

    it('rebuilds the entries in memory, without re-reading employees, when a schedule changed', async () => {
      const day = { ...WORK_DAY, start: 480, end: 900 };
      await insertSchedule(t.db, {
        unitId,
        name: 'Dinkes',
        effectiveFrom: '2026-02-01',
        days: [day, day, day, day, day, null, null],
      });
      await d?.settled();
      expect((await entry(d as Directory, other.id))?.ctx.schedules.map((x) => x.name)).toEqual([
        'Lima hari',
        'Dinkes',
      ]);
      expect(d?.stats).toMatchObject({ reloads: 0, orgReloads: 1, employeesRead: 0, fencesRead: 0 });
    });

    it('reloads everything when a bulk change touched more keys than the log holds one by one', async () => {
      const rows = Array.from({ length: 1001 }, (_, i) => ({
        kind: 'non_asn',
        nip: null,
        internal_id: `BULK-${i}`,
        name: `Pegawai ${i}`,
        unit_id: unitId,
        position: 'Staf',
        active: 1,
      }));
      await t.db.insertInto('employees').values(rows).execute();
      await d?.settled();
      expect(d?.size).toBe(1003);
      // PostgreSQL logs one '*' for the statement (a full reload); SQLite one key per row.
      expect(d?.stats.reloads).toBe(engine === 'postgres' ? 1 : 0);
    });
  });

  it('drops a fence that was deactivated', async () => {
    d = await Directory.open(t, { pollMs: 30 });
    await t.db.updateTable('locations').set({ active: 0 }).execute();
    await eventually(async () => (await entry(d as Directory, employee.id))?.ctx.locations.length === 0);
  });

  if (engine === 'postgres') {
    it('reloads on NOTIFY from another node without polling', async () => {
      d = await Directory.open(t, { pollMs: 0 });
      const other = openDatabase({ databaseUrl: t.databaseUrl ?? null, dataDir: '' });
      try {
        await other.db
          .updateTable('employees')
          .set({ name: 'Rina Wati' })
          .where('id', '=', employee.id)
          .execute();
      } finally {
        await other.close();
      }
      await eventually(async () => (await entry(d as Directory, employee.id))?.employee.name === 'Rina Wati');
    });
  }
});
