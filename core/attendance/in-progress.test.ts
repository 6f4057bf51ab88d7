/**
 * A day judged while it is still in progress (issue: at 05:50, before a 07:30 start,
 * 7 of 8 people were TK and someone who had checked in was "Tidak absen pulang").
 * Nothing is charged for a window that has not closed.
 */
import { describe, it, expect } from 'vitest';
import { zonedToInstant } from '../time.js';
import { compileRules } from './rules.js';
import { dayCharges, sumBp } from './charges.js';
import { PERMENTAN_68_2012 } from './presets.js';
import { personRecap, yearlyTk } from './recap.js';
import type { AttendanceEvent, DayStatus } from './types.js';
import { officeCtx, punch, statuses } from './test-support/fixtures.js';

const MON = '2026-03-02'; // Mon-Thu 07:30-16:00; check-in 06:00-10:00, check-out 14:00-20:00
const ctx = officeCtx();
const at = (hhmm: string) =>
  zonedToInstant(MON, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Jakarta');
const bp = (d: DayStatus) => sumBp(dayCharges(d, compileRules(PERMENTAN_68_2012), 1));

function dayOf(events: AttendanceEvent[], asOf?: string): DayStatus {
  return statuses(ctx, MON, MON, events, asOf === undefined ? {} : { asOf: at(asOf) })[0]!;
}

describe('a day in progress', () => {
  it('is "belum masuk" before anyone could be late, not TK', () => {
    const d = dayOf([], '05:50');
    expect(d.status).toBe('belum_masuk');
    expect(bp(d)).toBe(0);
    // The same day judged as over is TK.
    expect(dayOf([]).status).toBe('tanpa_keterangan');
  });

  it('is "belum waktunya pulang" after a check-in, with no missing check-out charged', () => {
    const d = dayOf([punch('in', MON, '07:20')], '09:00');
    expect(d).toMatchObject({ status: 'belum_pulang', missingOut: false, lateBand: null });
    expect(bp(d)).toBe(0);
  });

  it('keeps the lateness of a check-in that has happened', () => {
    const d = dayOf([punch('in', MON, '08:10')], '09:00');
    expect(d).toMatchObject({ status: 'belum_pulang', lateMinutes: 40, lateBand: 'TL2', missingOut: false });
    expect(bp(d)).toBe(100);
  });

  it('still waits for a check-out until the check-out window closes (20:00), then charges it', () => {
    const events = [punch('in', MON, '07:20')];
    expect(dayOf(events, '19:59').status).toBe('belum_pulang');
    expect(dayOf(events, '20:01')).toMatchObject({ status: 'lupa_absen_pulang', missingOut: true });
  });

  it('judges a recorded departure at once, and a missing check-in only once its window has closed', () => {
    const left = dayOf([punch('in', MON, '07:20'), punch('out', MON, '15:00')], '15:05');
    expect(left).toMatchObject({ status: 'pulang_cepat', earlyMinutes: 60, earlyBand: 'PSW2' });
    const noIn = dayOf([punch('out', MON, '09:00')], '09:05');
    expect(noIn.missingIn).toBe(false);
    expect(dayOf([punch('out', MON, '09:00')], '10:05').missingIn).toBe(true);
  });

  it('never enters a recap or the yearly TK count', () => {
    const d = dayOf([], '05:50');
    const r = personRecap('2026-03', { employeeId: 7, unitId: 2, days: [d] }, [PERMENTAN_68_2012]);
    expect(r.counts.workingDays).toBe(0);
    expect(r.totalBp).toBe(0);
    expect(yearlyTk('2026', [d]).tkDays).toBe(0);
  });
});
