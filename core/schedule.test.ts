import { describe, it, expect } from 'vitest';
import type { Unit, WeeklySchedule, WorkDay } from './model.js';
import { scheduleFor, validateWorkDay, workDayFor } from './schedule.js';

function unit(id: number, parentId: number | null): Unit {
  return { id, parentId, name: `Unit ${id}`, kind: 'opd', zone: 'Asia/Jakarta' };
}

/** Perpres 21/2023 frame: 07:30 start; Kab. Sukabumi-style Mon-Thu to 16:00, Fri to 16:30. */
function day(start: number, end: number): WorkDay {
  return {
    start,
    end,
    checkInFrom: start - 90,
    checkInUntil: start + 150,
    checkOutFrom: end - 120,
    checkOutUntil: end + 240,
  };
}
const MON_THU = day(450, 960);
const FRI = day(450, 990);
const SAT = day(450, 810);

function weekly(id: number, unitId: number, effectiveFrom: string, sixDays = false): WeeklySchedule {
  return {
    id,
    unitId,
    name: `Jadwal ${id}`,
    effectiveFrom,
    days: [MON_THU, MON_THU, MON_THU, MON_THU, FRI, sixDays ? SAT : null, null],
  };
}

// Pemda 1 → Dinkes 2 → Puskesmas 3
const CHAIN = [unit(3, 2), unit(2, 1), unit(1, null)];

describe('scheduleFor', () => {
  const pemda = weekly(1, 1, '2025-01-01');
  const puskesmas = weekly(2, 3, '2026-01-01', true);

  it("lets a unit without schedules inherit its nearest ancestor's", () => {
    expect(scheduleFor([pemda], CHAIN, '2026-03-02')).toBe(pemda);
    expect(scheduleFor([pemda, weekly(3, 2, '2025-06-01')], CHAIN, '2026-03-02')?.id).toBe(3);
  });

  it("prefers the unit's own schedule over its parent's", () => {
    expect(scheduleFor([pemda, puskesmas], CHAIN, '2026-03-02')).toBe(puskesmas);
  });

  it('does not apply a schedule before its effective date, and falls back to the parent', () => {
    const nextMonth = weekly(4, 3, '2026-04-01', true);
    expect(scheduleFor([pemda, nextMonth], CHAIN, '2026-03-02')).toBe(pemda);
    expect(scheduleFor([pemda, nextMonth], CHAIN, '2026-03-31')).toBe(pemda);
    expect(scheduleFor([pemda, nextMonth], CHAIN, '2026-04-01')).toBe(nextMonth);
  });

  it('takes the newest effective date within a unit, whatever the list order', () => {
    const ramadan = weekly(5, 1, '2026-02-19');
    const afterLebaran = weekly(6, 1, '2026-03-25');
    for (const list of [
      [pemda, ramadan, afterLebaran],
      [afterLebaran, ramadan, pemda],
    ]) {
      expect(scheduleFor(list, CHAIN, '2026-02-18')?.id).toBe(1);
      expect(scheduleFor(list, CHAIN, '2026-02-19')?.id).toBe(5);
      expect(scheduleFor(list, CHAIN, '2026-03-24')?.id).toBe(5);
      expect(scheduleFor(list, CHAIN, '2026-03-25')?.id).toBe(6);
    }
  });

  it('breaks a tie on the effective date by the later entry', () => {
    const a = weekly(7, 2, '2026-01-01');
    const b = weekly(8, 2, '2026-01-01');
    expect(scheduleFor([b, a], CHAIN, '2026-03-02')?.id).toBe(8);
  });

  it('ignores schedules of units outside the chain and returns null when none applies', () => {
    expect(scheduleFor([weekly(9, 42, '2020-01-01')], CHAIN, '2026-03-02')).toBeNull();
    expect(scheduleFor([], CHAIN, '2026-03-02')).toBeNull();
    expect(scheduleFor([pemda], CHAIN, '2024-12-31')).toBeNull();
  });
});

describe('workDayFor', () => {
  const five = weekly(1, 1, '2025-01-01');
  const six = weekly(2, 1, '2025-01-01', true);

  it.each([
    ['2026-03-02', 'Monday', MON_THU],
    ['2026-03-05', 'Thursday', MON_THU],
    ['2026-03-06', 'Friday', FRI],
    ['2026-03-07', 'Saturday', null],
    ['2026-03-08', 'Sunday', null],
  ])('%s (%s) in a 5-day week', (date, _name, expected) => {
    expect(workDayFor(five, date)).toBe(expected);
  });

  it('works Saturdays in a 6-day week', () => {
    expect(workDayFor(six, '2026-03-07')).toBe(SAT);
    expect(workDayFor(six, '2026-03-08')).toBeNull();
  });
});

describe('validateWorkDay', () => {
  it('accepts a Perpres 21/2023 day and one ending at midnight', () => {
    expect(validateWorkDay(MON_THU)).toEqual({ ok: true, value: MON_THU });
    const late = {
      start: 960,
      end: 1440,
      checkInFrom: 900,
      checkInUntil: 1020,
      checkOutFrom: 1380,
      checkOutUntil: 1440,
    };
    expect(validateWorkDay(late).ok).toBe(true);
  });

  it.each<[string, Partial<WorkDay>, { field: string; reason: string }[]]>([
    ['end before start', { end: 400 }, [{ field: 'end', reason: 'order' }]],
    ['end equal to start', { end: 450 }, [{ field: 'end', reason: 'order' }]],
    ['a negative time', { checkInFrom: -10 }, [{ field: 'checkInFrom', reason: 'range' }]],
    ['a time past midnight', { checkOutUntil: 1441 }, [{ field: 'checkOutUntil', reason: 'range' }]],
    ['a fractional minute', { start: 450.5 }, [{ field: 'start', reason: 'range' }]],
    ['check-in opening after the start', { checkInFrom: 460 }, [{ field: 'checkInFrom', reason: 'window' }]],
    [
      'check-in closing before the start',
      { checkInUntil: 440 },
      [{ field: 'checkInUntil', reason: 'window' }],
    ],
    ['check-out opening after the end', { checkOutFrom: 970 }, [{ field: 'checkOutFrom', reason: 'window' }]],
    [
      'check-out closing before the end and check-in window inverted',
      { checkOutUntil: 950, checkInUntil: 420 },
      [
        { field: 'checkInUntil', reason: 'window' },
        { field: 'checkOutUntil', reason: 'window' },
      ],
    ],
  ])('refuses %s', (_name, change, details) => {
    expect(validateWorkDay({ ...MON_THU, ...change })).toEqual({ ok: false, error: 'invalid_body', details });
  });
});

describe('schedule templates', () => {
  it('give the Perpres 21/2023 five-day week and the six-day week, every day valid', async () => {
    const { templateDays } = await import('./schedule-templates.js');
    const five = templateDays('five_day');
    expect(five.map((d) => d && [d.start, d.end])).toEqual([
      [450, 960],
      [450, 960],
      [450, 960],
      [450, 960],
      [450, 990],
      null,
      null,
    ]);
    const six = templateDays('six_day', { friday: { start: 450, end: 690 } });
    expect(six.map((d) => d && [d.start, d.end])).toEqual([
      [450, 870],
      [450, 870],
      [450, 870],
      [450, 870],
      [450, 690],
      [450, 810],
      null,
    ]);
    for (const d of [...five, ...six]) if (d) expect(validateWorkDay(d).ok).toBe(true);
  });
});
