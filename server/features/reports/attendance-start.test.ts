/**
 * TK is counted only from when attendance is recorded for a person (issue: a regency
 * that starts in November saw 198-240 days "tanpa keterangan" for everyone, and every
 * row of the recap showed the dismissal step). Days before the organisation's go-live,
 * the person's own start or their first placement are not TK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { insertPlacements } from '../employees/placements.store.js';
import { insertEmployee } from '../employees/store.js';
import { insertRuleSet } from '../rules/store.js';
import { updateUnit } from '../units/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { seed } from '../../test-support/http-fixtures.js';
import type { Seeded } from '../../test-support/http-fixtures.js';
import { recapMonth, yearToDateTkOf } from './service.js';

describe.each(ENGINES)('attendance start on %s', (engine) => {
  let t: TestDatabase;
  let seeded: Seeded;
  let newcomer: number;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    seeded = await seed(t);
    // The rules are in force from 1 January; nobody ever checks in.
    await insertRuleSet(t.db, seeded.units.pemda, permentan68Preset('2026-01-01'), 0, null);
    // Someone imported on 16 November: first placement from that date.
    const e = await insertEmployee(t.db, {
      kind: 'pns',
      nip: '199204122020121003',
      internalId: null,
      name: 'Dewi Lestari',
      unitId: seeded.units.dinkes,
      position: 'Analis',
      active: true,
    });
    newcomer = e.id;
    await insertPlacements(
      t.db,
      [{ employeeId: e.id, unitId: seeded.units.dinkes, fromDate: '2026-11-16' }],
      0,
      null,
    );
  });
  afterAll(() => t?.drop());

  const scope = () => ({ unitIds: [seeded.units.dinkes, seeded.units.puskesmas] });
  const tkOf = async (month: string) => {
    const r = await recapMonth(t.db, scope(), month);
    return new Map(r.recap.people.map((p) => [p.employeeId, p.counts]));
  };

  it('counts nothing before the organisation goes live, and TK from its go-live on', async () => {
    const before = (await yearToDateTkOf(t.db, scope(), '2026-11')).get(seeded.employees.a)!;
    // Without a go-live date the rules' 1 January is the start: months of TK.
    expect(before.tkDays).toBeGreaterThan(150);
    // Counted month by month, it is the sum of the months' TK, and one run across every
    // month boundary (days off and holidays do not break a run).
    let sum = 0;
    for (let m = 1; m <= 11; m++)
      sum += (await tkOf(`2026-${String(m).padStart(2, '0')}`)).get(seeded.employees.a)!.tanpaKeterangan;
    expect(before.tkDays).toBe(sum);
    expect(before.longestRun).toBe(before.tkDays);
    await updateUnit(t.db, seeded.units.pemda, { attendanceFrom: '2026-11-02' });
    const yearly = (await yearToDateTkOf(t.db, scope(), '2026-11')).get(seeded.employees.a)!;
    // Mon 2 - Mon 30 November 2026: 21 working days, all TK; nothing from Jan-Oct.
    expect(yearly.tkDays).toBe(21);
    const october = await tkOf('2026-10');
    expect(october.get(seeded.employees.a)).toMatchObject({ workingDays: 0, tanpaKeterangan: 0 });
    const november = await tkOf('2026-11');
    expect(november.get(seeded.employees.a)).toMatchObject({ workingDays: 21, tanpaKeterangan: 21 });
  });

  it("counts a newcomer from their first placement, not from the organisation's start", async () => {
    const november = await tkOf('2026-11');
    // Mon 16 - Mon 30 November: 11 working days.
    expect(november.get(newcomer)).toMatchObject({ workingDays: 11, tanpaKeterangan: 11 });
    const yearly = (await yearToDateTkOf(t.db, scope(), '2026-11')).get(newcomer)!;
    expect(yearly.tkDays).toBe(11);
  });
});
