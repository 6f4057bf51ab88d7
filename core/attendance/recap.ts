/**
 * The monthly recap behind the TPP deduction, and the yearly TK count behind the
 * discipline ladder.
 *
 * Per person: days by status, minutes late and early, and a ledger with each day's
 * charges (band, percentage, why). The month's deduction is the sum of the ledger, then
 * "≥ N TK days → 100 %" when the rule set has it, then the monthly cap (never above
 * 100 %). Each day is charged under the rule version recorded on its status; the
 * month-level rules (cap, full cut) are those in force on the first day of the month.
 * Leave types that "cut after N days" count days of that type within the month, in date
 * order. Linear in the number of days, one pass, no per-day allocation beyond the ledger.
 */
import type { EmployeeKind } from '../model.js';
import { compileRules, ruleSetFor } from './rules.js';
import type { CompiledRules } from './rules.js';
import { dayCharges, sumBp } from './charges.js';
import type {
  DayStatus,
  GroupTotals,
  LedgerDay,
  PersonRecap,
  Recap,
  RuleSet,
  StatusCounts,
} from './types.js';

/** One person's statuses for the month (other dates are ignored), with their unit. */
export interface RecapPerson {
  employeeId: number;
  unitId: number;
  days: readonly DayStatus[];
}

function emptyCounts(): StatusCounts {
  return {
    workingDays: 0,
    hadir: 0,
    terlambat: 0,
    pulangCepat: 0,
    terlambatPulangCepat: 0,
    lupaAbsenMasuk: 0,
    lupaAbsenPulang: 0,
    tanpaKeterangan: 0,
    cutiIzin: 0,
    libur: 0,
    cutiBersama: 0,
    tanpaJadwal: 0,
    present: 0,
  };
}

function emptyTotals(): GroupTotals {
  return { employees: 0, counts: emptyCounts(), lateMinutes: 0, earlyMinutes: 0, totalBp: 0, fullCuts: 0 };
}

function addCounts(into: StatusCounts, c: StatusCounts): void {
  for (const k of Object.keys(c) as (keyof StatusCounts)[]) into[k] += c[k];
}

function sortedByDate(days: readonly DayStatus[]): readonly DayStatus[] {
  for (let i = 1; i < days.length; i++) {
    if (days[i]!.date < days[i - 1]!.date) return days.slice().sort((a, b) => (a.date < b.date ? -1 : 1));
  }
  return days;
}

class RuleLookup {
  private readonly byId = new Map<string, CompiledRules>();
  constructor(private readonly ruleSets: readonly RuleSet[]) {
    for (const r of ruleSets) this.byId.set(r.id, compileRules(r));
  }
  /** The rules a day was computed with (by its recorded version), else those in force on its date. */
  forDay(d: DayStatus): CompiledRules {
    return this.byId.get(d.ruleVersion) ?? compileRules(ruleSetFor(this.ruleSets, d.date));
  }
}

/**
 * One person's month: counts, minutes, ledger and deduction.
 *
 * @example personRecap('2026-03', { employeeId: 7, unitId: 3, days }, [PERMENTAN_68_2012]).totalPct
 */
export function personRecap(month: string, person: RecapPerson, ruleSets: readonly RuleSet[]): PersonRecap {
  return recapOne(month, person, new RuleLookup(ruleSets), compileRules(ruleSetFor(ruleSets, `${month}-01`)));
}

function recapOne(
  month: string,
  person: RecapPerson,
  lookup: RuleLookup,
  monthRules: CompiledRules,
): PersonRecap {
  const counts = emptyCounts();
  const leaveDays: Record<string, number> = {};
  const ledger: LedgerDay[] = [];
  let lateMinutes = 0;
  let earlyMinutes = 0;
  let ledgerBp = 0;
  for (const d of sortedByDate(person.days)) {
    if (!d.date.startsWith(month)) continue;
    let ordinal = 0;
    // A day still in progress is not part of a month's recap (it is charged once over).
    if (d.status === 'belum_masuk' || d.status === 'belum_pulang') continue;
    switch (d.status) {
      case 'libur':
        counts.libur++;
        if (d.holiday?.kind === 'cuti_bersama') counts.cutiBersama++;
        break;
      case 'tanpa_jadwal':
        counts.tanpaJadwal++;
        break;
      case 'hadir':
        counts.hadir++;
        break;
      case 'terlambat':
        counts.terlambat++;
        break;
      case 'pulang_cepat':
        counts.pulangCepat++;
        break;
      case 'terlambat_pulang_cepat':
        counts.terlambatPulangCepat++;
        break;
      case 'lupa_absen_masuk':
        counts.lupaAbsenMasuk++;
        break;
      case 'lupa_absen_pulang':
        counts.lupaAbsenPulang++;
        break;
      case 'tanpa_keterangan':
        counts.tanpaKeterangan++;
        break;
      case 'cuti_izin': {
        counts.cutiIzin++;
        const type = d.leaveType ?? '';
        ordinal = (leaveDays[type] ?? 0) + 1;
        leaveDays[type] = ordinal;
        break;
      }
    }
    if (d.status === 'libur' || d.status === 'tanpa_jadwal') continue;
    counts.workingDays++;
    const rules = lookup.forDay(d);
    if (d.status === 'cuti_izin') {
      if (rules.rules.leave[d.leaveType ?? '']?.countsAsPresent) counts.present++;
    } else if (d.status !== 'tanpa_keterangan') {
      counts.present++;
    }
    lateMinutes += d.lateMinutes;
    earlyMinutes += d.earlyMinutes;
    const items = dayCharges(d, rules, ordinal);
    const bp = sumBp(items);
    ledgerBp += bp;
    ledger.push({
      date: d.date,
      status: d.status,
      leaveType: d.leaveType,
      ruleVersion: rules.rules.id,
      items: items as LedgerDay['items'],
      bp,
    });
  }
  const full = monthRules.rules.tkDaysFullCut;
  const fullCut = full !== null && counts.tanpaKeterangan >= full;
  const capped = !fullCut && ledgerBp > monthRules.capBp;
  const totalBp = fullCut ? 10_000 : capped ? monthRules.capBp : ledgerBp;
  return {
    employeeId: person.employeeId,
    unitId: person.unitId,
    month,
    ruleVersion: monthRules.rules.id,
    counts,
    leaveDays,
    lateMinutes,
    earlyMinutes,
    ledgerBp,
    fullCut,
    capped,
    totalBp,
    totalPct: totalBp / 100,
    ledger,
  };
}

function addTo(t: GroupTotals, p: PersonRecap): void {
  t.employees++;
  addCounts(t.counts, p.counts);
  t.lateMinutes += p.lateMinutes;
  t.earlyMinutes += p.earlyMinutes;
  t.totalBp += p.totalBp;
  if (p.fullCut) t.fullCuts++;
}

/**
 * The month's recap for many people: one {@link PersonRecap} each, totals per unit (the
 * person's own unit; roll up the tree with core/org.ts if needed) and for the whole
 * organisation. Linear in the number of day statuses.
 *
 * @example monthlyRecap('2026-03', people, [PERMENTAN_68_2012]).organisation.totalBp
 */
export function monthlyRecap(
  month: string,
  people: readonly RecapPerson[],
  ruleSets: readonly RuleSet[],
): Recap {
  const lookup = new RuleLookup(ruleSets);
  const monthRules = compileRules(ruleSetFor(ruleSets, `${month}-01`));
  const out: PersonRecap[] = new Array<PersonRecap>(people.length);
  const units = new Map<number, GroupTotals>();
  const organisation = emptyTotals();
  for (let i = 0; i < people.length; i++) {
    const p = recapOne(month, people[i]!, lookup, monthRules);
    out[i] = p;
    let u = units.get(p.unitId);
    if (!u) units.set(p.unitId, (u = emptyTotals()));
    addTo(u, p);
    addTo(organisation, p);
  }
  return { month, people: out, units, organisation };
}

// ---------------------------------------------------------------------------------------
// PP 94/2021 discipline ladder
// ---------------------------------------------------------------------------------------

/** One step of the ladder for days absent without notice in a year. */
export interface DisciplineStep {
  minDays: number;
  maxDays: number | null;
  level: 'ringan' | 'sedang' | 'berat';
  /** The penalty, word for word as PP 94/2021 Article 8 names it. */
  penalty: string;
  /** Where the regulation sets this step, e.g. 'PP 94/2021 Pasal 11 ayat (2) huruf d angka 3'. */
  article: string;
  /** The provision, word for word. */
  provision: string;
}

const TK = 'bagi PNS yang tidak Masuk Kerja tanpa alasan yang sah';
const CUT = 'pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama';
const DISMISSAL = 'pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS';

function step(
  minDays: number,
  maxDays: number | null,
  level: DisciplineStep['level'],
  article: string,
  penalty: string,
  days: string,
): DisciplineStep {
  return Object.freeze({
    minDays,
    maxDays,
    level,
    penalty,
    article,
    provision: `${penalty} ${TK} secara kumulatif selama ${days} dalam 1 (satu) tahun`,
  });
}

/**
 * PP 94/2021 on PNS discipline (Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin
 * Pegawai Negeri Sipil): yearly cumulative days of not entering work without a valid
 * reason (TK), Article 9 (ringan), Article 10 (sedang) and Article 11 paragraph (2)
 * letter d (berat). Each penalty is quoted word for word: the heaviest is "pemberhentian
 * dengan hormat tidak atas permintaan sendiri sebagai PNS" — honourable dismissal not at
 * own request, which keeps the pension rights that a dismissal "tidak dengan hormat"
 * would take away. The ladder applies to PNS only ({@link disciplineApplies}).
 */
export const PP94_2021_LADDER: readonly DisciplineStep[] = Object.freeze([
  step(3, 3, 'ringan', 'PP 94/2021 Pasal 9', 'teguran lisan', '3 (tiga) hari kerja'),
  step(
    4,
    6,
    'ringan',
    'PP 94/2021 Pasal 9',
    'teguran tertulis',
    '4 (empat) sampai dengan 6 (enam) hari kerja',
  ),
  step(
    7,
    10,
    'ringan',
    'PP 94/2021 Pasal 9',
    'pernyataan tidak puas secara tertulis',
    '7 (tujuh) sampai dengan 10 (sepuluh) hari kerja',
  ),
  step(
    11,
    13,
    'sedang',
    'PP 94/2021 Pasal 10',
    `${CUT} 6 (enam) bulan`,
    '11 (sebelas) sampai dengan 13 (tiga belas) hari kerja',
  ),
  step(
    14,
    16,
    'sedang',
    'PP 94/2021 Pasal 10',
    `${CUT} 9 (sembilan) bulan`,
    '14 (empat belas) sampai dengan 16 (enam belas) hari kerja',
  ),
  step(
    17,
    20,
    'sedang',
    'PP 94/2021 Pasal 10',
    `${CUT} 12 (dua belas) bulan`,
    '17 (tujuh belas) sampai dengan 20 (dua puluh) hari kerja',
  ),
  step(
    21,
    24,
    'berat',
    'PP 94/2021 Pasal 11 ayat (2) huruf d angka 1',
    'penurunan jabatan setingkat lebih rendah selama 12 (dua belas) bulan',
    '21 (dua puluh satu) sampai dengan 24 (dua puluh empat) hari kerja',
  ),
  step(
    25,
    27,
    'berat',
    'PP 94/2021 Pasal 11 ayat (2) huruf d angka 2',
    'pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 (dua belas) bulan',
    '25 (dua puluh lima) sampai dengan 27 (dua puluh tujuh) hari kerja',
  ),
  step(
    28,
    null,
    'berat',
    'PP 94/2021 Pasal 11 ayat (2) huruf d angka 3',
    DISMISSAL,
    '28 (dua puluh delapan) hari kerja atau lebih',
  ),
]);

/** Working days in a row that lead to dismissal on their own (PP 94/2021 Art. 11). */
export const PP94_2021_CONSECUTIVE_DISMISSAL = 10;

/** The step reached by 10 working days of TK in a row, whatever the yearly count. */
export const PP94_2021_CONSECUTIVE_STEP: DisciplineStep = Object.freeze({
  minDays: PP94_2021_CONSECUTIVE_DISMISSAL,
  maxDays: null,
  level: 'berat',
  penalty: DISMISSAL,
  article: 'PP 94/2021 Pasal 11 ayat (2) huruf d angka 4',
  provision: `${DISMISSAL} ${TK} secara terus menerus selama 10 (sepuluh) hari kerja`,
});

/**
 * Whether the PP 94/2021 ladder applies to an employee of this kind: PP 94/2021 is the
 * discipline of Pegawai Negeri Sipil. PPPK and non-ASN staff are disciplined under
 * their own contracts and rules, so no step is shown for them.
 *
 * @example disciplineApplies('pppk') // false
 */
export function disciplineApplies(kind: EmployeeKind): boolean {
  return kind === 'pns';
}

export interface YearlyTk {
  year: string;
  tkDays: number;
  /** The longest run of TK over consecutive working days (days off do not break a run). */
  longestRun: number;
  /** Whether the ladder applies to this person (PNS only); false leaves `step` null. */
  applies: boolean;
  step: DisciplineStep | null;
}

/**
 * A year's TK count so far, folded period by period: TK days, the current run of TK over
 * consecutive working days (days off do not break it) and the longest run.
 */
export interface TkTally {
  tkDays: number;
  run: number;
  longestRun: number;
}

/** Nothing counted yet. */
export const NO_TK: TkTally = { tkDays: 0, run: 0, longestRun: 0 };

/**
 * `t` carried on over `days`: one person's statuses of a period later than every day
 * already folded into `t` (any order within it; days of other years ignored). Folding the
 * months of a year in order gives what {@link yearlyTk} gives for the whole year at once.
 */
export function tallyTk(t: TkTally, year: string, days: readonly DayStatus[]): TkTally {
  let { tkDays, run, longestRun } = t;
  for (const d of sortedByDate(days)) {
    if (!d.date.startsWith(year)) continue;
    if (uncounted(d.status)) continue;
    if (d.status === 'tanpa_keterangan') {
      tkDays++;
      run++;
      if (run > longestRun) longestRun = run;
    } else {
      run = 0;
    }
  }
  return { tkDays, run, longestRun };
}

/**
 * One stretch of a person's working days (a month, say) summed up so that stretches can be
 * counted once and joined later in any grouping: TK days, the run of TK it opens with
 * (`lead`), the run it closes with (`trail`), its longest run inside, and whether every
 * counted day of it was TK (`allTk`; then lead = trail = tkDays, and a run carries
 * through it). A stretch with no counted day is the identity: {@link NO_SEGMENT}.
 * Joining is associative, so a year's count is the months' segments joined in order
 * (features/reports keeps closed months' segments instead of re-reading their events).
 */
export interface TkSegment {
  tkDays: number;
  lead: number;
  trail: number;
  longest: number;
  allTk: boolean;
}

/** A stretch with no counted working day. */
export const NO_SEGMENT: TkSegment = Object.freeze({ tkDays: 0, lead: 0, trail: 0, longest: 0, allTk: true });

/** Whether a status is left out of the TK count (not a working day, or not over yet). */
function uncounted(status: DayStatus['status']): boolean {
  return (
    status === 'libur' || status === 'tanpa_jadwal' || status === 'belum_masuk' || status === 'belum_pulang'
  );
}

/** The segment of one person's statuses of a stretch (any order; days of other years ignored). */
export function tkSegment(year: string, days: readonly DayStatus[]): TkSegment {
  let tkDays = 0;
  let lead = 0;
  let run = 0;
  let longest = 0;
  let allTk = true;
  for (const d of sortedByDate(days)) {
    if (!d.date.startsWith(year) || uncounted(d.status)) continue;
    if (d.status === 'tanpa_keterangan') {
      tkDays++;
      run++;
      if (run > longest) longest = run;
      if (allTk) lead = run;
    } else {
      allTk = false;
      run = 0;
    }
  }
  return { tkDays, lead, trail: run, longest, allTk };
}

/** `a` followed by `b`. Associative, with {@link NO_SEGMENT} as identity. */
export function joinTk(a: TkSegment, b: TkSegment): TkSegment {
  return {
    tkDays: a.tkDays + b.tkDays,
    lead: a.allTk ? a.lead + b.lead : a.lead,
    trail: b.allTk ? a.trail + b.trail : b.trail,
    longest: Math.max(a.longest, b.longest, a.trail + b.lead),
    allTk: a.allTk && b.allTk,
  };
}

/** `t` carried on over a later stretch summed up as `s`: what {@link tallyTk} gives over its days. */
export function tallySegment(t: TkTally, s: TkSegment): TkTally {
  return {
    tkDays: t.tkDays + s.tkDays,
    run: s.allTk ? t.run + s.tkDays : s.trail,
    longestRun: Math.max(t.longestRun, s.longest, t.run + s.lead),
  };
}

/** The ladder step a tally reaches, for a person of `kind` (the ladder is for PNS only). */
export function yearlyTkOf(
  year: string,
  t: TkTally,
  kind: EmployeeKind = 'pns',
  ladder: readonly DisciplineStep[] = PP94_2021_LADDER,
): YearlyTk {
  const applies = disciplineApplies(kind);
  return {
    year,
    tkDays: t.tkDays,
    longestRun: t.longestRun,
    applies,
    step: applies ? disciplineStep(t.tkDays, t.longestRun, ladder) : null,
  };
}

/**
 * TK days of a year and the ladder step they reach. Input: one person's statuses of the
 * year (any order; other years ignored) and, when known, the person's kind: the ladder
 * is for PNS only, so for PPPK and non-ASN the count is kept and the step is null.
 *
 * @example yearlyTk('2026', days).step?.penalty // 'teguran tertulis' for 5 TK days
 * @example yearlyTk('2026', days, 'pppk').step // null
 */
export function yearlyTk(
  year: string,
  days: readonly DayStatus[],
  kind: EmployeeKind = 'pns',
  ladder: readonly DisciplineStep[] = PP94_2021_LADDER,
): YearlyTk {
  return yearlyTkOf(year, tallyTk(NO_TK, year, days), kind, ladder);
}

/** The ladder step for a yearly TK count and the longest run of consecutive TK working days. */
export function disciplineStep(
  tkDays: number,
  longestRun: number,
  ladder: readonly DisciplineStep[] = PP94_2021_LADDER,
): DisciplineStep | null {
  let step: DisciplineStep | null = null;
  for (const s of ladder) if (tkDays >= s.minDays) step = s;
  if (longestRun >= PP94_2021_CONSECUTIVE_DISMISSAL && (step === null || step.maxDays !== null))
    return PP94_2021_CONSECUTIVE_STEP;
  return step;
}
