import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertEmployee } from '../employees/store.js';
import { insertUnit } from '../units/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { Directory } from './directory.js';

describe.each(ENGINES)('Directory selfieRequired on %s', (engine) => {
  let t: TestDatabase;
  let d: Directory | undefined;
  const units = { pemda: 0, dinkes: 0, puskesmas: 0, disdik: 0 };
  const staff = { puskesmas: 0, disdik: 0, pemda: 0 };

  beforeEach(async () => {
    t = await openTestDatabase(engine);
    const unit = async (name: string, parentId: number | null, kind: 'pemda' | 'opd' | 'puskesmas') =>
      (await insertUnit(t.db, { parentId, name, kind, zone: 'Asia/Makassar' })).id;
    units.pemda = await unit('Pemkab', null, 'pemda');
    units.dinkes = await unit('Dinkes', units.pemda, 'opd');
    units.puskesmas = await unit('Puskesmas', units.dinkes, 'puskesmas');
    units.disdik = await unit('Disdik', units.pemda, 'opd');
    let n = 0;
    const person = async (unitId: number) =>
      (
        await insertEmployee(t.db, {
          kind: 'non_asn',
          nip: null,
          internalId: `NA-${++n}`,
          name: `Pegawai ${n}`,
          unitId,
          position: 'Staf',
          active: true,
        })
      ).id;
    staff.puskesmas = await person(units.puskesmas);
    staff.disdik = await person(units.disdik);
    staff.pemda = await person(units.pemda);
  });
  afterEach(async () => {
    await d?.close();
    d = undefined;
    await t.drop();
  });

  const set = (unitId: number, v: 0 | 1 | null) =>
    t.db.updateTable('units').set({ selfie_required: v }).where('id', '=', unitId).execute();

  async function required(dir: Directory): Promise<Record<keyof typeof staff, boolean | undefined>> {
    return {
      puskesmas: (await dir.get(staff.puskesmas))?.selfieRequired,
      disdik: (await dir.get(staff.disdik))?.selfieRequired,
      pemda: (await dir.get(staff.pemda))?.selfieRequired,
    };
  }

  it('is off when no unit sets it', async () => {
    d = await Directory.open(t, { pollMs: 0 });
    expect(await required(d)).toEqual({ puskesmas: false, disdik: false, pemda: false });
  });

  it('inherits from the nearest ancestor that sets it, in snapshots and single loads alike', async () => {
    await set(units.pemda, 1);
    await set(units.disdik, 0);
    d = await Directory.open(t, { pollMs: 0 });
    expect(await required(d)).toEqual({ puskesmas: true, disdik: false, pemda: true });

    // An employee added after the snapshot is read straight from the database.
    const late = await insertEmployee(t.db, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-late',
      name: 'Baru',
      unitId: units.puskesmas,
      position: 'Staf',
      active: true,
    });
    expect((await d.get(late.id))?.selfieRequired).toBe(true);

    // A change of the setting reaches the directory on reload.
    await set(units.dinkes, 0);
    d.invalidate();
    await d.settled();
    expect(await required(d)).toEqual({ puskesmas: false, disdik: false, pemda: true });
  });

  it('refuses values other than 0, 1 and null', async () => {
    await expect(set(units.pemda, 2 as 1)).rejects.toThrow();
  });
});
