/**
 * Reading a rule set: which version is in force on a date, which band holds a number of
 * minutes, and what each charge costs in basis points. Percentages are converted to
 * integer basis points once per rule set (0.5 % = 50 bp), so sums are exact.
 */
import type { ErrorDetail, Result } from '../errors.js';
import type { Band, BandConvention, MissingPunchRule, RuleSet } from './types.js';

/** Percent → basis points, rounded to the nearest basis point. */
export function pctToBp(pct: number): number {
  return Math.round(pct * 100);
}

/**
 * The band that holds `minutes` under `convention`, or null (0 minutes, or below the
 * first band). Bands are read in order; the first match wins.
 *
 * @example bandFor(31, PERMENTAN_68_2012.lateBands, 'lower_inclusive')?.code // 'TL2'
 */
export function bandFor(minutes: number, bands: readonly Band[], convention: BandConvention): Band | null {
  for (const b of bands) {
    const inside =
      convention === 'lower_inclusive'
        ? minutes >= b.from && (b.to === null || minutes < b.to)
        : minutes > b.from && (b.to === null || minutes <= b.to);
    if (inside) return b;
  }
  return null;
}

/**
 * The version in force on `date`: the latest `effectiveFrom ≤ date` (ties: the later
 * entry). Throws when none is: an organisation must have rules from its first day, so a
 * gap is a configuration bug, not something to guess around.
 *
 * @example ruleSetFor([PERMENTAN_68_2012], '2026-03-02').id
 */
export function ruleSetFor(ruleSets: readonly RuleSet[], date: string): RuleSet {
  let best: RuleSet | null = null;
  for (const r of ruleSets) {
    if (r.effectiveFrom <= date && (best === null || r.effectiveFrom >= best.effectiveFrom)) best = r;
  }
  if (!best) throw new RangeError(`no rule set in force on ${date}`);
  return best;
}

/** A rule set with its percentages in basis points, built once per rule set. */
export interface CompiledRules {
  rules: RuleSet;
  lateBp: ReadonlyMap<string, number>;
  earlyBp: ReadonlyMap<string, number>;
  missingInBp: number;
  missingInCode: string;
  missingOutBp: number;
  missingOutCode: string;
  tkBp: number;
  leaveBp: ReadonlyMap<string, number>;
  capBp: number;
}

function topBand(bands: readonly Band[]): Band | undefined {
  return bands[bands.length - 1];
}

function missingCharge(rule: MissingPunchRule, bands: readonly Band[], fallback: string): [string, number] {
  if (rule.as === 'pct') return [fallback, pctToBp(rule.pct)];
  const top = topBand(bands);
  return top ? [top.code, pctToBp(top.pct)] : [fallback, 0];
}

const compiled = new WeakMap<RuleSet, CompiledRules>();

/** The basis-point view of a rule set (cached per object). */
export function compileRules(rules: RuleSet): CompiledRules {
  const hit = compiled.get(rules);
  if (hit) return hit;
  const [missingInCode, missingInBp] = missingCharge(rules.missingCheckIn, rules.lateBands, 'TANPA_MASUK');
  const [missingOutCode, missingOutBp] = missingCharge(
    rules.missingCheckOut,
    rules.earlyBands,
    'TANPA_PULANG',
  );
  const c: CompiledRules = {
    rules,
    lateBp: new Map(rules.lateBands.map((b) => [b.code, pctToBp(b.pct)])),
    earlyBp: new Map(rules.earlyBands.map((b) => [b.code, pctToBp(b.pct)])),
    missingInBp,
    missingInCode,
    missingOutBp,
    missingOutCode,
    tkBp: pctToBp(rules.tkPctPerDay),
    leaveBp: new Map(Object.entries(rules.leave).map(([k, v]) => [k, pctToBp(v.pctPerDay)])),
    capBp: Math.min(10_000, rules.monthlyCapPct === null ? 10_000 : pctToBp(rules.monthlyCapPct)),
  };
  compiled.set(rules, c);
  return c;
}

/**
 * The most a day of leave type `code` can cost under these rules (0 when it never cuts);
 * null when the rule set has no rule for the type.
 */
export function leaveWorstBp(c: CompiledRules, code: string): number | null {
  const rule = c.rules.leave[code];
  if (!rule) return null;
  return rule.cutAfterDays === null ? 0 : (c.leaveBp.get(code) ?? 0);
}

function checkBands(field: string, bands: readonly Band[], details: ErrorDetail[]): void {
  let prevTo: number | null = 0;
  bands.forEach((b, i) => {
    const at = `/${field}/${i}`;
    if (!Number.isInteger(b.from) || b.from < 0) details.push({ field: `${at}/from`, reason: 'range' });
    if (b.to !== null && (!Number.isInteger(b.to) || b.to <= b.from)) {
      details.push({ field: `${at}/to`, reason: 'order' });
    }
    if (!(b.pct >= 0 && b.pct <= 100)) details.push({ field: `${at}/pct`, reason: 'range' });
    if (i > 0 && (prevTo === null || b.from !== prevTo)) details.push({ field: `${at}/from`, reason: 'gap' });
    prevTo = b.to;
  });
}

/**
 * Checks a rule set before it is stored: bands contiguous and ascending (each `from`
 * equals the previous `to`, only the last open-ended), percentages within 0..100, and no
 * leave type costing more a day than TK — so an approved leave can never cost more than
 * the absence it excuses.
 *
 * @example validateRuleSet(PERMENTAN_68_2012).ok // true
 */
export function validateRuleSet(rules: RuleSet): Result<RuleSet> {
  const details: ErrorDetail[] = [];
  if (!rules.id) details.push({ field: '/id', reason: 'required' });
  checkBands('lateBands', rules.lateBands, details);
  checkBands('earlyBands', rules.earlyBands, details);
  if (!(rules.tkPctPerDay >= 0 && rules.tkPctPerDay <= 100)) {
    details.push({ field: '/tkPctPerDay', reason: 'range' });
  }
  for (const [code, l] of Object.entries(rules.leave)) {
    if (!(l.pctPerDay >= 0 && l.pctPerDay <= rules.tkPctPerDay)) {
      details.push({ field: `/leave/${code}/pctPerDay`, reason: 'above_tk' });
    }
    if (l.cutAfterDays !== null && (!Number.isInteger(l.cutAfterDays) || l.cutAfterDays < 0)) {
      details.push({ field: `/leave/${code}/cutAfterDays`, reason: 'range' });
    }
  }
  if (rules.monthlyCapPct !== null && !(rules.monthlyCapPct >= 0 && rules.monthlyCapPct <= 100)) {
    details.push({ field: '/monthlyCapPct', reason: 'range' });
  }
  if (rules.tkDaysFullCut !== null && !(Number.isInteger(rules.tkDaysFullCut) && rules.tkDaysFullCut >= 1)) {
    details.push({ field: '/tkDaysFullCut', reason: 'range' });
  }
  const cm = rules.correctionMaxDays;
  if (cm !== undefined && !(Number.isInteger(cm) && cm >= 0 && cm <= 3660)) {
    details.push({ field: '/correctionMaxDays', reason: 'range' });
  }
  const ut = rules.unverifiedTime;
  if (ut !== undefined && ut !== 'count' && ut !== 'review' && ut !== 'reject') {
    details.push({ field: '/unverifiedTime', reason: 'enum' });
  }
  return details.length === 0 ? { ok: true, value: rules } : { ok: false, error: 'invalid_body', details };
}
