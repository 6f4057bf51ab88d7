/**
 * Who an employee is, by kind: PNS and PPPK are identified by their BKN NIP (see nip.ts),
 * non-ASN staff (honorer, outsourcing) have no NIP and carry an internal staff number.
 * The NIP kind must match the employee kind, so a PPPK number is never filed as a PNS.
 */
import type { ErrorDetail, Result } from './errors.js';
import type { EmployeeKind } from './model.js';
import { normalizeNip, parseNip } from './nip.js';

/**
 * Internal ids: 1-64 characters, letters, digits and . _ / -, starting with a letter or
 * digit (e.g. 'NA-2024-0012'). They double as login names, so no spaces.
 */
const INTERNAL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

function refuse(field: string, reason: string): Result<never> {
  const details: ErrorDetail[] = [{ field, reason }];
  return { ok: false, error: 'invalid_body', details };
}

function blank(s: string | null): boolean {
  return s === null || s.trim() === '';
}

/**
 * Checks the identity fields of an employee and returns them normalized (NIP without
 * separators, internal id trimmed, the absent one null). Refusals are `invalid_body` with
 * one detail: field 'nip' (reasons 'required', 'not_allowed', 'kind_mismatch' or a NIP
 * reason from parseNip) or field 'internalId' ('required', 'not_allowed', 'format',
 * 'looks_like_nip').
 *
 * @example validateEmployeeIdentity('pns', '19860926 201505 1 001', null)
 *   // { ok: true, value: { nip: '198609262015051001', internalId: null } }
 * @example validateEmployeeIdentity('non_asn', null, ' NA-2024-0012 ')
 *   // { ok: true, value: { nip: null, internalId: 'NA-2024-0012' } }
 */
export function validateEmployeeIdentity(
  kind: EmployeeKind,
  nip: string | null,
  internalId: string | null,
): Result<{ nip: string | null; internalId: string | null }> {
  if (kind === 'non_asn') {
    if (!blank(nip)) return refuse('nip', 'not_allowed');
    if (internalId === null || blank(internalId)) return refuse('internalId', 'required');
    const id = internalId.trim();
    if (!INTERNAL_ID_RE.test(id)) return refuse('internalId', 'format');
    // Login accepts a NIP or an internal id in one field; an id that reads as a NIP
    // would be ambiguous there.
    if (/^[0-9]{18}$/.test(normalizeNip(id))) return refuse('internalId', 'looks_like_nip');
    return { ok: true, value: { nip: null, internalId: id } };
  }
  if (nip === null || blank(nip)) return refuse('nip', 'required');
  if (!blank(internalId)) return refuse('internalId', 'not_allowed');
  const parsed = parseNip(nip);
  if (!parsed.ok) return parsed;
  if (parsed.value.kind !== kind) return refuse('nip', 'kind_mismatch');
  return { ok: true, value: { nip: parsed.value.nip, internalId: null } };
}

/** PNS ranks (golongan/ruang, PP 99/2000 as amended): I/a … IV/e. */
const PNS_RANK_RE = /^(IV|III|II|I)\s*[/ -]?\s*([a-e])$/i;
const ARABIC_TO_ROMAN: Readonly<Record<string, string>> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV' };

/**
 * PPPK ranks (golongan, Perpres 98/2020): I … XVII. Given as roman numerals or digits.
 */
const PPPK_RANKS = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
  'XVI',
  'XVII',
] as const;

/**
 * The rank (golongan) in its canonical form for the employee kind, or a refusal on
 * field 'rank': PNS 'I/a' … 'IV/e' ('III a', '3/a', 'iii-a' are read too; 'I/e' exists
 * only for IV), PPPK 'I' … 'XVII' (or 1 … 17), non-ASN none ('not_allowed'). An empty
 * value is null: the rank is optional.
 *
 * @example normalizeRank('pns', '3a')   // { ok: true, value: 'III/a' }
 * @example normalizeRank('pppk', '9')   // { ok: true, value: 'IX' }
 */
export function normalizeRank(kind: EmployeeKind, raw: string | null): Result<string | null> {
  if (raw === null || raw.trim() === '') return { ok: true, value: null };
  const s = raw.trim().replace(/^gol(ongan)?\.?\s*/i, '');
  if (kind === 'non_asn') return refuse('rank', 'not_allowed');
  if (kind === 'pns') {
    const arabic = /^([1-4])\s*[/ -]?\s*([a-e])$/i.exec(s);
    const m = arabic ? [s, ARABIC_TO_ROMAN[arabic[1]!]!, arabic[2]!] : PNS_RANK_RE.exec(s);
    if (!m) return refuse('rank', 'format');
    const roman = m[1]!.toUpperCase();
    const letter = m[2]!.toLowerCase();
    // Golongan I-III have ruang a-d; only IV reaches e.
    if (letter === 'e' && roman !== 'IV') return refuse('rank', 'format');
    return { ok: true, value: `${roman}/${letter}` };
  }
  const n = /^\d{1,2}$/.test(s)
    ? Number(s)
    : PPPK_RANKS.indexOf(s.toUpperCase() as (typeof PPPK_RANKS)[number]) + 1;
  if (!(n >= 1 && n <= PPPK_RANKS.length)) return refuse('rank', 'format');
  return { ok: true, value: PPPK_RANKS[n - 1]! };
}
