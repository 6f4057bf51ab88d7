/**
 * Leave and correction requests, the attendance entries they and admins produce, and
 * incident windows. A request's decision is written once (pending → approved/rejected,
 * guarded by `where status = 'pending'`); attendance entries are append-only events
 * (the database refuses UPDATE and DELETE).
 */
import type { Kysely } from 'kysely';
import type { AttendanceEvent, Incident, LeaveGrant } from '../../../core/attendance/index.js';
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

/** An admin entry or an approved correction: a new event with its author. */
export interface AttendanceEntry {
  id: string;
  employeeId: number;
  kind: PunchKind | 'void';
  at: number;
  workDate: string;
  source: 'admin' | 'correction';
  author: number;
  note: string;
  voids: string | null;
  requestId: string | null;
  createdAt: number;
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

// ---------------------------------------------------------------------------------------
// Attendance entries (append-only)
// ---------------------------------------------------------------------------------------

export async function insertAttendanceEntry(db: Kysely<Database>, e: AttendanceEntry): Promise<void> {
  await db
    .insertInto('attendance_entries')
    .values({
      id: e.id,
      employee_id: e.employeeId,
      kind: e.kind,
      at: e.at,
      work_date: e.workDate,
      source: e.source,
      author: e.author,
      note: e.note,
      voids: e.voids,
      request_id: e.requestId,
      created_at: e.createdAt,
    })
    .execute();
}

/** Entries with work dates in [from, to] as attendance events; scope by employees or units. */
export async function listEntryEvents(
  db: Kysely<Database>,
  scope: { employeeIds?: readonly number[]; unitIds?: readonly number[] },
  from: string,
  to: string,
): Promise<AttendanceEvent[]> {
  if (scope.employeeIds?.length === 0 || scope.unitIds?.length === 0) return [];
  let q = db
    .selectFrom('attendance_entries')
    .select(['id', 'employee_id', 'kind', 'at', 'source', 'author', 'note', 'voids'])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to);
  if (scope.employeeIds) q = q.where('employee_id', 'in', [...scope.employeeIds]);
  if (scope.unitIds) {
    const units = [...scope.unitIds];
    q = q.where('employee_id', 'in', (eb) =>
      eb.selectFrom('employees').select('employees.id').where('employees.unit_id', 'in', units),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => {
    const e: AttendanceEvent = {
      id: r.id,
      employeeId: r.employee_id,
      kind: r.kind as AttendanceEvent['kind'],
      at: Number(r.at),
      // An admin's entry is the 'manual' channel; an approved request stays a 'correction'.
      source: r.source === 'admin' ? 'manual' : 'correction',
      author: String(r.author),
      note: r.note,
      fence: null,
    };
    if (r.voids !== null) e.voids = r.voids;
    return e;
  });
}

// ---------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------

export interface StoredIncident extends Incident {
  createdAt: number;
  createdBy: number | null;
}

export async function insertIncident(
  db: Kysely<Database>,
  i: Incident,
  at: number,
  by: number | null,
): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: i.id,
      from_at: i.from,
      to_at: i.to,
      unit_ids: i.unitIds ? JSON.stringify(i.unitIds) : null,
      employee_ids: i.employeeIds && i.employeeIds.length > 0 ? JSON.stringify(i.employeeIds) : null,
      reason: i.reason,
      created_at: at,
      created_by: by,
    })
    .execute();
}

/** Incidents overlapping [fromAt, toAt) (epoch ms). */
export async function listIncidents(
  db: Kysely<Database>,
  fromAt: number,
  toAt: number,
): Promise<StoredIncident[]> {
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where('from_at', '<', toAt)
    .where('to_at', '>', fromAt)
    .orderBy('from_at')
    .execute();
  return rows.map((r) => {
    const i: StoredIncident = {
      id: r.id,
      from: Number(r.from_at),
      to: Number(r.to_at),
      unitIds: r.unit_ids === null ? null : (JSON.parse(r.unit_ids) as number[]),
      reason: r.reason,
      createdAt: Number(r.created_at),
      createdBy: r.created_by,
    };
    if (r.employee_ids !== null) i.employeeIds = JSON.parse(r.employee_ids) as number[];
    return i;
  });
}
