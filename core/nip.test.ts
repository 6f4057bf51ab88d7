import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatNip, nipLooksMangled, normalizeNip, parseNip } from './nip.js';
import type { NipInfo, NipReason } from './nip.js';
import { daysInMonth } from './time.js';

describe('parseNip: valid numbers', () => {
  it('parses a PNS NIP (BKN: birth YYYYMMDD, TMT CPNS YYYYMM, sex, serial)', () => {
    expect(parseNip('198609262015051001')).toEqual({
      ok: true,
      value: {
        nip: '198609262015051001',
        kind: 'pns',
        birthDate: '1986-09-26',
        appointmentYear: 2015,
        appointmentMonth: 5,
        contract: null,
        sex: 'male',
        serial: 1,
      },
    });
  });

  it('parses a PPPK number (digits 13-14: 2 then the contract count)', () => {
    expect(parseNip('199001012021211001')).toEqual({
      ok: true,
      value: {
        nip: '199001012021211001',
        kind: 'pppk',
        birthDate: '1990-01-01',
        appointmentYear: 2021,
        appointmentMonth: null,
        contract: 1,
        sex: 'male',
        serial: 1,
      },
    });
    const ninth = parseNip('199512312024292999');
    expect(ninth.ok && ninth.value).toMatchObject({ kind: 'pppk', contract: 9, sex: 'female', serial: 999 });
  });

  it.each([
    ['19860926 201505 1 001', '198609262015051001'],
    [' 19860926.201505.1.001 ', '198609262015051001'],
    ['19860926-201505-1-001', '198609262015051001'],
    ['19900101\t2021 2 1 1 001', '199001012021211001'],
  ])('strips separators from %j', (input, nip) => {
    expect(normalizeNip(input)).toBe(nip);
    const r = parseNip(input);
    expect(r.ok && r.value.nip).toBe(nip);
  });

  it('accepts a leap-day birth date and a December appointment', () => {
    expect(parseNip('200002292024122001').ok).toBe(true);
  });
});

describe('parseNip: refusals', () => {
  it.each<[string, string, NipReason]>([
    ['too short', '19860926201505100', 'length'],
    ['too long', '1986092620150510011', 'length'],
    ['empty', '', 'length'],
    ['a letter', '19860926201505100A', 'digits'],
    ['a plus sign', '+98609262015051001', 'digits'],
    ['full-width digits', '１９８６０９２６２０１５０５１００１', 'digits'],
    ['Arabic-Indic digits of the right length', '١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١', 'digits'],
    ['30 February', '198602302015051001', 'birth_date'],
    ['29 February in a common year', '198702292015051001', 'birth_date'],
    ['month 13', '198613012015051001', 'birth_date'],
    ['month 00', '198600012015051001', 'birth_date'],
    ['day 00', '198609002015051001', 'birth_date'],
    ['31 April', '198604312015051001', 'birth_date'],
    ['birth year 0986', '098609262015051001', 'birth_date'],
    ['appointment month 13', '198609262015131001', 'appointment'],
    ['appointment month 00', '198609262015001001', 'appointment'],
    ['appointment before birth', '198609261985051001', 'appointment'],
    ['appointment in the birth month', '198609261986091001', 'appointment'],
    ['PPPK appointment before birth', '199001011989211001', 'appointment'],
    ['PPPK appointment in the birth year', '199001011990211001', 'appointment'],
    ['digits 13-14 = 20 (PPPK without a contract)', '199001012021201001', 'pppk_code'],
    ['digits 13-14 = 30', '199001012021301001', 'pppk_code'],
    ['digits 13-14 = 91', '199001012021911001', 'pppk_code'],
    ['sex digit 0', '198609262015050001', 'sex'],
    ['sex digit 3', '198609262015053001', 'sex'],
    ['sex digit 9 (PPPK)', '199001012021219001', 'sex'],
    ['serial 000', '198609262015051000', 'serial'],
    ['PPPK serial 000', '199001012021212000', 'serial'],
  ])('%s: %s → %s', (_name, input, reason) => {
    const r = parseNip(input);
    expect(r).toEqual({ ok: false, error: 'invalid_body', details: [{ field: 'nip', reason }] });
  });
});

/** Field sets of valid NIPs, PNS and PPPK, covering every legal digit range. */
const nipFields: fc.Arbitrary<Omit<NipInfo, 'nip'>> = fc
  .record({
    by: fc.integer({ min: 1900, max: 2010 }),
    bm: fc.integer({ min: 1, max: 12 }),
    bdSeed: fc.nat(),
    gap: fc.integer({ min: 1, max: 80 }),
    am: fc.integer({ min: 1, max: 12 }),
    kind: fc.constantFrom('pns' as const, 'pppk' as const),
    contract: fc.integer({ min: 1, max: 9 }),
    sex: fc.constantFrom('male' as const, 'female' as const),
    serial: fc.integer({ min: 1, max: 999 }),
  })
  .map((f) => {
    const bd = (f.bdSeed % daysInMonth(f.by, f.bm)) + 1;
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      kind: f.kind,
      birthDate: `${f.by}-${pad(f.bm)}-${pad(bd)}`,
      appointmentYear: f.by + f.gap,
      appointmentMonth: f.kind === 'pns' ? f.am : null,
      contract: f.kind === 'pppk' ? f.contract : null,
      sex: f.sex,
      serial: f.serial,
    };
  });

describe('parseNip: properties', () => {
  it('parses every generated NIP and returns exactly its fields', () => {
    fc.assert(
      fc.property(nipFields, (fields) => {
        const nip = formatNip(fields);
        expect(nip).toMatch(/^[0-9]{18}$/);
        expect(parseNip(nip)).toEqual({ ok: true, value: { nip, ...fields } });
      }),
    );
  });

  it('refuses every NIP whose sex digit is corrupted to 0 or 3-9', () => {
    fc.assert(
      fc.property(nipFields, fc.constantFrom('0', '3', '4', '5', '6', '7', '8', '9'), (fields, digit) => {
        const nip = formatNip(fields);
        const bad = nip.slice(0, 14) + digit + nip.slice(15);
        expect(parseNip(bad)).toEqual({
          ok: false,
          error: 'invalid_body',
          details: [{ field: 'nip', reason: 'sex' }],
        });
      }),
    );
  });

  it('tolerates separators anywhere', () => {
    fc.assert(
      fc.property(
        nipFields,
        fc.array(fc.constantFrom(' ', '.', '-'), { minLength: 18, maxLength: 18 }),
        (fields, seps) => {
          const nip = formatNip(fields);
          const spaced = [...nip].map((c, i) => c + (seps[i] ?? '')).join('');
          const r = parseNip(spaced);
          expect(r.ok && r.value.nip).toBe(nip);
        },
      ),
    );
  });
});

describe('nipLooksMangled', () => {
  it('spots the scientific notation and the 15-digit rounding of a spreadsheet', () => {
    expect(nipLooksMangled('1.98508E+17')).toBe(true);
    expect(nipLooksMangled('1,98508E+17')).toBe(true);
    expect(nipLooksMangled('198508092014021000')).toBe(true);
    expect(nipLooksMangled('198508092014021000.0')).toBe(true);
  });

  it('leaves real NIPs alone, typed with or without spaces', () => {
    expect(nipLooksMangled('198508092014021736')).toBe(false);
    expect(nipLooksMangled('19850809 201402 1 736')).toBe(false);
  });

  it('flags every 18-digit NIP once it has passed through a double (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 17n, max: 10n ** 18n - 1n }), (n) => {
        const viaDouble = Number(n);
        // What Excel shows for a number: 15 significant digits.
        const shown = BigInt(Number(viaDouble.toPrecision(15))).toString();
        return shown === n.toString() || nipLooksMangled(shown) || nipLooksMangled(viaDouble.toPrecision(6));
      }),
    );
  });
});
