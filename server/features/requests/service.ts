/**
 * Leave and correction requests: the employee asks (with an attachment where the leave
 * type needs one), the unit admin of their unit decides once (a rejection needs a
 * reason), and an approved correction adds an attendance entry (features/entries). An
 * employee reads their own requests; admins those of their scope; an attachment is
 * served to whoever may see a request that carries it. Decisions are audited.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import {
  checkLeaveGrant,
  correctionInWindow,
  correctionMaxDays,
  LEAVE_BY_CODE,
  needsAttachment,
  overlappingRequest,
  overrunDetails,
  ruleSetFor,
  yearPieces,
  yearlyOverrun,
} from '../../../core/attendance/index.js';
import type { LeaveType } from '../../../core/attendance/index.js';
import { unitChain } from '../../../core/org.js';
import { AppError } from '../../../core/errors.js';
import { daysBetween } from '../../../core/time.js';
import { uuidV7 } from '../../../core/uuid.js';
import { authorize, scopeOf, unitFilter } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { requireDate, requireInstant, tooLong } from '../../platform/http/input.js';
import { employeeFor, ownEmployee } from '../employees/service.js';
import { appendEntry, workDateOf } from '../entries/service.js';
import { grantWorkingDays } from '../reports/service.js';
import { listRuleSets } from '../rules/store.js';
import { allUnits, unitFor } from '../units/service.js';
import { readAttachment, saveAttachment } from './attachments.js';
import type { AttachmentType } from './attachments.js';
import {
  decideCorrectionRequest,
  decideLeaveRequest,
  getCorrectionRequest,
  getLeaveRequest,
  insertCorrectionRequest,
  insertLeaveRequest,
  listCorrectionRequests,
  listLeaveRequests,
} from './store.js';
import type { CorrectionRequest, LeaveRequest, RequestStatus } from './store.js';

export interface RequestDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Where attachments are stored: `<dataDir>/attachments`. */
  dataDir: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function leaveView(l: LeaveRequest) {
  return { ...l, requestedAt: iso(l.requestedAt), decidedAt: isoOrNull(l.decidedAt) };
}
export function correctionView(c: CorrectionRequest) {
  return { ...c, at: iso(c.at), requestedAt: iso(c.requestedAt), decidedAt: isoOrNull(c.decidedAt) };
}
export type LeaveView = ReturnType<typeof leaveView>;
export type CorrectionView = ReturnType<typeof correctionView>;

const attachmentDir = (deps: RequestDeps) => join(deps.dataDir, 'attachments');
const newId = (now: number) => uuidV7(now, randomBytes(10));

/** Stores a base64 attachment; its SHA-256, or null when none was sent. */
async function storeAttachment(deps: RequestDeps, b64: string | undefined): Promise<string | null> {
  if (b64 === undefined) return null;
  const saved = await saveAttachment(deps.db, attachmentDir(deps), Buffer.from(b64, 'base64'), deps.now());
  if (saved.ok) return saved.sha256;
  switch (saved.reason) {
    case 'too_large':
      throw new AppError('attachment_too_large');
    case 'type':
      throw new AppError('attachment_type');
    case 'too_many_pixels':
      throw new AppError('attachment_dimensions', {
        details: [{ field: '/attachment', reason: 'too_many_pixels' }],
      });
    case 'malformed':
      throw new AppError('attachment_malformed', {
        details: [{ field: '/attachment', reason: saved.detail }],
      });
    case 'active':
    case 'encrypted':
      throw new AppError('attachment_active_content', {
        details: [{ field: '/attachment', reason: saved.detail }],
      });
  }
}

export interface LeaveInput {
  type: string;
  from: string;
  to: string;
  reason: string;
  attachment?: string;
}

/**
 * An employee asks for leave: real dates, a grant the catalogue allows, an attachment where
 * needed. No request covers more than 366 days (MAX_RANGE_DAYS), whatever its type (the
 * longest, cuti sakit, is a year): a longer one is refused as the catalogue refuses a grant
 * longer than its type allows, before its working days are counted (OWASP ASVS 5.0 2.4.1).
 */
export async function askLeave(deps: RequestDeps, caller: Caller, b: LeaveInput): Promise<LeaveView> {
  requireDate(b.from, '/from');
  requireDate(b.to, '/to');
  const employee = await ownEmployee(deps.db, caller.claims);
  if (b.from <= b.to && tooLong(b.from, b.to))
    throw new AppError('invalid_body', { details: [{ field: 'to', reason: 'max_days' }] });
  const now = deps.now();
  const grant = { id: newId(now), employeeId: employee.id, type: b.type, from: b.from, to: b.to };
  // Working days of the grant, for types counted in working days (cuti tahunan), in
  // every year it touches: 28 Dec - 15 Jan counts both Decembers' and Januarys' days.
  const period = await grantWorkingDays(deps.db, employee.id, b.from, b.to);
  const checked = checkLeaveGrant(grant, employee.kind, LEAVE_BY_CODE, period);
  if (!checked.ok) throw new AppError(checked.error, { details: checked.details ?? [] });
  const type = LEAVE_BY_CODE.get(b.type);
  if (type && !b.attachment && needsAttachment(type, daysBetween(b.from, b.to) + 1))
    throw new AppError('attachment_required', { details: [{ field: '/attachment', reason: type.document }] });
  const l: LeaveRequest = {
    ...grant,
    reason: b.reason,
    attachmentSha256: await storeAttachment(deps, b.attachment),
    status: 'pending',
    requestedAt: now,
    requestedBy: caller.claims.sub,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
  };
  // Checked and written in one transaction, the person's row locked on PostgreSQL (SQLite
  // has one writer), so two requests sent at once cannot both fit the same days.
  await deps.db.transaction().execute(async (tx) => {
    if (tx.getExecutor().adapter instanceof PostgresAdapter)
      await tx.selectFrom('employees').select('id').where('id', '=', employee.id).forUpdate().execute();
    await checkAgainstOthers(tx, l, type);
    await insertLeaveRequest(tx, l);
  });
  return leaveView(l);
}

/**
 * A leave request against the person's other pending and approved requests in the years
 * it touches: no shared day with any of them (leave_overlap), and within the type's
 * yearly entitlement in each year, its days counted in each (leave_entitlement_exceeded;
 * core/attendance/leave-limits.ts).
 */
async function checkAgainstOthers(db: Kysely<Database>, l: LeaveRequest, type: LeaveType | undefined) {
  const pieces = yearPieces(l.from, l.to);
  const others = (
    await listLeaveRequests(db, {
      employeeIds: [l.employeeId],
      from: `${pieces[0]!.year}-01-01`,
      to: `${pieces.at(-1)!.year}-12-31`,
    })
  ).filter((o) => o.status !== 'rejected');
  const clash = overlappingRequest(l, others);
  if (clash)
    throw new AppError('leave_overlap', {
      details: [
        { field: '/from', reason: 'overlap' },
        { field: '/overlaps', reason: clash.id },
      ],
    });
  if (!type || type.yearlyMaxDays === undefined) return;
  const counted = new Map<string, number>();
  const years = new Set(pieces.map((p) => p.year));
  for (const r of [l, ...others.filter((o) => o.type === l.type)])
    for (const p of yearPieces(r.from, r.to)) {
      const key = `${p.from}/${p.to}`;
      if (!years.has(p.year) || counted.has(key)) continue;
      counted.set(
        key,
        type.maxUnit === 'working_days'
          ? await grantWorkingDays(db, l.employeeId, p.from, p.to)
          : daysBetween(p.from, p.to) + 1,
      );
    }
  const overrun = yearlyOverrun(l, others, type, (f, t) => counted.get(`${f}/${t}`) ?? 0);
  if (overrun) throw new AppError('leave_entitlement_exceeded', { details: overrunDetails(overrun) });
}

export interface CorrectionInput {
  kind: 'in' | 'out';
  at: string;
  reason: string;
  attachment?: string;
}

/** An employee asks for a correction of a real, past instant. */
export async function askCorrection(
  deps: RequestDeps,
  caller: Caller,
  b: CorrectionInput,
): Promise<CorrectionView> {
  const at = requireInstant(b.at, '/at');
  const now = deps.now();
  if (at > now) throw new AppError('captured_in_future');
  const employee = await ownEmployee(deps.db, caller.claims);
  const workDate = await workDateOf(deps.db, employee.unitId, at);
  await checkCorrectionWindow(deps.db, employee.unitId, workDate, now, now);
  const r: CorrectionRequest = {
    id: newId(now),
    employeeId: employee.id,
    kind: b.kind,
    at,
    workDate,
    reason: b.reason,
    attachmentSha256: await storeAttachment(deps, b.attachment),
    status: 'pending',
    requestedAt: now,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
  };
  await insertCorrectionRequest(deps.db, r);
  return correctionView(r);
}

/**
 * Refuses a correction of `workDate` that reaches further back than the correction window
 * of the rule set in force on `now`'s date, counted from the day it was asked
 * (`askedAt`): checked when the employee asks, and again when an admin approves, so a
 * window the organisation narrowed meanwhile holds, while an admin's slow answer never
 * pushes a timely request out of it.
 */
async function checkCorrectionWindow(
  db: Kysely<Database>,
  unitId: number,
  workDate: string,
  askedAt: number,
  now: number,
  code: 'correction_too_old' | 'correction_window_closed' = 'correction_too_old',
): Promise<void> {
  const [asked, today] = await Promise.all([workDateOf(db, unitId, askedAt), workDateOf(db, unitId, now)]);
  const maxDays = correctionMaxDays(await rulesInForce(db, unitId, today));
  if (!correctionInWindow(workDate, asked, maxDays))
    throw new AppError(code, {
      details: [
        { field: '/at', reason: 'too_old' },
        { field: '/maxDays', reason: String(maxDays) },
      ],
    });
}

/** The rule set of the unit's organisation in force on `date`, or null when none is yet. */
async function rulesInForce(db: Kysely<Database>, unitId: number, date: string) {
  const units = new Map((await allUnits(db)).map((u) => [u.id, u]));
  const org = unitChain(units, unitId).at(-1)?.id;
  const versions = org === undefined ? [] : (await listRuleSets(db, org)).map((v) => v.rules);
  return versions.some((v) => v.effectiveFrom <= date) ? ruleSetFor(versions, date) : null;
}

/** The caller's own requests, newest first. */
export async function myLeaveRequests(deps: RequestDeps, caller: Caller): Promise<LeaveView[]> {
  return (await listLeaveRequests(deps.db, { employeeIds: [caller.claims.emp ?? 0], limit: 200 })).map(
    leaveView,
  );
}
export async function myCorrectionRequests(deps: RequestDeps, caller: Caller): Promise<CorrectionView[]> {
  return (await listCorrectionRequests(deps.db, { employeeIds: [caller.claims.emp ?? 0], limit: 200 })).map(
    correctionView,
  );
}

export interface ListFilter {
  unitId?: number;
  status?: RequestStatus;
}

/** The units an admin's list covers: a unit of theirs with its subtree, or their whole scope. */
async function listScope(deps: RequestDeps, caller: Caller, q: ListFilter) {
  const unitIds =
    q.unitId !== undefined
      ? (await unitFor(deps.db, caller.claims, q.unitId)).ids
      : unitFilter(await scopeOf(deps.db, caller.claims));
  return { ...(unitIds && { unitIds }), ...(q.status && { status: q.status }) };
}

export async function leaveRequestsFor(
  deps: RequestDeps,
  caller: Caller,
  q: ListFilter,
): Promise<LeaveView[]> {
  return (await listLeaveRequests(deps.db, { ...(await listScope(deps, caller, q)), limit: 500 })).map(
    leaveView,
  );
}
export async function correctionRequestsFor(
  deps: RequestDeps,
  caller: Caller,
  q: ListFilter,
): Promise<CorrectionView[]> {
  return (await listCorrectionRequests(deps.db, { ...(await listScope(deps, caller, q)), limit: 500 })).map(
    correctionView,
  );
}

export interface DecisionInput {
  decision: 'approve' | 'reject';
  reason?: string;
}

function decisionOf(b: DecisionInput) {
  const reason = b.reason?.trim() ?? '';
  if (b.decision === 'reject' && reason === '')
    throw new AppError('reason_required', { details: [{ field: '/reason', reason: 'required' }] });
  return {
    status: b.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
    reason: reason === '' ? null : reason,
  };
}

/** Decides a leave request in scope, once (a second decision: request_already_decided). */
export async function decideLeave(
  deps: RequestDeps,
  caller: Caller,
  id: string,
  b: DecisionInput,
): Promise<LeaveView> {
  await authorize(deps.db, caller.claims, { kind: 'leave_request', id });
  const l = await getLeaveRequest(deps.db, id);
  if (!l) throw new AppError('not_found');
  const d = decisionOf(b);
  const now = deps.now();
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    if (!(await decideLeaveRequest(tx, id, { ...d, at: now, by: caller.claims.sub })))
      throw new AppError('request_already_decided');
    return {
      value: undefined,
      action: `leave.${d.status}`,
      target: `leave_request:${id}`,
      detail: { employeeId: l.employeeId, type: l.type, from: l.from, to: l.to, reason: d.reason },
      before: { status: l.status },
      after: { status: d.status },
    };
  });
  return leaveView((await getLeaveRequest(deps.db, id))!);
}

/** Decides a correction request in scope, once; an approval adds its attendance entry. */
export async function decideCorrection(
  deps: RequestDeps,
  caller: Caller,
  id: string,
  b: DecisionInput,
): Promise<CorrectionView> {
  await authorize(deps.db, caller.claims, { kind: 'correction_request', id });
  const r = await getCorrectionRequest(deps.db, id);
  if (!r) throw new AppError('not_found');
  const d = decisionOf(b);
  const now = deps.now();
  if (d.status === 'approved' && r.status === 'pending') {
    const employee = await employeeFor(deps.db, caller.claims, r.employeeId);
    await checkCorrectionWindow(
      deps.db,
      employee.unitId,
      r.workDate,
      r.requestedAt,
      now,
      'correction_window_closed',
    );
  }
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    if (!(await decideCorrectionRequest(tx, id, { ...d, at: now, by: caller.claims.sub })))
      throw new AppError('request_already_decided');
    if (d.status === 'approved')
      await appendEntry(tx, {
        id: newId(now),
        employeeId: r.employeeId,
        kind: r.kind,
        at: r.at,
        workDate: r.workDate,
        source: 'correction',
        author: caller.claims.sub,
        note: r.reason,
        voids: null,
        requestId: r.id,
        createdAt: now,
      });
    return {
      value: undefined,
      action: `correction.${d.status}`,
      target: `correction_request:${id}`,
      detail: { employeeId: r.employeeId, kind: r.kind, at: iso(r.at), reason: d.reason },
      before: { status: r.status },
      after: { status: d.status },
    };
  });
  return correctionView((await getCorrectionRequest(deps.db, id))!);
}

/** An attachment of a request the caller may see (their own, or in an admin's scope). */
export async function attachmentFor(
  deps: RequestDeps,
  caller: Caller,
  sha256: string,
): Promise<{ data: Buffer; contentType: AttachmentType }> {
  await authorize(deps.db, caller.claims, { kind: 'attachment', sha256 }, { own: true });
  const a = await readAttachment(deps.db, attachmentDir(deps), sha256);
  if (!a) throw new AppError('not_found');
  return a;
}
