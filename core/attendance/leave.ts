/**
 * Checking a leave request against the catalogue before it is approved: the type
 * exists, applies to the employee's kind (PNS, PPPK, non-ASN), and the grant is not
 * longer than its maximum.
 */
import type { ErrorDetail, Result } from '../errors.js';
import type { EmployeeKind } from '../model.js';
import { daysBetween } from '../time.js';
import type { LeaveGrant, LeaveType } from './types.js';

/**
 * Checks a grant. `workingDays` is the number of working days the grant covers (from
 * the plan, holidays excluded), used for types counted in working days.
 *
 * @example checkLeaveGrant(grant, 'non_asn', LEAVE_BY_CODE, 3) // { ok: false, … 'not_applicable' }
 */
export function checkLeaveGrant(
  grant: LeaveGrant,
  kind: EmployeeKind,
  catalogue: ReadonlyMap<string, LeaveType>,
  workingDays: number,
): Result<LeaveGrant> {
  const details: ErrorDetail[] = [];
  const type = catalogue.get(grant.type);
  if (grant.to < grant.from) details.push({ field: 'to', reason: 'order' });
  if (!type) {
    details.push({ field: 'type', reason: 'unknown' });
  } else {
    if (!type.appliesTo.includes(kind)) details.push({ field: 'type', reason: 'not_applicable' });
    if (type.maxDays !== null && details.length === 0) {
      const length = type.maxUnit === 'working_days' ? workingDays : daysBetween(grant.from, grant.to) + 1;
      if (length > type.maxDays) details.push({ field: 'to', reason: 'max_days' });
    }
  }
  return details.length === 0 ? { ok: true, value: grant } : { ok: false, error: 'invalid_body', details };
}

/** Whether a grant of `days` needs the type's document. */
export function needsDocument(type: LeaveType, days: number): boolean {
  return type.document !== 'none' && days > type.documentAfterDays;
}

/**
 * Whether a request for `days` must come with an attachment: a letter (doctor's, the
 * assignment, the decree…) beyond the type's free days. The superior's approval
 * (`persetujuan_atasan`) is the approval step of the request itself, not a file.
 *
 * @example needsAttachment(cutiSakit, 1) // false: one day needs no doctor's letter
 * @example needsAttachment(cutiSakit, 2) // true
 */
export function needsAttachment(type: LeaveType, days: number): boolean {
  return type.document !== 'persetujuan_atasan' && needsDocument(type, days);
}
