import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, weekdayOf } from '../time.js';
import { PERMENTAN_68_2012, SIAP_TUBA } from './presets.js';
import {
  PP94_2021_LADDER,
  disciplineApplies,
  disciplineStep,
  monthlyRecap,
  personRecap,
  NO_SEGMENT,
  NO_TK,
  joinTk,
  tallySegment,
  tallyTk,
  tkSegment,
  yearlyTk,
  yearlyTkOf,
} from './recap.js';
import type { AttendanceEvent, DayStatus, LeaveGrant, RuleSet } from './types.js';
import { officeCtx, punch, statuses } from './test-support/fixtures.js';

const ctx = officeCtx();
const MAY = ['2026-05-01', '2026-05-31'] as const;

/**
 * May 2026, 5-day unit (Mon-Thu 07:30-16:00, Fri to 16:30), WIB. Holidays on weekdays:
 * 1 (Hari Buruh), 14 (Kenaikan), 15 (cuti bersama), 27 (Idul Adha), 28 (cuti bersama),
 * so 16 working days.
 */
function mayEvents(): { events: AttendanceEvent[]; leaves: LeaveGrant[] } {
  const events: AttendanceEvent[] = [
    punch('in', '2026-05-04', '07:45'), // 15 late: TL1
    punch('out', '2026-05-04', '16:00'),
    punch('in', '2026-05-05', '08:10'), // 40 late: TL2
    punch('out', '2026-05-05', '15:00'), // 60 early: PSW2
    punch('in', '2026-05-06', '09:05'), // 95 late: TL4
    punch('out', '2026-05-06', '16:05'),
    // 2026-05-07: nothing → TK
    punch('in', '2026-05-08', '07:20'), // Friday, no check-out → PSW4
    // 11: cuti tahunan; 12: izin
    punch('in', '2026-05-13', '07:31:00'), // 1 late: TL1
    punch('out', '2026-05-13', '14:59'), // 61 early: PSW3
  ];
  for (const d of ['18', '19', '20', '21', '22', '25', '26', '29']) {
    const date = `2026-05-${d}`;
    events.push(punch('in', date, '07:25'), punch('out', date, weekdayOf(date) === 5 ? '16:35' : '16:05'));
  }
  const leaves: LeaveGrant[] = [
    { id: 'c1', employeeId: 7, type: 'cuti_tahunan', from: '2026-05-11', to: '2026-05-11' },
    { id: 'i1', employeeId: 7, type: 'izin', from: '2026-05-12', to: '2026-05-12' },
  ];
  return { events, leaves };
}

function mayRecap(rules: RuleSet) {
  const { events, leaves } = mayEvents();
  const days = statuses(ctx, MAY[0], MAY[1], events, { leaves, ruleSets: [rules] });
  return personRecap('2026-05', { employeeId: 7, unitId: 2, days }, [rules]);
}

describe('monthlyRecap: a hand-computed month', () => {
  it('Permentan 68/2012: 0.5 + (1+1) + 2 + 4 + 2 + 0 + 2 + (0.5+1.5) = 14.5 %', () => {
    const r = mayRecap(PERMENTAN_68_2012);
    const charged = r.ledger.filter((d) => d.bp > 0).map((d) => [d.date, d.items.map((i) => i.code), d.bp]);
    expect(charged).toEqual([
      ['2026-05-04', ['TL1'], 50],
      ['2026-05-05', ['TL2', 'PSW2'], 200],
      ['2026-05-06', ['TL4'], 200],
      ['2026-05-07', ['TK'], 400],
      ['2026-05-08', ['PSW4'], 200],
      ['2026-05-12', ['izin'], 200],
      ['2026-05-13', ['TL1', 'PSW3'], 200],
    ]);
    expect(r.totalBp).toBe(1450);
    expect(r.totalPct).toBe(14.5);
    expect(r.counts).toEqual({
      workingDays: 16,
      hadir: 8,
      terlambat: 2,
      pulangCepat: 0,
      terlambatPulangCepat: 2,
      lupaAbsenMasuk: 0,
      lupaAbsenPulang: 1,
      tanpaKeterangan: 1,
      cutiIzin: 2,
      libur: 15,
      cutiBersama: 2,
      tanpaJadwal: 0,
      present: 14,
    });
    expect(r.leaveDays).toEqual({ cuti_tahunan: 1, izin: 1 });
    expect(r.lateMinutes).toBe(15 + 40 + 95 + 1);
    expect(r.earlyMinutes).toBe(60 + 61);
    expect(r.ruleVersion).toBe(PERMENTAN_68_2012.id);
  });

  it('SIAP Tuba: 0.5 + (1+1) + 1.5 + 3 + 1.5 + 0 + 2 + (0.5+1.25) = 12.25 %', () => {
    const r = mayRecap(SIAP_TUBA);
    expect(r.ledger.filter((d) => d.bp > 0).map((d) => d.bp)).toEqual([50, 200, 150, 300, 150, 200, 175]);
    expect(r.totalBp).toBe(1225);
    expect(r.totalPct).toBe(12.25);
  });

  it('recomputes to the new answer after a correction approved later', () => {
    const { events, leaves } = mayEvents();
    const before = personRecap(
      '2026-05',
      { employeeId: 7, unitId: 2, days: statuses(ctx, MAY[0], MAY[1], events, { leaves }) },
      [PERMENTAN_68_2012],
    );
    // The 7th was spent in the office during a machine failure; the admin enters both punches.
    const fix = [
      punch('in', '2026-05-07', '07:20', { source: 'correction', author: 'admin-2', fence: null }),
      punch('out', '2026-05-07', '16:02', { source: 'correction', author: 'admin-2', fence: null }),
    ];
    const days = statuses(ctx, MAY[0], MAY[1], [...events, ...fix], { leaves });
    const after = personRecap('2026-05', { employeeId: 7, unitId: 2, days }, [PERMENTAN_68_2012]);
    expect(before.totalBp).toBe(1450);
    expect(after.totalBp).toBe(1050);
    expect(after.counts.tanpaKeterangan).toBe(0);
    expect(days.find((d) => d.date === '2026-05-07')?.reasons).toContain('corrected');
  });
});

function day(date: string, status: DayStatus['status'], extra: Partial<DayStatus> = {}): DayStatus {
  return {
    employeeId: 1,
    date,
    status,
    lateMinutes: 0,
    lateBand: null,
    earlyMinutes: 0,
    earlyBand: null,
    missingIn: false,
    missingOut: false,
    leaveType: null,
    holiday: null,
    shiftCode: null,
    checkInAt: null,
    checkOutAt: null,
    checkInEventId: null,
    checkOutEventId: null,
    ruleVersion: PERMENTAN_68_2012.id,
    reasons: [],
    ...extra,
  };
}

const marchDays = (n: number, status: DayStatus['status'], extra: Partial<DayStatus> = {}) =>
  Array.from({ length: n }, (_, i) => day(addDays('2026-03-02', i), status, extra));

describe('monthlyRecap: caps, full cut, leave cut after N days, totals', () => {
  it('caps the month at the rule set cap', () => {
    const capped = { ...PERMENTAN_68_2012, id: 'cap10', monthlyCapPct: 10 };
    const days = marchDays(5, 'tanpa_keterangan', { ruleVersion: 'cap10' });
    const r = personRecap('2026-03', { employeeId: 1, unitId: 1, days }, [capped]);
    expect(r.ledgerBp).toBe(2000);
    expect(r).toMatchObject({ capped: true, totalBp: 1000, fullCut: false });
  });

  it('cuts 100 % from N TK days when the rule set says so', () => {
    const five = { ...PERMENTAN_68_2012, id: 'tk5', tkDaysFullCut: 5 };
    const mk = (n: number) => [
      ...marchDays(n, 'tanpa_keterangan', { ruleVersion: 'tk5' }),
      ...Array.from({ length: 3 }, (_, i) => day(`2026-03-2${i + 3}`, 'hadir', { ruleVersion: 'tk5' })),
    ];
    expect(personRecap('2026-03', { employeeId: 1, unitId: 1, days: mk(4) }, [five])).toMatchObject({
      fullCut: false,
      totalBp: 1600,
    });
    expect(personRecap('2026-03', { employeeId: 1, unitId: 1, days: mk(5) }, [five])).toMatchObject({
      fullCut: true,
      totalBp: 10_000,
      totalPct: 100,
    });
  });

  it('charges a leave type only after its free days in the month', () => {
    const sick3 = {
      ...PERMENTAN_68_2012,
      id: 'sick3',
      leave: {
        ...PERMENTAN_68_2012.leave,
        cuti_sakit: { countsAsPresent: true, cutAfterDays: 3, pctPerDay: 1 },
      },
    };
    const days = marchDays(5, 'cuti_izin', { leaveType: 'cuti_sakit', ruleVersion: 'sick3' });
    const r = personRecap('2026-03', { employeeId: 1, unitId: 1, days: days.slice().reverse() }, [sick3]);
    expect(r.ledger.map((d) => d.bp)).toEqual([0, 0, 0, 100, 100]);
    expect(r.totalBp).toBe(200);
    expect(r.counts.present).toBe(5);
  });

  it('adds up units and the organisation', () => {
    const rec = monthlyRecap(
      '2026-03',
      [
        { employeeId: 1, unitId: 2, days: marchDays(2, 'tanpa_keterangan') },
        { employeeId: 2, unitId: 2, days: marchDays(3, 'hadir') },
        {
          employeeId: 3,
          unitId: 3,
          days: [day('2026-03-02', 'terlambat', { lateMinutes: 40, lateBand: 'TL2' })],
        },
      ],
      [PERMENTAN_68_2012],
    );
    expect(rec.units.get(2)).toMatchObject({ employees: 2, totalBp: 800 });
    expect(rec.units.get(2)?.counts.hadir).toBe(3);
    expect(rec.units.get(3)).toMatchObject({ employees: 1, totalBp: 100, lateMinutes: 40 });
    expect(rec.organisation).toMatchObject({ employees: 3, totalBp: 900, lateMinutes: 40 });
    expect(rec.organisation.counts.workingDays).toBe(6);
  });

  it('ignores days outside the month', () => {
    const r = personRecap(
      '2026-03',
      { employeeId: 1, unitId: 1, days: [day('2026-04-01', 'tanpa_keterangan')] },
      [PERMENTAN_68_2012],
    );
    expect(r.totalBp).toBe(0);
    expect(r.ledger).toHaveLength(0);
  });
});

describe('yearlyTk: PP 94/2021 discipline ladder', () => {
  it('folds month by month to the same count as the whole year at once (runs carry across months)', () => {
    const statuses = fc.constantFrom<DayStatus['status']>(
      'hadir',
      'tanpa_keterangan',
      'libur',
      'terlambat',
      'belum_masuk',
      'cuti_izin',
    );
    fc.assert(
      fc.property(
        fc.array(statuses, { minLength: 1, maxLength: 365 }),
        fc.integer({ min: 0 }),
        (codes, seed) => {
          const days = codes.map((c, i) => day(addDays('2026-01-01', i), c));
          const whole = yearlyTk('2026', days);
          // Shuffled within each month, as a period's statuses may come in any order.
          const months = new Map<string, DayStatus[]>();
          for (const d of days)
            months.set(d.date.slice(0, 7), [...(months.get(d.date.slice(0, 7)) ?? []), d]);
          let t = NO_TK;
          for (const [, m] of [...months].sort(([a], [b]) => (a < b ? -1 : 1)))
            t = tallyTk(
              t,
              '2026',
              m.map((_, i) => m[(i + seed) % m.length]!),
            );
          expect(yearlyTkOf('2026', t)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('TK segments', () => {
    const codes = fc.array(
      fc.constantFrom<DayStatus['status']>('hadir', 'tanpa_keterangan', 'libur', 'terlambat', 'belum_pulang'),
      { maxLength: 120 },
    );
    const dated = (cs: DayStatus['status'][], from: string) => cs.map((c, i) => day(addDays(from, i), c));

    it('cut anywhere and joined in order, give the count of the whole stretch', () => {
      fc.assert(
        fc.property(codes, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (cs, cuts, seed) => {
          const days = dated(cs, '2026-01-01');
          const at = [...new Set(cuts.map((c) => c % (days.length + 1)))].sort((a, b) => a - b);
          const parts: DayStatus[][] = [];
          let prev = 0;
          for (const c of [...at, days.length]) {
            parts.push(days.slice(prev, c));
            prev = c;
          }
          // Each part's days in any order, as a period's statuses may come.
          const segs = parts.map((p) =>
            tkSegment(
              '2026',
              p.map((_, i) => p[(i + seed) % p.length]!),
            ),
          );
          const whole = tallyTk(NO_TK, '2026', days);
          expect(segs.reduce(tallySegment, NO_TK)).toEqual(whole);
          expect(tallySegment(NO_TK, segs.reduce(joinTk, NO_SEGMENT))).toEqual(whole);
          expect(tkSegment('2026', days)).toEqual(segs.reduce(joinTk, NO_SEGMENT));
        }),
        { numRuns: 300 },
      );
    });

    it('join is associative with an identity', () => {
      const seg = codes.map((cs) => tkSegment('2026', dated(cs, '2026-03-01')));
      fc.assert(
        fc.property(seg, seg, seg, (a, b, c) => {
          expect(joinTk(joinTk(a, b), c)).toEqual(joinTk(a, joinTk(b, c)));
          expect(joinTk(a, NO_SEGMENT)).toEqual(a);
          expect(joinTk(NO_SEGMENT, a)).toEqual(a);
        }),
        { numRuns: 300 },
      );
    });

    it('a run over a month boundary is one run, broken by a working day, not by a day off', () => {
      const march = tkSegment('2026', [
        day('2026-03-27', 'hadir'),
        day('2026-03-30', 'tanpa_keterangan'),
        day('2026-03-31', 'tanpa_keterangan'),
      ]);
      expect(march).toEqual({ tkDays: 2, lead: 0, trail: 2, longest: 2, allTk: false });
      const april = tkSegment('2026', [
        day('2026-04-01', 'tanpa_keterangan'),
        day('2026-04-02', 'libur'),
        day('2026-04-03', 'tanpa_keterangan'),
        day('2026-04-06', 'hadir'),
      ]);
      expect(april).toEqual({ tkDays: 2, lead: 2, trail: 0, longest: 2, allTk: false });
      expect(tallySegment(tallySegment(NO_TK, march), april)).toEqual({ tkDays: 4, run: 0, longestRun: 4 });
    });
  });

  // Each step word for word from PP 94/2021, with the article that sets it.
  it.each([
    [2, null, null, null],
    [3, 'ringan', 'teguran lisan', 'PP 94/2021 Pasal 9'],
    [6, 'ringan', 'teguran tertulis', 'PP 94/2021 Pasal 9'],
    [7, 'ringan', 'pernyataan tidak puas secara tertulis', 'PP 94/2021 Pasal 9'],
    [
      11,
      'sedang',
      'pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 6 (enam) bulan',
      'PP 94/2021 Pasal 10',
    ],
    [
      16,
      'sedang',
      'pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 9 (sembilan) bulan',
      'PP 94/2021 Pasal 10',
    ],
    [
      20,
      'sedang',
      'pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 12 (dua belas) bulan',
      'PP 94/2021 Pasal 10',
    ],
    [
      21,
      'berat',
      'penurunan jabatan setingkat lebih rendah selama 12 (dua belas) bulan',
      'PP 94/2021 Pasal 11 ayat (2) huruf d angka 1',
    ],
    [
      27,
      'berat',
      'pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 (dua belas) bulan',
      'PP 94/2021 Pasal 11 ayat (2) huruf d angka 2',
    ],
    [
      28,
      'berat',
      'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS',
      'PP 94/2021 Pasal 11 ayat (2) huruf d angka 3',
    ],
    [
      240,
      'berat',
      'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS',
      'PP 94/2021 Pasal 11 ayat (2) huruf d angka 3',
    ],
  ])('%i TK days → %s: %s (%s)', (n, level, penalty, article) => {
    const s = disciplineStep(n, 1);
    expect(s?.level ?? null).toBe(level);
    expect(s?.penalty ?? null).toBe(penalty);
    expect(s?.article ?? null).toBe(article);
  });

  it('quotes each provision in full, and never the "tidak dengan hormat" wording', () => {
    expect(disciplineStep(28, 1)?.provision).toBe(
      'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS bagi PNS yang tidak Masuk Kerja ' +
        'tanpa alasan yang sah secara kumulatif selama 28 (dua puluh delapan) hari kerja atau lebih dalam 1 (satu) tahun',
    );
    expect(disciplineStep(3, 1)?.provision).toBe(
      'teguran lisan bagi PNS yang tidak Masuk Kerja tanpa alasan yang sah secara kumulatif selama ' +
        '3 (tiga) hari kerja dalam 1 (satu) tahun',
    );
    expect(disciplineStep(5, 10)?.provision).toBe(
      'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS bagi PNS yang tidak Masuk Kerja ' +
        'tanpa alasan yang sah secara terus menerus selama 10 (sepuluh) hari kerja',
    );
    expect(disciplineStep(5, 10)?.article).toBe('PP 94/2021 Pasal 11 ayat (2) huruf d angka 4');
    for (const s of PP94_2021_LADDER) {
      expect(s.penalty).not.toMatch(/tidak dengan hormat/);
      expect(s.provision.startsWith(s.penalty)).toBe(true);
    }
  });

  it('applies to PNS only: PPPK and non-ASN keep the count, with no step', () => {
    const days = Array.from({ length: 12 }, (_, i) => [
      day(addDays('2026-03-02', i * 7), 'tanpa_keterangan'),
      day(addDays('2026-03-03', i * 7), 'hadir'),
    ]).flat();
    expect(yearlyTk('2026', days).step?.level).toBe('sedang');
    expect(yearlyTk('2026', days, 'pns')).toMatchObject({ applies: true, tkDays: 12 });
    for (const kind of ['pppk', 'non_asn'] as const) {
      expect(disciplineApplies(kind)).toBe(false);
      expect(yearlyTk('2026', days, kind)).toMatchObject({ applies: false, tkDays: 12, step: null });
    }
  });

  it('counts runs over working days only and dismisses at 10 in a row', () => {
    // Mon 2 Mar .. Fri 13 Mar 2026 all TK, the weekend in between libur: a run of 10.
    const days: DayStatus[] = [];
    for (let i = 0; i < 12; i++) {
      const date = addDays('2026-03-02', i);
      days.push(day(date, weekdayOf(date) >= 6 ? 'libur' : 'tanpa_keterangan'));
    }
    days.push(day('2026-03-16', 'hadir'), day('2025-12-31', 'tanpa_keterangan'));
    const y = yearlyTk('2026', days);
    expect(y).toMatchObject({ tkDays: 10, longestRun: 10 });
    expect(y.step?.level).toBe('berat');
    const broken = yearlyTk(
      '2026',
      days.map((d) => (d.date === '2026-03-09' ? { ...d, status: 'hadir' as const } : d)),
    );
    expect(broken).toMatchObject({ tkDays: 9, longestRun: 5 });
    expect(broken.step?.penalty).toBe('pernyataan tidak puas secara tertulis');
  });
});

// ---------------------------------------------------------------------------------------
// Properties over a month of random punches
// ---------------------------------------------------------------------------------------

const APRIL = ['2026-04-01', '2026-04-30'] as const;
const dayArb = fc.record({
  inMin: fc.option(fc.integer({ min: 380, max: 620 }), { nil: null }),
  outMin: fc.option(fc.integer({ min: 820, max: 1150 }), { nil: null }),
  sec: fc.integer({ min: 0, max: 59 }),
});
const monthArb = fc.array(dayArb, { minLength: 30, maxLength: 30 });
const leaveTypes = ['cuti_tahunan', 'izin', 'cuti_sakit', 'dinas_luar', 'tugas_belajar', 'cuti_besar'];
const leaveArb = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 29 }),
    len: fc.integer({ min: 1, max: 4 }),
    type: fc.constantFrom(...leaveTypes),
  }),
  { maxLength: 4 },
);
const sec = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => `${sec(Math.floor(m / 60))}:${sec(m % 60)}`;

function aprilEvents(month: readonly { inMin: number | null; outMin: number | null; sec: number }[]) {
  const events: AttendanceEvent[] = [];
  month.forEach((d, i) => {
    const date = addDays(APRIL[0], i);
    if (d.inMin !== null) events.push(punch('in', date, `${hhmm(d.inMin)}:${sec(d.sec)}`));
    if (d.outMin !== null) events.push(punch('out', date, `${hhmm(d.outMin)}:${sec(d.sec)}`));
  });
  return events;
}

const tkFull = { ...PERMENTAN_68_2012, id: 'prop', tkDaysFullCut: 5, monthlyCapPct: 30 };
const sickCut = {
  ...tkFull,
  leave: { ...tkFull.leave, cuti_sakit: { countsAsPresent: true, cutAfterDays: 2, pctPerDay: 1.5 } },
};

function recapOf(events: AttendanceEvent[], leaves: LeaveGrant[], rules: RuleSet) {
  const days = statuses(ctx, APRIL[0], APRIL[1], events, { leaves, ruleSets: [rules] });
  return personRecap('2026-04', { employeeId: 7, unitId: 2, days }, [rules]);
}

describe('monthlyRecap: properties', () => {
  it('equals the sum of its ledger, then the full cut or the cap', () => {
    fc.assert(
      fc.property(monthArb, leaveArb, (month, ls) => {
        const leaves = ls.map((l, i) => ({
          id: `l${i}`,
          employeeId: 7,
          type: l.type,
          from: addDays(APRIL[0], l.day),
          to: addDays(APRIL[0], l.day + l.len - 1),
        }));
        for (const rules of [PERMENTAN_68_2012, SIAP_TUBA, sickCut]) {
          const r = recapOf(aprilEvents(month), leaves, rules);
          const sum = r.ledger.reduce((s, d) => s + d.bp, 0);
          expect(r.ledgerBp).toBe(sum);
          for (const d of r.ledger) expect(d.bp).toBe(d.items.reduce((s, i) => s + i.bp, 0));
          const limit = Math.min(10_000, (rules.monthlyCapPct ?? 100) * 100);
          expect(r.totalBp).toBe(r.fullCut ? 10_000 : Math.min(sum, limit));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an approved leave never increases the deduction', () => {
    fc.assert(
      fc.property(
        monthArb,
        leaveArb,
        fc.constantFrom(PERMENTAN_68_2012, SIAP_TUBA, sickCut),
        (month, ls, rules) => {
          const events = aprilEvents(month);
          const leaves = ls.map((l, i) => ({
            id: `l${i}`,
            employeeId: 7,
            type: l.type,
            from: addDays(APRIL[0], l.day),
            to: addDays(APRIL[0], l.day + l.len - 1),
          }));
          let prev = recapOf(events, [], rules);
          // Adding the grants one by one never raises the month's deduction nor the ledger.
          for (let k = 1; k <= leaves.length; k++) {
            const next = recapOf(events, leaves.slice(0, k), rules);
            expect(next.totalBp).toBeLessThanOrEqual(prev.totalBp);
            expect(next.ledgerBp).toBeLessThanOrEqual(prev.ledgerBp);
            prev = next;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('monthlyRecap: scale', () => {
  it('recaps 10,000 employees with a month of statuses, one entry each', () => {
    const template = statuses(
      ctx,
      APRIL[0],
      APRIL[1],
      aprilEvents(
        Array.from({ length: 30 }, (_, i) => ({
          inMin: 440 + (i % 5) * 10,
          outMin: 955 + (i % 3),
          sec: 0,
        })),
      ),
      {},
    );
    const people = Array.from({ length: 10_000 }, (_, i) => ({
      employeeId: i,
      unitId: i % 40,
      days: template,
    }));
    const rec = monthlyRecap('2026-04', people, [PERMENTAN_68_2012]);
    const one = rec.people[0]!;
    expect(rec.people).toHaveLength(10_000);
    expect(rec.units.size).toBe(40);
    expect(rec.organisation.totalBp).toBe(one.totalBp * 10_000);
    expect(rec.organisation.counts.workingDays).toBe(one.counts.workingDays * 10_000);
  });
});
