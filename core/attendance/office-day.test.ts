/**
 * officeDayOn and its resolvers: the day a check-in is judged against, with the
 * precedence of planDay (person schedule > override > weekly; holidays off unless the
 * unit works on them). Each case is checked against planDay itself too.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePunch } from '../verdict.js';
import { officeDayOn, personDayResolver, planDay, unitDayResolver } from './plan.js';
import type { UnitDayRules } from './plan.js';
import { officeDay, ramadanOverride2026 } from './ramadan-2026.js';
import { CALENDAR, DINAS, DINAS_CHAIN, FIVE_DAY, PUSKESMAS_CHAIN } from './test-support/fixtures.js';
import type { PersonSchedule, ScheduleOverride } from './types.js';

const RAMADAN: ScheduleOverride = ramadanOverride2026(1, null, 'five_day');
const RULES: UnitDayRules = {
  unitChain: PUSKESMAS_CHAIN,
  schedules: [FIVE_DAY],
  overrides: [RAMADAN],
  holidays: CALENDAR,
};
const REDUCED: PersonSchedule = {
  id: 5,
  employeeId: 7,
  effectiveFrom: '2026-03-01',
  effectiveTo: '2026-03-31',
  days: [
    officeDay(540, 900),
    officeDay(540, 900),
    null,
    officeDay(540, 900),
    officeDay(540, 900),
    null,
    null,
  ],
};

/** planDay's answer for the same inputs, in DayRule terms. */
function planned(rules: UnitDayRules, person: PersonSchedule | null, date: string) {
  const p = planDay(
    {
      employeeId: 7,
      unitChain: rules.unitChain,
      schedules: rules.schedules,
      personSchedules: person ? [person] : [],
      overrides: rules.overrides ?? [],
      holidays: rules.holidays ?? new Map(),
      worksOnHolidays: rules.worksOnHolidays ?? false,
    },
    date,
  );
  if (p.off === 'holiday') return 'holiday';
  if (p.off === 'day_off') return null;
  if (p.off === 'no_schedule') return undefined;
  return p.work?.start;
}

const startOf = (r: ReturnType<typeof officeDayOn>) =>
  r && r !== 'holiday'
    ? `${String(Math.floor(r.start / 60)).padStart(2, '0')}:${String(r.start % 60).padStart(2, '0')}`
    : r;

describe('officeDayOn', () => {
  it('applies an override inside its range and the weekly schedule outside it', () => {
    expect(officeDayOn(RULES, null, '2026-03-02')).toMatchObject({ start: 480, end: 900 });
    expect(officeDayOn(RULES, null, '2026-02-18')).toMatchObject({ start: 450, end: 960 });
    expect(officeDayOn(RULES, null, '2026-03-25')).toMatchObject({ start: 450, end: 960 });
    for (const d of ['2026-03-02', '2026-02-18', '2026-03-25']) {
      expect(startOf(officeDayOn(RULES, null, d))).toBe(planned(RULES, null, d));
    }
  });

  it('ignores an override for another branch of the tree', () => {
    const rules = { ...RULES, overrides: [ramadanOverride2026(2, [99], 'five_day')] };
    expect(officeDayOn(rules, null, '2026-03-02')).toMatchObject({ start: 450 });
    const forDinas = { ...RULES, overrides: [ramadanOverride2026(3, [DINAS.id], 'five_day')] };
    expect(officeDayOn(forDinas, null, '2026-03-02')).toMatchObject({ start: 480 });
  });

  it("lets the person's own schedule win over the override, its day off included", () => {
    expect(officeDayOn(RULES, REDUCED, '2026-03-02')).toMatchObject({ start: 540 });
    expect(officeDayOn(RULES, REDUCED, '2026-03-04')).toBeNull(); // a Wednesday off in their pattern
    for (const d of ['2026-03-02', '2026-03-04']) {
      expect(startOf(officeDayOn(RULES, REDUCED, d))).toBe(planned(RULES, REDUCED, d));
    }
  });

  it('makes a holiday or cuti bersama a day off, and a weekend stays a plain day off', () => {
    expect(officeDayOn(RULES, null, '2026-03-20')).toBe('holiday'); // cuti bersama, inside Ramadan
    expect(officeDayOn(RULES, REDUCED, '2026-03-19')).toBe('holiday'); // Nyepi beats the person pattern
    expect(officeDayOn(RULES, null, '2026-03-21')).toBeNull(); // Saturday (Idul Fitri)
    for (const d of ['2026-03-20', '2026-03-21']) {
      expect(startOf(officeDayOn(RULES, null, d))).toBe(planned(RULES, null, d));
    }
  });

  it('keeps the hours on a holiday for a unit that works on holidays', () => {
    const works = { ...RULES, worksOnHolidays: true };
    expect(officeDayOn(works, null, '2026-03-20')).toMatchObject({ start: 480, end: 930 }); // a Friday in Ramadan
    expect(officeDayOn(works, null, '2026-03-23')).toMatchObject({ start: 450 }); // after Ramadan
    expect(startOf(officeDayOn(works, null, '2026-03-20'))).toBe(planned(works, null, '2026-03-20'));
  });

  it('answers undefined when no schedule applies', () => {
    expect(officeDayOn({ unitChain: DINAS_CHAIN, schedules: [] }, null, '2026-03-02')).toBeUndefined();
  });
});

describe('day resolvers', () => {
  it('answer like officeDayOn, the person resolver deferring to the unit outside the pattern', () => {
    const unit = unitDayResolver(RULES);
    const person = personDayResolver(RULES, unit, [REDUCED], 7);
    for (const d of ['2026-02-18', '2026-03-02', '2026-03-02', '2026-03-04', '2026-03-20', '2026-04-01']) {
      expect(unit(d)).toEqual(officeDayOn(RULES, null, d));
    }
    expect(person('2026-03-02')).toMatchObject({ start: 540 });
    expect(person('2026-04-01')).toMatchObject({ start: 450 }); // pattern ended on 31 March
    // Another person's pattern is ignored.
    expect(personDayResolver(RULES, unit, [REDUCED], 8)('2026-03-02')).toMatchObject({ start: 480 });
  });

  it('give evaluatePunch the Ramadan start: 08:05 WITA is 5 minutes late, not 35', () => {
    const chain = PUSKESMAS_CHAIN.map((u) => ({ ...u, zone: 'Asia/Makassar' as const }));
    const rules: UnitDayRules = { ...RULES, unitChain: chain };
    const input = {
      kind: 'in' as const,
      at: Date.UTC(2026, 2, 2, 0, 5),
      position: { lat: -5.1477, lon: 119.4327, accuracy: 10 },
    };
    const ctx = { unitChain: chain, locations: [], schedules: [FIVE_DAY] };
    expect(evaluatePunch(input, ctx).timing.lateMinutes).toBe(35);
    const v = evaluatePunch(input, { ...ctx, dayFor: unitDayResolver(rules) });
    expect(v.timing).toMatchObject({
      window: 'ok',
      lateMinutes: 5,
      scheduledStart: '08:00',
      scheduledEnd: '15:00',
    });
    const holiday = evaluatePunch(
      { ...input, at: Date.UTC(2026, 2, 20, 0, 5) },
      { ...ctx, dayFor: unitDayResolver(rules) },
    );
    expect(holiday.timing.window).toBe('day_off');
  });
});
