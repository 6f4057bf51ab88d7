import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, zonedToInstant } from '../time.js';
import { compileRules } from './rules.js';
import { dayCharges, sumBp } from './charges.js';
import { PERMENTAN_68_2012 } from './presets.js';
import { ramadanOverride2026 } from './ramadan-2026.js';
import { indexRoster } from './roster.js';
import type { AttendanceEvent, DayStatus, Incident } from './types.js';
import { PUSKESMAS_CHAIN, RSUD_CHAIN, SHIFTS, officeCtx, punch, statusOn } from './test-support/fixtures.js';

const MON = '2026-03-02'; // a Monday; Ramadan hours apply only where the override is passed
const ctx = officeCtx();
const fmt = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const bp = (d: DayStatus) => sumBp(dayCharges(d, compileRules(PERMENTAN_68_2012), 1));

describe('dailyStatus: lateness and early-leave bands (Permentan 68/2012, [from, to) in whole minutes)', () => {
  const table: [number, string | null][] = [
    [0, null],
    [1, 'TL1'],
    [30, 'TL1'],
    [31, 'TL2'],
    [60, 'TL2'],
    [61, 'TL3'],
    [90, 'TL3'],
    [91, 'TL4'],
  ];
  it.each(table)('%i minutes late → %s', (late, band) => {
    const d = statusOn(ctx, MON, [punch('in', MON, fmt(450 + late)), punch('out', MON, '16:00')]);
    expect(d.lateMinutes).toBe(late);
    expect(d.lateBand).toBe(band);
    expect(d.status).toBe(late === 0 ? 'hadir' : 'terlambat');
  });
  it.each(table)('%i minutes early → %s', (early, band) => {
    const d = statusOn(ctx, MON, [punch('in', MON, '07:25'), punch('out', MON, fmt(960 - early))]);
    expect(d.earlyMinutes).toBe(early);
    expect(d.earlyBand).toBe(band?.replace('TL', 'PSW') ?? null);
    expect(d.status).toBe(early === 0 ? 'hadir' : 'pulang_cepat');
  });

  it('truncates seconds: 07:30:59.999 is on time, 07:31:00 is 1 minute late', () => {
    const late = (t: string) =>
      statusOn(ctx, MON, [punch('in', MON, t), punch('out', MON, '16:00')]).lateMinutes;
    expect(late('07:30:59.999')).toBe(0);
    expect(late('07:31:00')).toBe(1);
    expect(late('07:31:59')).toBe(1);
    expect(late('08:00:59')).toBe(30);
    expect(late('08:01:00')).toBe(31);
  });

  it('truncates seconds on early leave: 15:59:30 is 0 minutes, 15:59:00 is 1', () => {
    const early = (t: string) =>
      statusOn(ctx, MON, [punch('in', MON, '07:00'), punch('out', MON, t)]).earlyMinutes;
    expect(early('15:59:30')).toBe(0);
    expect(early('15:59:00')).toBe(1);
    expect(early('15:29:01')).toBe(30);
    expect(early('15:29:00')).toBe(31);
  });

  it('counts lateness in the site zone: one instant is on time in WIB, late in WITA and WIT', () => {
    const at = zonedToInstant(MON, 405, 'Asia/Jakarta'); // 06:45 WIB = 07:45 WITA = 08:45 WIT
    const got = (['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const).map((zone) => {
      const d = statusOn(officeCtx({ zone }), MON, [
        { ...punch('in', MON, '00:00'), at },
        punch('out', MON, '16:00', { zone }),
      ]);
      return [d.lateMinutes, d.lateBand];
    });
    expect(got).toEqual([
      [0, null],
      [15, 'TL1'],
      [75, 'TL3'],
    ]);
  });
});

describe('dailyStatus: missing punches, TK, day kinds', () => {
  it('marks lupa absen masuk / pulang and charges the top band', () => {
    const noIn = statusOn(ctx, MON, [punch('out', MON, '16:00')]);
    expect(noIn).toMatchObject({ status: 'lupa_absen_masuk', missingIn: true });
    expect(bp(noIn)).toBe(200);
    const noOut = statusOn(ctx, MON, [punch('in', MON, '07:40')]);
    expect(noOut).toMatchObject({ status: 'lupa_absen_pulang', missingOut: true, lateBand: 'TL1' });
    expect(bp(noOut)).toBe(250);
  });

  it('is TK on a working day without punches; a recorded check-in after its window still counts', () => {
    expect(statusOn(ctx, MON, []).status).toBe('tanpa_keterangan');
    const late = statusOn(ctx, MON, [punch('in', MON, '11:00')]);
    expect(late).toMatchObject({ status: 'lupa_absen_pulang', lateMinutes: 210, lateBand: 'TL4' });
    expect(late.reasons).toContain('punches_outside_windows');
    const afterWork = statusOn(ctx, MON, [punch('in', MON, '17:00')]);
    expect(afterWork.status).toBe('tanpa_keterangan');
  });

  it('ignores an app punch outside the fence unless the rule set accepts it', () => {
    const events = [punch('in', MON, '07:20', { fence: 'outside' }), punch('out', MON, '16:00')];
    expect(statusOn(ctx, MON, events)).toMatchObject({ status: 'lupa_absen_masuk' });
    const lenient = { ...PERMENTAN_68_2012, acceptOutsideFence: true };
    expect(statusOn(ctx, MON, events, { ruleSets: [lenient] }).status).toBe('hadir');
  });

  it('is libur on a holiday and on cuti bersama, even with punches', () => {
    const nyepi = statusOn(ctx, '2026-03-19', []);
    expect(nyepi).toMatchObject({ status: 'libur', holiday: { kind: 'national' } });
    const cb = statusOn(ctx, '2026-03-20', [punch('in', '2026-03-20', '07:30')]);
    expect(cb).toMatchObject({ status: 'libur', holiday: { kind: 'cuti_bersama' } });
    expect(cb.reasons).toEqual(['cuti_bersama', 'punched_on_day_off']);
    expect(cb.ruleVersion).toBe(PERMENTAN_68_2012.id);
  });

  it('uses Ramadan hours: 08:10 is 10 minutes late, not 40', () => {
    const d = '2026-02-23';
    const events = [punch('in', d, '08:10'), punch('out', d, '15:00')];
    const ramadan = officeCtx({ overrides: [ramadanOverride2026(1, null, 'five_day')] });
    expect(statusOn(ramadan, d, events)).toMatchObject({ lateMinutes: 10, lateBand: 'TL1', earlyMinutes: 0 });
    expect(statusOn(ctx, d, events)).toMatchObject({ lateMinutes: 40, earlyMinutes: 60 });
  });

  it('uses Friday hours: leaving at 16:15 is 15 minutes early on Friday, on time on Thursday', () => {
    const fri = '2026-03-06';
    const thu = '2026-03-05';
    expect(statusOn(ctx, fri, [punch('in', fri, '07:20'), punch('out', fri, '16:15')])).toMatchObject({
      status: 'pulang_cepat',
      earlyMinutes: 15,
      earlyBand: 'PSW1',
    });
    expect(statusOn(ctx, thu, [punch('in', thu, '07:20'), punch('out', thu, '16:15')]).status).toBe('hadir');
  });

  it("judges a 6-day unit's Saturday, and rests a 5-day unit's", () => {
    const sat = '2026-03-07';
    const events = [punch('in', sat, '07:30'), punch('out', sat, '13:00')];
    expect(statusOn(officeCtx({ unitChain: PUSKESMAS_CHAIN }), sat, events)).toMatchObject({
      status: 'pulang_cepat',
      earlyMinutes: 30,
      earlyBand: 'PSW1',
    });
    expect(statusOn(ctx, sat, []).status).toBe('libur');
  });
});

describe('dailyStatus: night shifts', () => {
  const night = officeCtx({
    unitChain: RSUD_CHAIN,
    shiftTypes: SHIFTS,
    roster: indexRoster([{ employeeId: 7, date: MON, shiftCode: 'M' }]),
  });
  const next = addDays(MON, 1);

  it('is hadir for 20:55 → 07:05 next morning, on the date the shift began', () => {
    const d = statusOn(night, MON, [punch('out', next, '07:05'), punch('in', MON, '20:55')]);
    expect(d).toMatchObject({ date: MON, status: 'hadir', shiftCode: 'M' });
  });

  it('counts a check-in at 23:59 as 179 minutes late and one at 00:01 as 181', () => {
    const at2359 = statusOn(night, MON, [punch('in', MON, '23:59'), punch('out', next, '07:00')]);
    expect(at2359).toMatchObject({ lateMinutes: 179, lateBand: 'TL4' });
    const at0001 = statusOn(night, MON, [punch('in', next, '00:01'), punch('out', next, '07:00')]);
    expect(at0001).toMatchObject({ date: MON, lateMinutes: 181, lateBand: 'TL4' });
  });

  it('counts a night shift check-out at 06:30 as 30 minutes early', () => {
    const d = statusOn(night, MON, [punch('in', MON, '21:00'), punch('out', next, '06:30')]);
    expect(d).toMatchObject({ earlyMinutes: 30, earlyBand: 'PSW1' });
  });
});

describe('dailyStatus: flex, grace, incidents', () => {
  it('applies a 90-minute flex band: arrive by 09:00, leave as much later', () => {
    const flex = officeCtx({ flex: { flexMinutes: 90, lateGraceMinutes: 0, earlyGraceMinutes: 0 } });
    expect(statusOn(flex, MON, [punch('in', MON, '08:30'), punch('out', MON, '17:00')]).status).toBe('hadir');
    expect(statusOn(flex, MON, [punch('in', MON, '08:30'), punch('out', MON, '16:45')])).toMatchObject({
      earlyMinutes: 15,
      lateMinutes: 0,
    });
    expect(statusOn(flex, MON, [punch('in', MON, '09:05'), punch('out', MON, '17:30')])).toMatchObject({
      lateMinutes: 5,
      earlyMinutes: 0,
    });
  });

  it('forgives lateness within the grace minutes and counts it in full beyond', () => {
    const grace = officeCtx({ flex: { flexMinutes: 0, lateGraceMinutes: 5, earlyGraceMinutes: 0 } });
    const d = statusOn(grace, MON, [punch('in', MON, '07:35'), punch('out', MON, '16:00')]);
    expect(d).toMatchObject({ status: 'hadir', lateMinutes: 0 });
    expect(d.reasons).toContain('late_within_grace');
    expect(statusOn(grace, MON, [punch('in', MON, '07:36'), punch('out', MON, '16:00')]).lateMinutes).toBe(6);
  });

  const outage: Incident = {
    id: 'net-1',
    from: zonedToInstant(MON, 420, 'Asia/Jakarta'),
    to: zonedToInstant(MON, 490, 'Asia/Jakarta'),
    unitIds: null,
    reason: 'gangguan jaringan 07:00-08:10',
  };

  it('excuses lateness inside an incident window (outage 07:00-08:10)', () => {
    const during = statusOn(ctx, MON, [punch('in', MON, '08:05'), punch('out', MON, '16:00')], {
      incidents: [outage],
    });
    expect(during).toMatchObject({ status: 'hadir', lateMinutes: 0 });
    expect(during.reasons).toContain('late_excused_by_incident');
    const after = statusOn(ctx, MON, [punch('in', MON, '08:15'), punch('out', MON, '16:00')], {
      incidents: [outage],
    });
    expect(after).toMatchObject({ lateMinutes: 5, lateBand: 'TL1' });
  });

  it('excuses a missing check-in when the incident covers the start, but not absence', () => {
    const d = statusOn(ctx, MON, [punch('out', MON, '16:00')], { incidents: [outage] });
    expect(d).toMatchObject({ status: 'hadir', missingIn: false });
    expect(statusOn(ctx, MON, [], { incidents: [outage] }).status).toBe('tanpa_keterangan');
  });

  it('applies an incident only to its units', () => {
    const elsewhere = { ...outage, unitIds: [99] };
    const d = statusOn(ctx, MON, [punch('in', MON, '08:05'), punch('out', MON, '16:00')], {
      incidents: [elsewhere],
    });
    expect(d.lateMinutes).toBe(35);
  });
});

describe('dailyStatus: leave', () => {
  const grant = (type: string, from = MON, to = MON) => ({ id: `l-${type}`, employeeId: 7, type, from, to });

  it('turns a working day without punches into the leave type', () => {
    expect(statusOn(ctx, MON, [], { leaves: [grant('cuti_tahunan')] })).toMatchObject({
      status: 'cuti_izin',
      leaveType: 'cuti_tahunan',
    });
  });

  it('keeps the leave when it costs no more than the punches, and the punches when they cost less', () => {
    const lateDay = [punch('in', MON, '08:10'), punch('out', MON, '16:00')];
    const onLeave = statusOn(ctx, MON, lateDay, { leaves: [grant('cuti_tahunan')] });
    expect(onLeave).toMatchObject({ status: 'cuti_izin', lateMinutes: 0 });
    expect(onLeave.reasons).toContain('worked_on_leave');
    const cleanDay = [punch('in', MON, '07:20'), punch('out', MON, '16:00')];
    const izin = statusOn(ctx, MON, cleanDay, { leaves: [grant('izin')] });
    expect(izin).toMatchObject({ status: 'hadir', leaveType: 'izin' });
    expect(izin.reasons).toContain('leave_unused_punches_better');
  });

  it('does not count a leave day on a holiday or cuti bersama', () => {
    const d = statusOn(ctx, '2026-03-20', [], {
      leaves: [grant('cuti_tahunan', '2026-03-18', '2026-03-25')],
    });
    expect(d).toMatchObject({ status: 'libur', leaveType: null });
    expect(d.reasons).toEqual(['cuti_bersama', 'leave_on_day_off']);
  });

  it('ignores a leave type the rule set does not know', () => {
    const d = statusOn(ctx, MON, [], { leaves: [grant('cuti_misterius')] });
    expect(d.status).toBe('tanpa_keterangan');
    expect(d.reasons).toContain('leave_type_without_rule');
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

const DAY0 = zonedToInstant(MON, 0, 'Asia/Jakarta');
const eventsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom<'in' | 'out'>('in', 'out'),
      // 05:00 to 21:00, second precision
      sec: fc.integer({ min: 5 * 3600, max: 21 * 3600 }),
      outside: fc.boolean(),
    }),
    { maxLength: 8 },
  )
  .map((list) =>
    list.map((r, i): AttendanceEvent => ({
      id: `p${i}`,
      employeeId: 7,
      kind: r.kind,
      at: DAY0 + r.sec * 1000,
      source: 'app',
      fence: r.outside ? 'outside' : 'inside',
    })),
  );

describe('dailyStatus: properties', () => {
  it('does not depend on the order in which events arrive, nor on repeats', () => {
    fc.assert(
      fc.property(eventsArb, fc.func(fc.integer()), (events, key) => {
        const shuffled = [...events, ...events].sort((a, b) => key(a.id) - key(b.id) || 0);
        expect(statusOn(ctx, MON, shuffled)).toEqual(statusOn(ctx, MON, events));
      }),
    );
  });

  it('an incident never increases the day’s deduction', () => {
    fc.assert(
      fc.property(
        eventsArb,
        fc.integer({ min: 5 * 60, max: 20 * 60 }),
        fc.integer({ min: 1, max: 240 }),
        (events, fromMin, len) => {
          const inc: Incident = {
            id: 'i',
            from: DAY0 + fromMin * 60_000,
            to: DAY0 + (fromMin + len) * 60_000,
            unitIds: null,
            reason: 'x',
          };
          const without = statusOn(ctx, MON, events);
          const withInc = statusOn(ctx, MON, events, { incidents: [inc] });
          expect(bp(withInc)).toBeLessThanOrEqual(bp(without));
          expect(withInc.lateMinutes).toBeLessThanOrEqual(without.lateMinutes);
          expect(withInc.earlyMinutes).toBeLessThanOrEqual(without.earlyMinutes);
        },
      ),
    );
  });

  it('adding a later check-out never increases early-leave minutes', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 0, max: 6 * 3600 }), (events, laterS) => {
        const before = statusOn(ctx, MON, events);
        if (before.checkOutAt === null) return;
        const later: AttendanceEvent = {
          id: 'later',
          employeeId: 7,
          kind: 'out',
          at: before.checkOutAt + laterS * 1000,
          source: 'app',
          fence: 'inside',
        };
        const after = statusOn(ctx, MON, [...events, later]);
        expect(after.earlyMinutes).toBeLessThanOrEqual(before.earlyMinutes);
      }),
    );
  });
});
