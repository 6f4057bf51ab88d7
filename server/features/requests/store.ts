/**
 * Leave and correction requests. A request's decision is written once (pending →
 * approved/rejected, guarded by `where status = 'pending'`); an approved correction adds
 * an attendance entry (features/entries).
 */
import type { Kysely } from 'kysely';
import type { LeaveGrant } from '../../../core/attendance/index.js';
import type { PunchKind } from '../../../core/model.js';
import type { Database } from '../../platform/db/schema.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected';

export interface LeaveRequest {
  id: string;
  employeeId: number;
  type: string;
  from: string;
  to: string;
  reason: string;
  attachmentSha256: string | null;
  status: RequestStatus;
  requestedAt: number;
  requestedBy: number;
  decidedAt: number | null;
  decidedBy: number | null;
  decisionReason: string | null;
}

export interface CorrectionRequest {
  id: string;
  employeeId: number;
  kind: PunchKind;
  at: number;
  workDate: string;
  reason: string;
  attachmentSha256: string | null;
  status: RequestStatus;
  requestedAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
  decisionReason: string | null;
}

export interface Decision {
  status: 'approved' | 'rejected';
  at: number;
  by: number;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------
// Leave
// ---------------------------------------------------------------------------------------

type LeaveRow = Database['leave_requests'];

function rowToLeave(r: LeaveRow): LeaveRequest {
  return {
    id: r.id,
    employeeId: r.employee_id,
    type: r.type,
    from: r.from_date,
    to: r.to_date,
    reason: r.reason,
    attachmentSha256: r.attachment_sha256,
    status: r.status as RequestStatus,
    requestedAt: Number(r.requested_at),
    requestedBy: r.requested_by,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
  };
}

export async function insertLeaveRequest(db: Kysely<Database>, l: LeaveRequest): Promise<void> {
  await db
    .insertInto('leave_requests')
    .values({
      id: l.id,
      employee_id: l.employeeId,
      type: l.type,
      from_date: l.from,
      to_date: l.to,
      reason: l.reason,
      attachment_sha256: l.attachmentSha256,
      status: l.status,
      requested_at: l.requestedAt,
      requested_by: l.requestedBy,
      decided_at: l.decidedAt,
      decided_by: l.decidedBy,
      decision_reason: l.decisionReason,
    })
    .execute();
}

export async function getLeaveRequest(db: Kysely<Database>, id: string): Promise<LeaveRequest | undefined> {
  const r = await db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToLeave(r);
}

/** Decides a pending request; false when it was not pending (already decided). */
export async function decideLeaveRequest(db: Kysely<Database>, id: string, d: Decision): Promise<boolean> {
  const r = await db
    .updateTable('leave_requests')
    .set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Requests of some employees (null = everyone) overlapping [from, to] (both optional),
 * optionally only one status; newest request first.
 */
export async function listLeaveRequests(
  db: Kysely<Database>,
  opts: {
    employeeIds?: readonly number[] | null;
    unitIds?: readonly number[];
    status?: RequestStatus;
    from?: string;
    to?: string;
    limit?: number;
  },
): Promise<LeaveRequest[]> {
  if (opts.employeeIds?.length === 0 || opts.unitIds?.length === 0) return [];
  let q = db.selectFrom('leave_requests').selectAll('leave_requests');
  if (opts.employeeIds) q = q.where('leave_requests.employee_id', 'in', [...opts.employeeIds]);
  if (opts.unitIds) {
    const units = [...opts.unitIds];
    q = q.where('leave_requests.employee_id', 'in', (eb) =>
      eb.selectFrom('employees').select('employees.id').where('employees.unit_id', 'in', units),
    );
  }
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.to) q = q.where('from_date', '<=', opts.to);
  if (opts.from) q = q.where('to_date', '>=', opts.from);
  q = q.orderBy('requested_at', 'desc').orderBy('id', 'desc');
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  return (await q.execute()).map(rowToLeave);
}

/** Approved leave overlapping [from, to] as grants, for employees of some units (null = all). */
export async function listLeaveGrants(
  db: Kysely<Database>,
  scope: { employeeIds?: readonly number[]; unitIds?: readonly number[] },
  from: string,
  to: string,
): Promise<LeaveGrant[]> {
  const rows = await listLeaveRequests(db, { ...scope, status: 'approved', from, to });
  return rows.map((r) => ({ id: r.id, employeeId: r.employeeId, type: r.type, from: r.from, to: r.to }));
}

// ---------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------

type CorrectionRow = Database['correction_requests'];

function rowToCorrection(r: CorrectionRow): CorrectionRequest {
  return {
    id: r.id,
    employeeId: r.employee_id,
    kind: r.kind as PunchKind,
    at: Number(r.at),
    workDate: r.work_date,
    reason: r.reason,
    attachmentSha256: r.attachment_sha256,
    status: r.status as RequestStatus,
    requestedAt: Number(r.requested_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
  };
}

export async function insertCorrectionRequest(db: Kysely<Database>, c: CorrectionRequest): Promise<void> {
  await db
    .insertInto('correction_requests')
    .values({
      id: c.id,
      employee_id: c.employeeId,
      kind: c.kind,
      at: c.at,
      work_date: c.workDate,
      reason: c.reason,
      attachment_sha256: c.attachmentSha256,
      status: c.status,
      requested_at: c.requestedAt,
      decided_at: c.decidedAt,
      decided_by: c.decidedBy,
      decision_reason: c.decisionReason,
    })
    .execute();
}

export async function getCorrectionRequest(
  db: Kysely<Database>,
  id: string,
): Promise<CorrectionRequest | undefined> {
  const r = await db.selectFrom('correction_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToCorrection(r);
}

export async function decideCorrectionRequest(
  db: Kysely<Database>,
  id: string,
  d: Decision,
): Promise<boolean> {
  const r = await db
    .updateTable('correction_requests')
    .set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listCorrectionRequests(
  db: Kysely<Database>,
  opts: {
    employeeIds?: readonly number[];
    unitIds?: readonly number[];
    status?: RequestStatus;
    limit?: number;
  },
): Promise<CorrectionRequest[]> {
  if (opts.employeeIds?.length === 0 || opts.unitIds?.length === 0) return [];
  let q = db.selectFrom('correction_requests').selectAll();
  if (opts.employeeIds) q = q.where('employee_id', 'in', [...opts.employeeIds]);
  if (opts.unitIds) {
    const units = [...opts.unitIds];
    q = q.where('employee_id', 'in', (eb) =>
      eb.selectFrom('employees').select('employees.id').where('employees.unit_id', 'in', units),
    );
  }
  if (opts.status) q = q.where('status', '=', opts.status);
  q = q.orderBy('requested_at', 'desc').orderBy('id', 'desc');
  if (opts.limit !== undefined) q = q.limit(opts.limit);
  return (await q.execute()).map(rowToCorrection);
}
