/**
 * NIP (Nomor Induk Pegawai), the 18-digit number of a civil servant, as issued by BKN.
 *
 *   PNS:  YYYYMMDD birth date | YYYYMM appointment (TMT CPNS) | sex | serial
 *         e.g. 19860926 201505 1 001
 *   PPPK: YYYYMMDD birth date | YYYY appointment year | 2 | contract 1-9 | sex | serial
 *         e.g. 19900101 2021 2 1 1 001  (NI PPPK)
 *
 * Digits 13-14 tell the two apart: 01-12 is a PNS appointment month, 21-29 a PPPK code.
 * A PPPK number changes with each new contract, so it is never used as a permanent key.
 * BKN publishes no check digit, so the checks are structural: a real birth date, an
 * appointment after birth, sex digit 1 (male) or 2 (female), serial 001-999.
 */
import type { ErrorDetail, Result } from './errors.js';
import { daysInMonth } from './time.js';

/** Parsed fields of a valid NIP. */
export interface NipInfo {
  /** The normalized 18 digits. */
  nip: string;
  kind: 'pns' | 'pppk';
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  appointmentYear: number;
  /** PNS only (TMT CPNS month); null for PPPK. */
  appointmentMonth: number | null;
  /** PPPK only: the contract count 1-9; null for PNS. */
  contract: number | null;
  sex: 'male' | 'female';
  /** 1..999. */
  serial: number;
}

/** Why a NIP was refused; travels as `details[].reason` with field 'nip'. */
export type NipReason = 'length' | 'digits' | 'birth_date' | 'appointment' | 'sex' | 'serial' | 'pppk_code';

/**
 * Birth years before this cannot belong to anyone holding an 18-digit NIP (the format
 * dates from the 2000s), so such a number is a typo.
 */
export const NIP_MIN_BIRTH_YEAR = 1900;

/**
 * The NIP with the separators people type removed (spaces, dots, dashes), as printed on
 * SK and ID cards: '19860926 201505 1 001' → '198609262015051001'. Other characters are
 * left for {@link parseNip} to refuse.
 */
export function normalizeNip(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

function refuse(reason: NipReason): Result<NipInfo> {
  const details: ErrorDetail[] = [{ field: 'nip', reason }];
  return { ok: false, error: 'invalid_body', details };
}

function num(s: string, from: number, to: number): number {
  return Number(s.slice(from, to));
}

/**
 * Validates and splits a NIP. Refusals are `invalid_body` with one detail
 * `{ field: 'nip', reason }`; the first failing check (in the order of the digits) wins.
 *
 * @example
 *   parseNip('19860926 201505 1 001')
 *   // { ok: true, value: { nip: '198609262015051001', kind: 'pns', birthDate: '1986-09-26',
 *   //   appointmentYear: 2015, appointmentMonth: 5, contract: null, sex: 'male', serial: 1 } }
 * @example
 *   parseNip('198602302015051001') // 30 February
 *   // { ok: false, error: 'invalid_body', details: [{ field: 'nip', reason: 'birth_date' }] }
 */
export function parseNip(input: string): Result<NipInfo> {
  const nip = normalizeNip(input);
  if (nip.length !== 18) return refuse('length');
  if (!/^[0-9]{18}$/.test(nip)) return refuse('digits');

  const by = num(nip, 0, 4);
  const bm = num(nip, 4, 6);
  const bd = num(nip, 6, 8);
  if (by < NIP_MIN_BIRTH_YEAR || bm < 1 || bm > 12 || bd < 1 || bd > daysInMonth(by, bm)) {
    return refuse('birth_date');
  }

  const appointmentYear = num(nip, 8, 12);
  const d13 = nip.charCodeAt(12) - 48;
  const d14 = nip.charCodeAt(13) - 48;
  let kind: 'pns' | 'pppk';
  let appointmentMonth: number | null = null;
  let contract: number | null = null;
  if (d13 <= 1) {
    // PNS: digits 9-14 are the TMT CPNS as YYYYMM; it must be a month after birth.
    const month = d13 * 10 + d14;
    if (month < 1 || month > 12) return refuse('appointment');
    if (appointmentYear * 12 + month <= by * 12 + bm) return refuse('appointment');
    kind = 'pns';
    appointmentMonth = month;
  } else {
    // PPPK: digit 13 is 2 and digit 14 the contract count 1-9; anything else (20, 3x-9x)
    // is neither a month nor a PPPK code.
    if (d13 !== 2 || d14 < 1) return refuse('pppk_code');
    if (appointmentYear <= by) return refuse('appointment');
    kind = 'pppk';
    contract = d14;
  }

  const sexDigit = nip[14];
  if (sexDigit !== '1' && sexDigit !== '2') return refuse('sex');
  const serial = num(nip, 15, 18);
  if (serial === 0) return refuse('serial');

  return {
    ok: true,
    value: {
      nip,
      kind,
      birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
      appointmentYear,
      appointmentMonth,
      contract,
      sex: sexDigit === '1' ? 'male' : 'female',
      serial,
    },
  };
}

/**
 * Builds the 18 digits from fields (the inverse of {@link parseNip}); for tests, demo data
 * and import tools. Does not validate: pass the result through parseNip if unsure.
 *
 * @example formatNip({ kind: 'pppk', birthDate: '1990-01-01', appointmentYear: 2021,
 *   appointmentMonth: null, contract: 1, sex: 'male', serial: 1 }) // '199001012021211001'
 */
export function formatNip(info: Omit<NipInfo, 'nip'>): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  const middle = info.kind === 'pns' ? p(info.appointmentMonth ?? 0, 2) : `2${p(info.contract ?? 0, 1)}`;
  return (
    info.birthDate.replace(/-/g, '') +
    p(info.appointmentYear, 4) +
    middle +
    (info.sex === 'male' ? '1' : '2') +
    p(info.serial, 3)
  );
}

/**
 * True when a cell's text is what a spreadsheet makes of an 18-digit NIP stored as a
 * number: scientific notation ('1.98508E+17', '1,98508E+17') or the digits rounded to
 * the 15 significant digits a double keeps in Excel ('198508092014021000', a serial of
 * 000 that BKN never issues). Such a NIP cannot be recovered: the row is refused, never
 * stored with the wrong number.
 *
 * @example nipLooksMangled('1.98508E+17')        // true
 * @example nipLooksMangled('198508092014021736') // false
 */
export function nipLooksMangled(text: string): boolean {
  const s = text.trim();
  if (/^[0-9]+(?:[.,][0-9]*)?[eE]\+?[0-9]+$/.test(s)) return true;
  const digits = normalizeNip(s.replace(/[.,]0+$/, ''));
  return /^[0-9]{18}$/.test(digits) && digits.endsWith('000');
}
