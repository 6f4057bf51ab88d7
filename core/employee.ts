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
