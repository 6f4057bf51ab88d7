import { describe, it, expect } from 'vitest';
import { zonedToInstant } from '../time.js';
import { CUTI_BERSAMA_2026, HOLIDAYS_2026, NATIONAL_HOLIDAYS_2026 } from './holidays-2026.js';
import { holidayCalendar, holidayOn, planDay, planRange } from './plan.js';
import { ramadanOverride2026 } from './ramadan-2026.js';
import { indexRoster, rotate, swapShifts, rosterKey, validateShiftType } from './roster.js';
import type { PersonSchedule } from './types.js';
import { isValidDate } from '../time.js';
import {
  CALENDAR,
  DINAS_CHAIN,
  FIVE_DAY,
  MALAM,
  PAGI,
  PUSKESMAS_CHAIN,
  RSUD_CHAIN,
  SHIFTS,
  officeCtx,
} from './test-support/fixtures.js';

describe('2026 holiday data (SKB 3 Menteri)', () => {
  it('holds 17 national holidays and 8 days of cuti bersama, valid and distinct', () => {
    expect(NATIONAL_HOLIDAYS_2026).toHaveLength(17);
    expect(CUTI_BERSAMA_2026).toHaveLength(8);
    expect(new Set(HOLIDAYS_2026.map((h) => h.date)).size).toBe(25);
    for (const h of HOLIDAYS_2026) expect(isValidDate(h.date)).toBe(true);
  });

  it('lists the dates of the domain notes', () => {
    expect(CUTI_BERSAMA_2026.map((h) => h.date)).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
    expect(CALENDAR.get('2026-03-19')?.[0]?.name).toMatch(/Nyepi/);
    expect(CALENDAR.get('2026-08-17')?.[0]?.kind).toBe('national');
  });
});

describe('planDay: weekly schedules', () => {
  it('plans 07:30-16:00 on a Monday at the site zone (WIB, WITA, WIT)', () => {
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
      const p = planDay(officeCtx({ zone }), '2026-03-02');
      expect(p.source).toBe('weekly');
      expect(p.work?.startAt).toBe(zonedToInstant('2026-03-02', 450, zone));
      expect(p.work?.endAt).toBe(zonedToInstant('2026-03-02', 960, zone));
      expect(p.work?.checkIn.to).toBe(zonedToInstant('2026-03-02', 601, zone));
    }
  });

  it('uses the Friday hours on a Friday', () => {
    expect(planDay(officeCtx(), '2026-03-06').work?.end).toBe('16:30');
    expect(planDay(officeCtx(), '2026-03-05').work?.end).toBe('16:00');
  });

  it("works a 6-day unit's Saturday and gives a 5-day unit the day off", () => {
    const six = planDay(officeCtx({ unitChain: PUSKESMAS_CHAIN }), '2026-03-07');
    expect(six.work?.start).toBe('07:30');
    expect(six.work?.end).toBe('13:30');
    expect(planDay(officeCtx(), '2026-03-07')).toMatchObject({ work: null, off: 'day_off' });
  });

  it('has no work without a schedule', () => {
    expect(planDay(officeCtx({ schedules: [] }), '2026-03-02')).toMatchObject({
      source: 'none',
      off: 'no_schedule',
    });
  });
});

describe('planDay: holidays', () => {
  it('makes a national holiday and a cuti bersama day libur', () => {
    expect(planDay(officeCtx(), '2026-01-01')).toMatchObject({ work: null, off: 'holiday' });
    const cb = planDay(officeCtx(), '2026-03-20');
    expect(cb).toMatchObject({ work: null, off: 'holiday' });
    expect(cb.holiday?.kind).toBe('cuti_bersama');
  });

  it("applies a regional holiday to the unit's subtree only", () => {
    const cal = holidayCalendar([
      ...HOLIDAYS_2026,
      { date: '2026-03-10', name: 'Hari Jadi Kabupaten (Dinas)', kind: 'regional', unitIds: [2] },
    ]);
    expect(holidayOn(cal, '2026-03-10', PUSKESMAS_CHAIN)?.kind).toBe('regional');
    expect(holidayOn(cal, '2026-03-10', RSUD_CHAIN)).toBeNull();
    expect(planDay(officeCtx({ holidays: cal }), '2026-03-10').off).toBe('holiday');
    expect(planDay(officeCtx({ holidays: cal, unitChain: RSUD_CHAIN }), '2026-03-10').off).toBeNull();
  });

  it('lets a unit that works on holidays keep its schedule, noting the holiday', () => {
    const p = planDay(officeCtx({ worksOnHolidays: true }), '2026-01-01');
    expect(p.work?.start).toBe('07:30');
    expect(p.holiday?.name).toMatch(/Tahun Baru/);
  });
});

describe('planDay: overrides and precedence', () => {
  const ramadan = [ramadanOverride2026(1, null, 'five_day'), ramadanOverride2026(2, [3], 'six_day')];

  it('uses Ramadan hours (start 08:00) inside the range only', () => {
    const ctx = officeCtx({ overrides: ramadan });
    expect(planDay(ctx, '2026-02-23').work).toMatchObject({ start: '08:00', end: '15:00' });
    expect(planDay(ctx, '2026-02-27').work).toMatchObject({ start: '08:00', end: '15:30' });
    expect(planDay(ctx, '2026-02-18').work).toMatchObject({ start: '07:30', end: '16:00' });
    expect(planDay(ctx, '2026-03-25').work).toMatchObject({ start: '07:30' });
  });

  it("prefers the override of the nearest unit (a 6-day puskesmas's Ramadan Saturday)", () => {
    const ctx = officeCtx({ overrides: ramadan, unitChain: PUSKESMAS_CHAIN });
    expect(planDay(ctx, '2026-02-28').work).toMatchObject({ start: '08:00', end: '14:00' });
    expect(planDay(ctx, '2026-02-23').work).toMatchObject({ end: '14:00' });
  });

  it('puts a person schedule above the override, and the roster above everything', () => {
    const mine: PersonSchedule = {
      id: 1,
      employeeId: 7,
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-12-31',
      days: [
        ...FIVE_DAY.days.map((d) => (d ? { ...d, start: 540, checkInUntil: 700 } : null)),
      ] as PersonSchedule['days'],
    };
    const roster = indexRoster([{ employeeId: 7, date: '2026-02-23', shiftCode: 'M' }]);
    const ctx = officeCtx({ overrides: ramadan, personSchedules: [mine], roster, shiftTypes: SHIFTS });
    expect(planDay(ctx, '2026-02-24')).toMatchObject({ source: 'person', work: { start: '09:00' } });
    expect(planDay(ctx, '2026-02-23')).toMatchObject({ source: 'roster', work: { shiftCode: 'M' } });
    expect(planDay(officeCtx({ personSchedules: [{ ...mine, employeeId: 8 }] }), '2026-02-24').source).toBe(
      'weekly',
    );
  });
});

describe('planDay: shifts and rosters', () => {
  const ctx = (entries: Parameters<typeof indexRoster>[0]) =>
    officeCtx({ unitChain: RSUD_CHAIN, roster: indexRoster(entries), shiftTypes: SHIFTS });

  it("ends a night shift on the next calendar date, in the site's zone", () => {
    const p = planDay(ctx([{ employeeId: 7, date: '2026-03-02', shiftCode: 'M' }]), '2026-03-02');
    expect(p.work?.startAt).toBe(zonedToInstant('2026-03-02', 1260, 'Asia/Jakarta'));
    expect(p.work?.endAt).toBe(zonedToInstant('2026-03-03', 420, 'Asia/Jakarta'));
    expect(p.work?.checkOut.from).toBe(zonedToInstant('2026-03-03', 300, 'Asia/Jakarta'));
    expect(p.work?.end).toBe('07:00');
  });

  it('works a rostered holiday, rests on a rostered day off, and flags an unknown shift', () => {
    const c = ctx([
      { employeeId: 7, date: '2026-03-21', shiftCode: 'P' },
      { employeeId: 7, date: '2026-03-02', shiftCode: null },
      { employeeId: 7, date: '2026-03-03', shiftCode: 'X' },
    ]);
    const idulFitri = planDay(c, '2026-03-21');
    expect(idulFitri).toMatchObject({ source: 'roster', off: null, work: { shiftCode: 'P' } });
    expect(idulFitri.holiday?.kind).toBe('national');
    expect(planDay(c, '2026-03-02')).toMatchObject({ source: 'roster', off: 'day_off' });
    expect(planDay(c, '2026-03-03')).toMatchObject({ source: 'roster', off: 'no_schedule' });
  });

  it('lets the highest revision win whatever the order of the entries', () => {
    const a = { employeeId: 7, date: '2026-03-02', shiftCode: 'P', revision: 0 };
    const b = { employeeId: 7, date: '2026-03-02', shiftCode: 'M', revision: 1 };
    expect(indexRoster([a, b]).get(rosterKey(7, '2026-03-02'))?.shiftCode).toBe('M');
    expect(indexRoster([b, a]).get(rosterKey(7, '2026-03-02'))?.shiftCode).toBe('M');
  });

  it('assigns a rotating pattern in bulk with per-person offsets', () => {
    const entries = rotate(
      { code: 'PSML', cycle: ['P', 'S', 'M', null] },
      [
        { employeeId: 1, offset: 0 },
        { employeeId: 2, offset: 2 },
      ],
      '2026-03-01',
      '2026-03-05',
    );
    const idx = indexRoster(entries);
    const seq = (id: number) =>
      ['01', '02', '03', '04', '05'].map((d) => idx.get(rosterKey(id, `2026-03-${d}`))?.shiftCode ?? 'L');
    expect(seq(1)).toEqual(['P', 'S', 'M', 'L', 'P']);
    expect(seq(2)).toEqual(['M', 'L', 'P', 'S', 'M']);
  });

  it('swaps two people on one date with a new revision', () => {
    const idx = indexRoster([
      { employeeId: 1, date: '2026-03-02', shiftCode: 'P' },
      { employeeId: 2, date: '2026-03-02', shiftCode: 'M' },
    ]);
    const swapped = swapShifts(
      idx,
      { employeeId: 1, date: '2026-03-02' },
      { employeeId: 2, date: '2026-03-02' },
    );
    const after = indexRoster([...idx.values(), ...swapped]);
    expect(after.get(rosterKey(1, '2026-03-02'))?.shiftCode).toBe('M');
    expect(after.get(rosterKey(2, '2026-03-02'))?.shiftCode).toBe('P');
  });

  it('validates shift windows', () => {
    expect(validateShiftType(MALAM).ok).toBe(true);
    expect(validateShiftType(PAGI).ok).toBe(true);
    const bad = validateShiftType({ ...MALAM, checkOutUntil: 400 });
    expect(bad.ok).toBe(false);
    expect(validateShiftType({ ...MALAM, checkOutUntil: 3000 }).ok).toBe(false);
  });
});

describe('planRange', () => {
  it('plans every date in order', () => {
    const plans = planRange(officeCtx({ unitChain: DINAS_CHAIN }), '2026-03-01', '2026-03-31');
    expect(plans).toHaveLength(31);
    expect(plans[0]?.date).toBe('2026-03-01');
    expect(plans[30]?.date).toBe('2026-03-31');
  });
});
