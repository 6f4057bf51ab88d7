/**
 * A move is effective from a date: the recap of a month before it stays exactly as it
 * was, the old unit still counts the person for the days they were there, and the new
 * unit counts them from the move on (both engines).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import type { WeeklySchedule, WorkDay } from '../../../core/model.js';
import { zonedToInstant } from '../../../core/time.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { insertPunches } from '../check-ins/store.js';
import { syntheticPunch } from '../reports/punch-rows.js';
import { recapMonth } from '../reports/service.js';
import { insertRuleSet } from '../rules/store.js';
import { insertSchedule } from '../schedules/store.js';
import { CLI_ACTOR } from '../units/access.js';
import { insertUnit } from '../units/store.js';
import { createEmployee, deactivateEmployee, moveEmployee } from './service.js';

const DAY: WorkDay = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 720,
  checkOutFrom: 720,
  checkOutUntil: 1320,
};
const FIVE: WeeklySchedule['days'] = [DAY, DAY, DAY, DAY, DAY, null, null];
const SIX: WeeklySchedule['days'] = [DAY, DAY, DAY, DAY, DAY, DAY, null];
const wib = (date: string, hh: number, mm: number) => zonedToInstant(date, hh * 60 + mm, 'Asia/Jakarta');

describe.each(ENGINES)('effective-dated moves and recaps on %s', (engine) => {
  let t: TestDatabase;
  let a: number;
  let b: number;
  let now = wib('2026-04-10', 9, 0);
  const deps = () => ({ db: t.db, now: () => now });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const org = (
      await insertUnit(t.db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Jakarta' })
    ).id;
    a = (await insertUnit(t.db, { parentId: org, name: 'Dinas A', kind: 'opd', zone: 'Asia/Jakarta' })).id;
    b = (await insertUnit(t.db, { parentId: org, name: 'Dinas B', kind: 'opd', zone: 'Asia/Jakarta' })).id;
    await insertSchedule(t.db, { unitId: a, name: '5 hari', effectiveFrom: '2026-01-01', days: FIVE });
    await insertSchedule(t.db, { unitId: b, name: '6 hari', effectiveFrom: '2026-01-01', days: SIX });
    await insertRuleSet(t.db, org, permentan68Preset('2026-01-01'), 1, null);
    // Someone who always worked in B, so B's recaps are never empty.
    await createEmployee(deps(), CLI_ACTOR, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-B-0001',
      name: 'Tetap di B',
      unitId: b,
      position: '',
      rank: null,
      attendanceFrom: null,
    });
  });
  afterAll(() => t?.drop());

  async function employee(name: string) {
    return createEmployee(deps(), CLI_ACTOR, {
      kind: 'non_asn',
      nip: null,
      internalId: `NA-${randomUUID().slice(0, 8)}`,
      name,
      unitId: a,
      position: '',
      rank: null,
      attendanceFrom: null,
    });
  }

  it('keeps last month’s recap unchanged after a move from the first of this month', async () => {
    const e = await employee('Pindah Awal Bulan');
    await insertPunches(t.db, [
      syntheticPunch(randomUUID(), e.id, 'in', wib('2026-03-02', 7, 45), 'Asia/Jakarta'),
      syntheticPunch(randomUUID(), e.id, 'out', wib('2026-03-02', 16, 5), 'Asia/Jakarta'),
    ]);
    const before = await recapMonth(t.db, { unitIds: [a] }, '2026-03');
    await moveEmployee(deps(), CLI_ACTOR, e.id, { unitId: b, from: '2026-04-01' });
    const after = await recapMonth(t.db, { unitIds: [a] }, '2026-03');
    expect(after.recap).toEqual(before.recap);
    expect(after.statuses).toEqual(before.statuses);
    expect(
      (await recapMonth(t.db, { unitIds: [b] }, '2026-03')).recap.people.map((p) => p.employeeId),
    ).not.toContain(e.id);
    const april = await recapMonth(t.db, { unitIds: [b] }, '2026-04', '2026-04-09');
    const inB = april.recap.people.find((p) => p.employeeId === e.id);
    // In Dinas B's 6-day week from 1 April: Saturday 4 April is a working day for them.
    expect(inB?.ledger.some((d) => d.date === '2026-04-04')).toBe(true);
    expect(
      (await recapMonth(t.db, { unitIds: [a] }, '2026-04', '2026-04-09')).recap.people.map(
        (p) => p.employeeId,
      ),
    ).not.toContain(e.id);
  });

  it('splits a month between two units at a mid-month move, each planned with its own schedule', async () => {
    const e = await employee('Pindah Tengah Bulan');
    await moveEmployee(deps(), CLI_ACTOR, e.id, { unitId: b, from: '2026-03-16' });
    const inA = (await recapMonth(t.db, { unitIds: [a] }, '2026-03')).statuses;
    const recapA = await recapMonth(t.db, { unitIds: [a] }, '2026-03');
    const i = recapA.period.people.findIndex((p) => p.employee.id === e.id);
    const datesA = inA[i]!.map((d) => d.date);
    expect(datesA[0]).toBe('2026-03-01');
    expect(datesA[datesA.length - 1]).toBe('2026-03-15');
    const recapB = await recapMonth(t.db, { unitIds: [b] }, '2026-03');
    const j = recapB.period.people.findIndex((p) => p.employee.id === e.id);
    const daysB = recapB.statuses[j]!;
    expect(daysB[0]?.date).toBe('2026-03-16');
    // Saturday 28 March in B (6-day week) is planned; Saturday 14 March in A was not.
    expect(daysB.find((d) => d.date === '2026-03-28')?.status).toBe('tanpa_keterangan');
    expect(inA[i]!.find((d) => d.date === '2026-03-14')?.status).toBe('libur');
    expect(recapB.recap.people[j]?.unitId).toBe(b);
  });

  it('stops counting a person from their deactivation date', async () => {
    const e = await employee('Pensiun');
    now = wib('2026-04-10', 9, 0);
    await deactivateEmployee(deps(), CLI_ACTOR, e.id, { from: '2026-03-20', reason: 'pensiun' });
    const r = await recapMonth(t.db, { unitIds: [a] }, '2026-03');
    const i = r.period.people.findIndex((p) => p.employee.id === e.id);
    const dates = r.statuses[i]!.map((d) => d.date);
    expect(dates[dates.length - 1]).toBe('2026-03-19');
  });
});

describe.each(ENGINES)('moves dated ahead on %s', (engine) => {
  it('take effect on the check-in path when their day comes', async () => {
    const { runDueChanges } = await import('./due-changes.js');
    const { getEmployee } = await import('./store.js');
    const t = await openTestDatabase(engine);
    try {
      const org = (
        await insertUnit(t.db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Jakarta' })
      ).id;
      const x = (await insertUnit(t.db, { parentId: org, name: 'X', kind: 'opd', zone: 'Asia/Jakarta' })).id;
      let now = wib('2026-03-30', 9, 0);
      const deps = { db: t.db, now: () => now };
      const e = await createEmployee(deps, CLI_ACTOR, {
        kind: 'non_asn',
        nip: null,
        internalId: 'NA-DUE-1',
        name: 'Due',
        unitId: org,
        position: '',
        rank: null,
        attendanceFrom: null,
      });
      await moveEmployee(deps, CLI_ACTOR, e.id, { unitId: x, from: '2026-04-01' });
      await deactivateEmployee(deps, CLI_ACTOR, e.id, { from: '2026-05-01', reason: 'pensiun' });
      expect(await runDueChanges(t.db, now)).toBe(0);
      expect((await getEmployee(t.db, e.id))?.unitId).toBe(org);
      now = wib('2026-04-01', 0, 1);
      expect(await runDueChanges(t.db, now)).toBe(1);
      expect((await getEmployee(t.db, e.id))?.unitId).toBe(x);
      expect(await runDueChanges(t.db, wib('2026-05-01', 6, 0))).toBe(1);
      expect((await getEmployee(t.db, e.id))?.active).toBe(false);
    } finally {
      await t.drop();
    }
  });
});
