/**
 * Today's daily list judges the day as it stands (issue: at 05:50, before a 07:30
 * start, people were TK and a checked-in person "Tidak absen pulang").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/index.js';
import { uuidV7 } from '../../../core/uuid.js';
import { insertPunches } from '../check-ins/store.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { call, login, seed, startServer } from '../../test-support/http-fixtures.js';
import type { Seeded, TestServer } from '../../test-support/http-fixtures.js';
import { syntheticPunch } from './punch-rows.js';
import { dailyList } from './service.js';

const DATE = '2026-03-03'; // a Tuesday; 07:30-16:00 WITA, check-out window until 22:00
const wita = (hh: number, mm = 0) =>
  Date.parse(`${DATE}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);

/** The rules in force and the day's one punch: Andi (employee a) checked in at 07:20. */
async function prepareDay(db: TestDatabase['db'], seeded: Seeded): Promise<void> {
  await insertRuleSet(db, seeded.units.pemda, PERMENTAN_68_2012, wita(0), null);
  const at = wita(7, 20);
  await insertPunches(db, [
    syntheticPunch(uuidV7(at, Buffer.alloc(10, 1)), seeded.employees.a, 'in', at, 'Asia/Makassar'),
  ]);
}

describe.each(ENGINES)("today's daily list on %s", (engine) => {
  let t: TestDatabase;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    seeded = await seed(t);
    await prepareDay(t.db, seeded);
  });
  afterAll(() => t?.drop());

  const statusOf = async (now: number | undefined) => {
    const { period, statuses } = await dailyList(
      t.db,
      { unitIds: [seeded.units.dinkes, seeded.units.puskesmas] },
      DATE,
      now,
    );
    const by = new Map(statuses.map((s, i) => [period.people[i]!.employee.id, s]));
    return { andi: by.get(seeded.employees.a)!, citra: by.get(seeded.employees.admin)! };
  };

  it('shows "belum masuk" and "belum waktunya pulang" during the day, nothing charged', async () => {
    const early = await statusOf(wita(5, 50));
    expect(early.citra.status).toBe('belum_masuk');
    const midday = await statusOf(wita(11));
    expect(midday.andi).toMatchObject({ status: 'belum_pulang', missingOut: false });
    expect(midday.citra.status).toBe('belum_masuk');
  });

  it('judges the day once its windows have closed', async () => {
    const night = await statusOf(wita(22, 30));
    expect(night.andi).toMatchObject({ status: 'lupa_absen_pulang', missingOut: true });
    expect(night.citra.status).toBe('tanpa_keterangan');
    // Without a clock (a day known to be over) the same.
    expect((await statusOf(undefined)).citra.status).toBe('tanpa_keterangan');
  });
});

describe.each(ENGINES)("today's daily list over HTTP on %s: the routes pass the clock", (engine) => {
  let s: TestServer;
  let clock = wita(11);
  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
    await prepareDay(s.t.db, s.seeded);
  });
  afterAll(() => s?.close());

  type Row = { employeeId: number; status: string };
  const statuses = async () => {
    // Signed in at the clock's time (an access token lasts 15 minutes).
    const token = (await login(s.url, 'admin')).token;
    const unit = await call<{ days: Row[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.dinkes}/daily?date=${DATE}`,
      { token },
    );
    expect(unit.status).toBe(200);
    const page = await call<{ people: Row[] }>(
      s.url,
      'GET',
      `/api/v1/console/daily?unitId=${s.seeded.units.dinkes}&date=${DATE}&pageSize=100`,
      { token },
    );
    expect(page.status).toBe(200);
    const pick = (rows: Row[]) => {
      const by = new Map(rows.map((r) => [r.employeeId, r.status]));
      return { andi: by.get(s.seeded.employees.a), citra: by.get(s.seeded.employees.admin) };
    };
    return { unit: pick(unit.body.days), console: pick(page.body.people) };
  };

  it('at 11:00 the unit daily list and the console say the day is in progress', async () => {
    clock = wita(11);
    const at11 = { andi: 'belum_pulang', citra: 'belum_masuk' };
    expect(await statuses()).toEqual({ unit: at11, console: at11 });
  });

  it('after the windows close both judge the day', async () => {
    clock = wita(22, 30);
    const night = { andi: 'lupa_absen_pulang', citra: 'tanpa_keterangan' };
    expect(await statuses()).toEqual({ unit: night, console: night });
  });
});
