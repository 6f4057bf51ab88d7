/**
 * Rule set presets from real regulations, as data. A region adopts one with its own
 * effective date and edits the numbers its Perbup sets; the code never changes.
 *
 * Boundary convention of both presets: bands are lower-inclusive and upper-exclusive in
 * whole minutes ("1 to <31 minutes" = 1 ≤ m < 31), and minutes are whole minutes
 * completed, seconds truncated, as core/verdict.ts counts them: against a 07:30 start,
 * 07:30:59 is 0 minutes late and 07:31:00 is 1 minute (TL1); 08:00:59 is 30 (TL1) and
 * 08:01:00 is 31 (TL2).
 *
 * Leave treatment (which leave counts as present, which cuts) follows the rule-of-thumb
 * table of the domain notes (cuti tahunan, sakit, melahirkan, alasan penting and dinas
 * luar without deduction; izin 2 % a day) and must be checked against the region's
 * Perbup before use.
 */
import type { Band, LeaveRule, RuleSet } from './types.js';

function bands(prefix: 'TL' | 'PSW', pcts: readonly [number, number, number, number]): Band[] {
  return [
    { code: `${prefix}1`, from: 1, to: 31, pct: pcts[0] },
    { code: `${prefix}2`, from: 31, to: 61, pct: pcts[1] },
    { code: `${prefix}3`, from: 61, to: 91, pct: pcts[2] },
    { code: `${prefix}4`, from: 91, to: null, pct: pcts[3] },
  ];
}

const FREE: LeaveRule = { countsAsPresent: true, cutAfterDays: null, pctPerDay: 0 };
const ABSENT_UNCUT: LeaveRule = { countsAsPresent: false, cutAfterDays: null, pctPerDay: 0 };

function leaveRules(izinPct: number): Record<string, LeaveRule> {
  return {
    cuti_tahunan: FREE,
    cuti_besar: ABSENT_UNCUT,
    cuti_sakit: FREE,
    cuti_melahirkan: FREE,
    cuti_alasan_penting: FREE,
    cuti_bersama: FREE,
    izin: { countsAsPresent: false, cutAfterDays: 0, pctPerDay: izinPct },
    sakit: FREE,
    dinas_luar: FREE,
    tugas_belajar: ABSENT_UNCUT,
    wfh: FREE,
  };
}

/**
 * Permentan 68/2012 (tunjangan kinerja, Kementerian Pertanian), the model many regional
 * Perbup copy: TL1 1-<31 min 0.5 %, TL2 31-<61 1 %, TL3 61-<91 1.5 %, TL4 ≥91 min or no
 * check-in 2 %; PSW1-PSW4 the same edges and percentages, no check-out = PSW4; TK 4 % a
 * working day. Monthly cap 100 % (a deduction cannot exceed the allowance).
 *
 * @example permentan68Preset('2026-01-01').id // 'permentan-68-2012@2026-01-01'
 */
export function permentan68Preset(effectiveFrom: string): RuleSet {
  return {
    id: `permentan-68-2012@${effectiveFrom}`,
    name: 'Permentan 68/2012',
    source: 'Peraturan Menteri Pertanian Nomor 68 Tahun 2012 (potongan tunjangan kinerja TL/PSW/TK)',
    effectiveFrom,
    convention: 'lower_inclusive',
    lateBands: bands('TL', [0.5, 1, 1.5, 2]),
    earlyBands: bands('PSW', [0.5, 1, 1.5, 2]),
    missingCheckIn: { as: 'top_band' },
    missingCheckOut: { as: 'top_band' },
    tkPctPerDay: 4,
    leave: leaveRules(2),
    monthlyCapPct: 100,
    tkDaysFullCut: null,
    acceptOutsideFence: false,
    unverifiedTime: 'review',
  };
}

/**
 * A regional TPP model (the "SIAP Tuba" formula of the domain notes): TL1 1-<31 min
 * 0.5 %, TL2 31-<61 1 %, TL3 61-<91 1.25 %, TL4 ≥91 min or no check-in 1.5 %.
 * The source gives no early-leave or TK figures; this preset mirrors the TL bands for
 * PSW (as Permentan 68/2012 does) and sets TK to 3 % a day, the cost of a day with
 * neither punch under these bands, so that staying away never costs less than coming
 * without punching. Both are stated assumptions for the region to confirm in its Perbup.
 *
 * @example siapTubaPreset('2026-01-01').lateBands[2].pct // 1.25
 */
export function siapTubaPreset(effectiveFrom: string): RuleSet {
  return {
    id: `siap-tuba@${effectiveFrom}`,
    name: 'Model TPP daerah (SIAP Tuba)',
    source: 'Formula TPP daerah "SIAP Tuba" (TL 0.5/1/1.25/1.5 %); PSW dan TK: asumsi, lihat catatan',
    effectiveFrom,
    convention: 'lower_inclusive',
    lateBands: bands('TL', [0.5, 1, 1.25, 1.5]),
    earlyBands: bands('PSW', [0.5, 1, 1.25, 1.5]),
    missingCheckIn: { as: 'top_band' },
    missingCheckOut: { as: 'top_band' },
    tkPctPerDay: 3,
    leave: leaveRules(2),
    monthlyCapPct: 100,
    tkDaysFullCut: null,
    acceptOutsideFence: false,
    unverifiedTime: 'review',
  };
}

/** Permentan 68/2012 in force from 1 January 2026. */
export const PERMENTAN_68_2012: RuleSet = permentan68Preset('2026-01-01');
/** The regional SIAP Tuba model in force from 1 January 2026. */
export const SIAP_TUBA: RuleSet = siapTubaPreset('2026-01-01');

/** The presets by the id the API takes (`POST /api/v1/rule-sets` with `preset`). */
export const PRESET_BUILDERS = {
  'permentan-68-2012': permentan68Preset,
  'siap-tuba': siapTubaPreset,
} as const satisfies Record<string, (effectiveFrom: string) => RuleSet>;

export type PresetId = keyof typeof PRESET_BUILDERS;
export const PRESET_IDS = Object.keys(PRESET_BUILDERS) as PresetId[];

/** Every preset as a starting point, in force from 1 January 2026 (the console's list). */
export const PRESETS: readonly RuleSet[] = PRESET_IDS.map((id) => PRESET_BUILDERS[id]('2026-01-01'));
