/**
 * The unit recap's yearly TK count per person (PP 94/2021 ladder step) over real HTTP
 * on both engines: in the JSON and in the exported recap sheet, accumulating from
 * 1 January (from the first rule version) to the end of the month asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disciplineStep, permentan68Preset } from '../../../core/attendance/index.js';
import { addDays } from '../../../core/time.js';
import { uuidV7 } from '../../../core/uuid.js';
import { insertPunches } from '../check-ins/store.js';
import { parseCsv } from './render-csv.js';
import { call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { syntheticPunch } from './punch-rows.js';

interface Yearly {
  year: string;
  tkDays: number;
  longestRun: number;
  step: { level: string; penalty: string } | null;
}
interface RecapPerson {
  employeeId: number;
  name: string;
  counts: { tanpaKeterangan: number };
  yearly: Yearly;
}

describe.each(ENGINES)('yearly TK in the unit recap on %s', (engine) => {
  let s: TestServer;
  let dinkes: string;

  beforeAll(async () => {
    // Mid-May: March and April are over, so every working day of them is charged.
    s = await startServer(engine, { now: () => Date.UTC(2026, 4, 15, 3) });
    const agency = (await login(s.url, 'admin')).token;
    dinkes = (await login(s.url, 'admin.dinkes')).token;
    // Rules from 1 March: January and February have no statuses to count.
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { ruleSet: permentan68Preset('2026-03-01') },
    });
    expect(rules.status).toBe(201);
    // Citra (Dinas Kesehatan) checks in at 07:00 and out at 17:00 WITA every day of March;
    // Andi (the puskesmas below it) never does.
    const rows = [];
    for (let date = '2026-03-01'; date <= '2026-03-31'; date = addDays(date, 1)) {
      for (const [kind, hh] of [
        ['in', 7],
        ['out', 17],
      ] as const) {
        const at = Date.parse(`${date}T${String(hh).padStart(2, '0')}:00:00+08:00`);
        rows.push(
          syntheticPunch(
            uuidV7(at, Buffer.alloc(10, hh)),
            s.seeded.employees.admin,
            kind,
            at,
            'Asia/Makassar',
          ),
        );
      }
    }
    await insertPunches(s.t.db, rows);
  });
  afterAll(() => s?.close());

  const recap = async (month: string) => {
    const r = await call<{ people: RecapPerson[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.dinkes}/recap?month=${month}`,
      { token: dinkes },
    );
    expect(r.status).toBe(200);
    const of = (id: number) => {
      const p = r.body.people.find((x) => x.employeeId === id);
      if (!p) throw new Error(`employee ${id} missing from the recap`);
      return p;
    };
    return { andi: of(s.seeded.employees.a), citra: of(s.seeded.employees.admin) };
  };
  const stepOf = (y: Yearly) => {
    const step = disciplineStep(y.tkDays, y.longestRun);
    return step ? { level: step.level, penalty: step.penalty } : null;
  };

  it('counts the TK days of the year so far per person, with the PP 94/2021 step', async () => {
    const march = await recap('2026-03');
    expect(march.andi.counts.tanpaKeterangan).toBeGreaterThan(0);
    expect(march.andi.yearly).toMatchObject({ year: '2026', tkDays: march.andi.counts.tanpaKeterangan });
    // Nothing but TK working days: one unbroken run.
    expect(march.andi.yearly.longestRun).toBe(march.andi.yearly.tkDays);
    expect(march.andi.yearly.step).not.toBeNull();
    expect(march.andi.yearly.step).toEqual(stepOf(march.andi.yearly));
    expect(march.citra.yearly).toEqual({ year: '2026', tkDays: 0, longestRun: 0, step: null });

    // April adds April's TK days to March's.
    const april = await recap('2026-04');
    expect(april.andi.counts.tanpaKeterangan).toBeGreaterThan(0);
    expect(april.andi.yearly.tkDays).toBe(
      march.andi.counts.tanpaKeterangan + april.andi.counts.tanpaKeterangan,
    );
    expect(april.andi.yearly.step).toEqual(stepOf(april.andi.yearly));
    expect(april.citra.yearly.tkDays).toBe(april.citra.counts.tanpaKeterangan);
    // Citra is non-ASN: PP 94/2021 is the discipline of PNS, so no step whatever the count.
    expect(april.citra.yearly.tkDays).toBeGreaterThanOrEqual(3);
    expect(april.citra.yearly.step).toBeNull();

    // The same count as the person's attendance card.
    const card = await call<{ yearly: Yearly }>(
      s.url,
      'GET',
      `/api/v1/employees/${s.seeded.employees.a}/card?month=2026-04`,
      { token: dinkes },
    );
    expect(card.body.yearly).toEqual(april.andi.yearly);
  });

  it('counts a punch that reached the server weeks late at the next recap', async () => {
    // The report worker keeps March's count after the recaps above; a March check-in and
    // check-out of Andi's arrive now (stored as another process would store them).
    const before = await recap('2026-04');
    const rows = (['in', 'out'] as const).map((kind, i) => {
      const at = Date.parse(`2026-03-03T${kind === 'in' ? '07' : '17'}:00:00+08:00`);
      return syntheticPunch(
        uuidV7(at, Buffer.alloc(10, 40 + i)),
        s.seeded.employees.a,
        kind,
        at,
        'Asia/Makassar',
      );
    });
    expect(await insertPunches(s.t.db, rows)).toHaveLength(2);
    const after = await recap('2026-04');
    expect(after.andi.yearly.tkDays).toBe(before.andi.yearly.tkDays - 1);
    expect(after.citra.yearly).toEqual(before.citra.yearly);
  });

  it('adds the yearly TK count and the step to the exported recap sheet', async () => {
    const { andi, citra } = await recap('2026-03');
    const res = await fetch(
      `${s.url}/api/v1/units/${s.seeded.units.dinkes}/recap/export?month=2026-03&format=csv`,
      {
        headers: { authorization: `Bearer ${dinkes}` },
      },
    );
    expect(res.status).toBe(200);
    const rows = parseCsv(Buffer.from(await res.arrayBuffer()));
    const header = rows.find((r) => r[2] === 'Nama');
    expect(header?.slice(-2)).toEqual(['TK s.d. bulan ini (tahun)', 'Tingkat PP 94/2021']);
    const row = (name: string) => rows.find((r) => r[2] === name);
    const step = disciplineStep(andi.yearly.tkDays, andi.yearly.longestRun)!;
    expect(row(andi.name)?.slice(-2)).toEqual([String(andi.yearly.tkDays), step.penalty]);
    // The article and the provision, word for word, in the notes.
    expect(rows.some((r) => r[0] === `${step.article}: "${step.provision}".`)).toBe(true);
    expect(row(citra.name)?.slice(-2)).toEqual(['0', 'tidak berlaku (non-ASN)']);
  });
});

describe.each(ENGINES)('a month still running on %s', (engine) => {
  let s: TestServer;
  afterAll(() => s?.close());

  it('charges only the days that have ended: on 18 March at 10:00 WIB, nothing after the 17th', async () => {
    s = await startServer(engine, { now: () => Date.UTC(2026, 2, 18, 3) });
    const agency = (await login(s.url, 'admin')).token;
    expect(
      (
        await call(s.url, 'POST', '/api/v1/rule-sets', {
          token: agency,
          body: { ruleSet: permentan68Preset('2026-03-01') },
        })
      ).status,
    ).toBe(201);
    const r = await call<{ people: RecapPerson[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.dinkes}/recap?month=2026-03`,
      { token: (await login(s.url, 'admin.dinkes')).token },
    );
    expect(r.status).toBe(200);
    const andi = r.body.people.find((x) => x.employeeId === s.seeded.employees.a);
    if (!andi) throw new Error('Andi missing from the recap');
    // Andi never checks in: Monday 2 to Tuesday 17 March are 12 working days, all TK;
    // the 18th (cuti bersama) onwards is not charged yet.
    expect(andi.counts.tanpaKeterangan).toBe(12);
    const card = await call<{ ledger: { date: string }[]; days: { date: string }[] }>(
      s.url,
      'GET',
      `/api/v1/employees/${s.seeded.employees.a}/card?month=2026-03`,
      { token: agency },
    );
    expect(card.status).toBe(200);
    expect(card.body.ledger.length).toBeGreaterThan(0);
    expect(card.body.ledger.every((d) => d.date <= '2026-03-17')).toBe(true);
    expect(card.body.days.every((d) => d.date <= '2026-03-17')).toBe(true);
  });
});
