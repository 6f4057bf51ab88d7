/**
 * A recorded punch is evidence (issue: a departure before the check-out window opens was
 * charged as no check-out). Windows decide the kind of a press, not whether it counts:
 * an out-punch after a check-in is the check-out whatever the window, and a check-in
 * before its window opens is an early arrival, never TL4. Short days (a 6-day unit's
 * Friday ending 11:00) are where the windows sit closest to the bands.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { WeeklySchedule, WorkDay } from '../model.js';
import { zonedToInstant } from '../time.js';
import { compileRules } from './rules.js';
import { dayCharges, sumBp } from './charges.js';
import { PERMENTAN_68_2012 } from './presets.js';
import type { AttendanceEvent, DayStatus } from './types.js';
import { PUSKESMAS_CHAIN, SIX_DAY, officeCtx, statusOn } from './test-support/fixtures.js';

const FRI = '2026-03-06';
const SAT = '2026-03-07';
const hm = (h: number, m = 0) => h * 60 + m;

/** The demo's windows: check-in from 05:00, split an hour before an end before 13:00. */
function demoDay(start: number, end: number): WorkDay {
  const split = Math.min(hm(12), end - 60);
  return {
    start,
    end,
    checkInFrom: hm(5),
    checkInUntil: split,
    checkOutFrom: split,
    checkOutUntil: hm(23, 59),
  };
}
const DEMO_SIX_DAY: WeeklySchedule = {
  id: 9,
  unitId: 3,
  name: 'Enam hari kerja (demo)',
  effectiveFrom: '2025-01-01',
  days: [
    demoDay(450, 870),
    demoDay(450, 870),
    demoDay(450, 870),
    demoDay(450, 870),
    demoDay(450, 660),
    demoDay(450, 810),
    null,
  ],
};
const demoCtx = officeCtx({ unitChain: PUSKESMAS_CHAIN, schedules: [DEMO_SIX_DAY] });
const officeWindowsCtx = officeCtx({ unitChain: PUSKESMAS_CHAIN, schedules: [SIX_DAY] });

let seq = 0;
function at(kind: 'in' | 'out', date: string, secondOfDay: number): AttendanceEvent {
  return {
    id: `p${++seq}`,
    employeeId: 7,
    kind,
    at: zonedToInstant(date, 0, 'Asia/Jakarta') + secondOfDay * 1000,
    source: 'app',
    fence: 'inside',
  };
}
const bp = (d: DayStatus) => sumBp(dayCharges(d, compileRules(PERMENTAN_68_2012), 1));

/** Permentan 68/2012 bands by hand: 1-<31, 31-<61, 61-<91, ≥91 whole minutes. */
function band(prefix: 'TL' | 'PSW', minutes: number): string | null {
  if (minutes <= 0) return null;
  if (minutes < 31) return `${prefix}1`;
  if (minutes < 61) return `${prefix}2`;
  if (minutes < 91) return `${prefix}3`;
  return `${prefix}4`;
}
const BAND_PCT_BP: Record<string, number> = { 1: 50, 2: 100, 3: 150, 4: 200 };
const costOf = (code: string | null) => (code === null ? 0 : BAND_PCT_BP[code.slice(-1)]!);

describe('a recorded punch counts whatever its window', () => {
  it('charges a departure 70 minutes early on a short Friday as PSW3 (1.5 %), not as no check-out', () => {
    // The demo's Friday: 07:30-11:00, check-out window opens at 10:00.
    const d = statusOn(demoCtx, FRI, [at('in', FRI, hm(7, 25) * 60), at('out', FRI, hm(9, 50) * 60)]);
    expect(d).toMatchObject({
      status: 'pulang_cepat',
      earlyMinutes: 70,
      earlyBand: 'PSW3',
      missingOut: false,
    });
    expect(d.checkOutAt).not.toBeNull();
    expect(bp(d)).toBe(150);
    expect(d.reasons).toContain('punches_outside_windows');
  });

  it('takes a check-in before its window opens as an early arrival, not TL4', () => {
    // officeDay windows: check-in from 06:00 for a 07:30 start.
    const d = statusOn(officeWindowsCtx, FRI, [at('in', FRI, hm(5, 40) * 60), at('out', FRI, hm(11) * 60)]);
    expect(d).toMatchObject({ status: 'hadir', lateMinutes: 0, lateBand: null, missingIn: false });
    expect(bp(d)).toBe(0);
  });

  it("keeps a check-in after the work has ended out of the day (it cannot be that day's arrival)", () => {
    const d = statusOn(officeWindowsCtx, FRI, [at('in', FRI, hm(15) * 60)]);
    expect(d.status).toBe('tanpa_keterangan');
    expect(d.reasons).toContain('punches_outside_windows');
  });

  const edges = [0, 1, 30, 31, 60, 61, 90, 91, 150, 209];
  const minuteArb = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 209 }));
  const secondArb = fc.oneof(fc.constantFrom(0, 59), fc.integer({ min: 0, max: 59 }));
  const days: [string, string, number, number][] = [
    ['Friday 07:30-11:00', FRI, 450, 660],
    ['Saturday 07:30-13:30', SAT, 450, 810],
  ];
  const contexts = [
    ['demo windows', demoCtx],
    ['officeDay windows', officeWindowsCtx],
  ] as const;

  for (const [label, date, start, end] of days) {
    for (const [wlabel, ctx] of contexts) {
      it(`${label}, ${wlabel}: every departure after a check-in is the check-out, charged by its band (property)`, () => {
        fc.assert(
          fc.property(minuteArb, secondArb, (early, sec) => {
            fc.pre(early < end - start);
            // `early` minutes and `sec` seconds before the end; whole minutes completed count.
            const outSecond = (end - early) * 60 - sec;
            const d = statusOn(ctx, date, [at('in', date, (start - 5) * 60), at('out', date, outSecond)]);
            expect(d.missingOut).toBe(false);
            expect(d.checkOutAt).not.toBeNull();
            const expectedMinutes = Math.floor((end * 60 - outSecond) / 60);
            expect(d.earlyMinutes).toBe(expectedMinutes);
            expect(d.earlyBand).toBe(band('PSW', expectedMinutes));
            expect(bp(d)).toBe(costOf(band('PSW', expectedMinutes)));
          }),
        );
      });

      it(`${label}, ${wlabel}: every arrival is charged by its band, never as a missing check-in (property)`, () => {
        fc.assert(
          fc.property(fc.integer({ min: -180, max: 209 }), minuteArb, secondArb, (before, late, sec) => {
            // Arrivals from 3 hours before the start (ahead of every window) to late in the day.
            const lateBy = before < 0 ? before : late;
            fc.pre(lateBy < end - start - 1);
            const inSecond = (start + lateBy) * 60 + sec;
            const d = statusOn(ctx, date, [at('in', date, inSecond), at('out', date, end * 60)]);
            expect(d.missingIn).toBe(false);
            const expectedMinutes = Math.max(0, Math.floor((inSecond - start * 60) / 60));
            expect(d.lateMinutes).toBe(expectedMinutes);
            expect(d.lateBand).toBe(band('TL', expectedMinutes));
            expect(bp(d)).toBe(costOf(band('TL', expectedMinutes)));
          }),
        );
      });
    }
  }
});
