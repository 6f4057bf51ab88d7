import { describe, it, expect } from 'vitest';
import { checkLeaveGrant, needsDocument } from './leave.js';
import { LEAVE_BY_CODE, LEAVE_CATALOGUE } from './leave-catalogue.js';
import { PERMENTAN_68_2012, SIAP_TUBA, permentan68Preset } from './presets.js';
import { bandFor, compileRules, pctToBp, ruleSetFor, validateRuleSet } from './rules.js';
import type { Band } from './types.js';

describe('presets', () => {
  it('are valid rule sets', () => {
    expect(validateRuleSet(PERMENTAN_68_2012).ok).toBe(true);
    expect(validateRuleSet(SIAP_TUBA).ok).toBe(true);
  });

  it('hold the percentages of their regulation, in basis points', () => {
    const p = compileRules(PERMENTAN_68_2012);
    expect([...p.lateBp.values()]).toEqual([50, 100, 150, 200]);
    expect([...p.earlyBp.values()]).toEqual([50, 100, 150, 200]);
    expect(p).toMatchObject({ tkBp: 400, missingInBp: 200, missingInCode: 'TL4', missingOutCode: 'PSW4' });
    const s = compileRules(SIAP_TUBA);
    expect([...s.lateBp.values()]).toEqual([50, 100, 125, 150]);
    expect(s.missingInBp).toBe(150);
  });

  it('give every catalogue leave type a rule', () => {
    for (const t of LEAVE_CATALOGUE) {
      expect(PERMENTAN_68_2012.leave[t.code]).toBeDefined();
      expect(SIAP_TUBA.leave[t.code]).toBeDefined();
    }
  });
});

describe('bandFor', () => {
  const lower: Band[] = PERMENTAN_68_2012.lateBands.slice();
  const upper: Band[] = [
    { code: 'A', from: 0, to: 30, pct: 0.5 },
    { code: 'B', from: 30, to: null, pct: 1 },
  ];
  it.each([
    [0, null],
    [1, 'TL1'],
    [30, 'TL1'],
    [31, 'TL2'],
    [90, 'TL3'],
    [91, 'TL4'],
    [10_000, 'TL4'],
  ])('lower-inclusive: %i → %s', (m, code) => {
    expect(bandFor(m, lower, 'lower_inclusive')?.code ?? null).toBe(code);
  });
  it.each([
    [0, null],
    [1, 'A'],
    [30, 'A'],
    [31, 'B'],
  ])('upper-inclusive: %i → %s', (m, code) => {
    expect(bandFor(m, upper, 'upper_inclusive')?.code ?? null).toBe(code);
  });
});

describe('ruleSetFor and validateRuleSet', () => {
  it('takes the version in force on the date', () => {
    const v1 = permentan68Preset('2026-01-01');
    const v2 = { ...permentan68Preset('2026-07-01'), tkPctPerDay: 3 };
    expect(ruleSetFor([v2, v1], '2026-06-30').id).toBe(v1.id);
    expect(ruleSetFor([v2, v1], '2026-07-01').id).toBe(v2.id);
    expect(() => ruleSetFor([v2], '2026-01-01')).toThrow(RangeError);
  });

  it('rejects gaps between bands, a leave dearer than TK, and a cap over 100 %', () => {
    const bad = validateRuleSet({
      ...PERMENTAN_68_2012,
      lateBands: [
        { code: 'TL1', from: 1, to: 31, pct: 0.5 },
        { code: 'TL2', from: 32, to: null, pct: 1 },
      ],
      leave: { izin: { countsAsPresent: false, cutAfterDays: 0, pctPerDay: 5 } },
      monthlyCapPct: 150,
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.details?.map((d) => d.field)).toEqual([
        '/lateBands/1/from',
        '/leave/izin/pctPerDay',
        '/monthlyCapPct',
      ]);
    }
  });

  it('converts percentages to whole basis points', () => {
    expect(pctToBp(1.25)).toBe(125);
    expect(pctToBp(0.3)).toBe(30);
  });
});

describe('leave catalogue', () => {
  const grant = (type: string, from: string, to: string) => ({ id: 'g', employeeId: 1, type, from, to });

  it('limits types to the kinds of employee they apply to', () => {
    expect(
      checkLeaveGrant(grant('cuti_tahunan', '2026-03-02', '2026-03-03'), 'pppk', LEAVE_BY_CODE, 2).ok,
    ).toBe(true);
    const r = checkLeaveGrant(grant('cuti_besar', '2026-03-02', '2026-03-03'), 'pppk', LEAVE_BY_CODE, 2);
    expect(r).toMatchObject({ ok: false, details: [{ field: 'type', reason: 'not_applicable' }] });
    expect(
      checkLeaveGrant(grant('cuti_tahunan', '2026-03-02', '2026-03-02'), 'non_asn', LEAVE_BY_CODE, 1).ok,
    ).toBe(false);
  });

  it('enforces the maximum length in working or calendar days', () => {
    expect(
      checkLeaveGrant(grant('cuti_tahunan', '2026-03-02', '2026-03-20'), 'pns', LEAVE_BY_CODE, 13),
    ).toMatchObject({
      ok: false,
      details: [{ field: 'to', reason: 'max_days' }],
    });
    expect(
      checkLeaveGrant(grant('cuti_melahirkan', '2026-03-01', '2026-05-29'), 'pns', LEAVE_BY_CODE, 60).ok,
    ).toBe(true);
    expect(
      checkLeaveGrant(grant('cuti_melahirkan', '2026-03-01', '2026-05-30'), 'pns', LEAVE_BY_CODE, 60).ok,
    ).toBe(false);
    expect(checkLeaveGrant(grant('cuti_x', '2026-03-01', '2026-03-01'), 'pns', LEAVE_BY_CODE, 1).ok).toBe(
      false,
    );
  });

  it("asks for a doctor's letter for sick leave beyond one day", () => {
    const sick = LEAVE_BY_CODE.get('cuti_sakit')!;
    expect(needsDocument(sick, 1)).toBe(false);
    expect(needsDocument(sick, 2)).toBe(true);
    expect(needsDocument(LEAVE_BY_CODE.get('dinas_luar')!, 1)).toBe(true);
  });
});
