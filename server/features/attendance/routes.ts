/**
 * The attendance rules API under /api/v1: leave and correction requests (the employee
 * asks, the unit admin decides, with reasons), admin entries, incidents, holidays, rule
 * set versions, unit settings, shift types and rosters, daily statuses, monthly recaps,
 * attendance cards, and their exports (XLSX, PDF, CSV).
 *
 * Scope: an employee sees only their own data (/me/…); a unit admin only the units of
 * their subtree; an agency admin everything. Every admin write lands in the audit log.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import {
  checkLeaveGrant,
  indexRoster,
  LEAVE_BY_CODE,
  LEAVE_CATALOGUE,
  needsAttachment,
  NO_FLEX,
  PERMENTAN_68_2012,
  planDay,
  planRange,
  rotate,
  SIAP_TUBA,
  swapShifts,
  validateRuleSet,
  validateShiftType,
  yearlyTk,
} from '../../../core/attendance/index.js';
import type {
  DayStatus,
  FlexPolicy,
  PersonRecap,
  PersonSchedule,
  RuleSet,
  ScheduleOverride,
  WeekDays,
  YearlyTk,
} from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { Unit } from '../../../core/model.js';
import { validateWorkDay } from '../../../core/schedule.js';
import { unitChain } from '../../../core/org.js';
import { selfieRequired } from '../../../core/selfie.js';
import { addDays, daysBetween, isValidDate, localParts } from '../../../core/time.js';
import { uuidV7 } from '../../../core/uuid.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { requireDate, requireInstant } from '../../platform/http/input.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import {
  ADMIN_ROLES,
  AGENCY_ROLES,
  authorize,
  requireRole,
  authorizeMany,
  authorizeUnit,
  inScope,
  scopeOf,
  unitFilter,
} from '../../platform/access/access.js';
import type { AuthorizeOptions, Scope } from '../../platform/access/access.js';
import type { AuthService } from '../auth/service.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Config } from '../../platform/config.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { getEmployee } from '../employees/store.js';
import { cardReport, dailyReport, recapReport } from '../reports/tables.js';
import { CONTENT_TYPES } from '../reports/report.js';
import type { ExportFormat } from '../reports/report.js';
import { fileName, renderReport } from '../reports/render.js';
import { bearerAuth, DateRangeQuerySchema, errorResponses } from '../../platform/http/schemas.js';
import type { DateRangeQuery } from '../../platform/http/schemas.js';
import { checkRange } from '../me/routes.js';
import type { Directory } from '../check-ins/directory.js';
import { getUnit, listUnits, selfieSettingsOf, setSelfieSetting } from '../units/store.js';
import { readAttachment, saveAttachment } from '../requests/attachments.js';
import * as S from './schemas.js';
import {
  dailyList,
  lastClosedDate,
  loadPeriod,
  recapMonth,
  yearToDateTk,
  yearToDateTkOf,
} from '../reports/service.js';
import type { MonthResult } from '../reports/service.js';
import {
  decideCorrectionRequest,
  decideLeaveRequest,
  getCorrectionRequest,
  getLeaveRequest,
  insertCorrectionRequest,
  insertLeaveRequest,
  listCorrectionRequests,
  listLeaveRequests,
} from '../requests/store.js';
import { insertAttendanceEntry } from '../entries/store.js';
import type { CorrectionRequest, LeaveRequest } from '../requests/store.js';
import { insertRosterEntries, insertShiftType, listRosterEntries, listShiftTypes } from '../rosters/store.js';
import { insertRuleSet, listRuleSets, listUnitRules, setUnitRules } from '../rules/store.js';
import {
  endOverride,
  endPersonSchedule,
  getOverride,
  getPersonSchedule,
  insertOverride,
  insertPersonSchedule,
  listOverrides,
  listPersonSchedulesOf,
} from '../schedules/store.js';
import type { UnitRules } from '../rules/store.js';

export interface AttendanceDeps {
  db: Kysely<Database>;
  config: Config;
  now: () => number;
  /** The check-in path's memory, reloaded after a change it holds (the selfie setting). */
  directory?: Directory;
}

/** Body limit of routes that carry an attachment: 2 MB as base64 plus the JSON around it. */
const ATTACHMENT_BODY_LIMIT = 2_900_000;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function leaveView(l: LeaveRequest) {
  return { ...l, requestedAt: iso(l.requestedAt), decidedAt: isoOrNull(l.decidedAt) };
}
function correctionView(c: CorrectionRequest) {
  return { ...c, at: iso(c.at), requestedAt: iso(c.requestedAt), decidedAt: isoOrNull(c.decidedAt) };
}

function statusView(d: DayStatus, name: string) {
  return {
    ...d,
    name,
    checkInAt: isoOrNull(d.checkInAt),
    checkOutAt: isoOrNull(d.checkOutAt),
  };
}
function recapView(p: PersonRecap, name: string) {
  return { ...p, name };
}

/** A unit the caller manages, with its subtree; not_found otherwise (missing or outside the scope). */
async function unitScope(
  db: Kysely<Database>,
  c: TokenClaims,
  unitId: number,
): Promise<{ unit: Unit; ids: number[] }> {
  const { subtree } = await authorizeUnit(db, c, unitId);
  const unit = await getUnit(db, unitId);
  if (!unit) throw new AppError('not_found');
  return { unit, ids: subtree };
}

/** An employee the caller may see (admins in scope; with `own`, also the employee themself). */
async function employeeInScope(
  db: Kysely<Database>,
  c: TokenClaims,
  employeeId: number,
  opts: AuthorizeOptions = {},
) {
  await authorize(db, c, { kind: 'employee', id: employeeId }, opts);
  const e = await getEmployee(db, employeeId);
  if (!e) throw new AppError('not_found');
  return e;
}

const parseInstant = requireInstant;
const checkDate = requireDate;

function newId(now: number): string {
  return uuidV7(now, randomBytes(10));
}

async function audit(
  db: Kysely<Database>,
  c: TokenClaims,
  now: number,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    at: now,
    actor_account_id: c.sub,
    actor_label: `${c.role}:${c.sub}`,
    action,
    target,
    detail: JSON.stringify(detail),
  });
}

function attachmentDir(config: Config): string {
  return join(config.dataDir, 'attachments');
}

async function storeAttachment(deps: AttendanceDeps, b64: string | undefined): Promise<string | null> {
  if (b64 === undefined) return null;
  const data = Buffer.from(b64, 'base64');
  const saved = await saveAttachment(deps.db, attachmentDir(deps.config), data, deps.now());
  if (!saved.ok)
    throw new AppError(saved.reason === 'too_large' ? 'attachment_too_large' : 'attachment_type');
  return saved.sha256;
}

function monthOf(q: { month?: string }): string {
  if (!q.month) throw new AppError('invalid_month');
  return q.month;
}

async function sendExport(
  reply: FastifyReply,
  table: Parameters<typeof renderReport>[0],
  format: ExportFormat,
  unitName: string,
  period: string,
): Promise<FastifyReply> {
  const data = await renderReport(table, format);
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName(table, unitName, period, format)}"`)
    .send(data);
}

function yearlyView(y: YearlyTk) {
  return {
    year: y.year,
    tkDays: y.tkDays,
    longestRun: y.longestRun,
    step: y.step ? { level: y.step.level, penalty: y.step.penalty } : null,
  };
}

function unitRecapView(unitId: number, r: MonthResult, yearly: ReadonlyMap<number, YearlyTk>) {
  const year = r.month.slice(0, 4);
  return {
    month: r.month,
    unitId,
    people: r.recap.people.map((p, i) => ({
      ...recapView(p, r.period.people[i]!.employee.name),
      yearly: yearlyView(yearly.get(p.employeeId) ?? yearlyTk(year, [])),
    })),
    units: [...r.recap.units].map(([id, t]) => ({ unitId: id, ...t })),
    totals: r.recap.organisation,
  };
}

async function card(db: Kysely<Database>, employeeId: number, month: string, through: string) {
  const result = await recapMonth(db, { employeeIds: [employeeId] }, month, through);
  const yearly = await yearToDateTk(db, employeeId, month, through);
  return { result, yearly };
}

function cardView(result: MonthResult, yearly: Awaited<ReturnType<typeof yearToDateTk>>) {
  const p = result.recap.people[0];
  const person = result.period.people[0];
  if (!p || !person) throw new AppError('not_found');
  return {
    recap: recapView(p, person.employee.name),
    ledger: p.ledger,
    days: (result.statuses[0] ?? []).map((d) => statusView(d, person.employee.name)),
    yearly: yearlyView(yearly),
  };
}

/** The root units: an agency admin's organisation. */
async function organisationOf(db: Kysely<Database>, given: number | undefined): Promise<number> {
  const roots = (await listUnits(db)).filter((u) => u.parentId === null);
  if (given !== undefined) {
    if (!roots.some((u) => u.id === given))
      throw new AppError('invalid_body', { details: [{ field: '/organisationId', reason: 'not_root' }] });
    return given;
  }
  if (roots.length !== 1)
    throw new AppError('invalid_body', { details: [{ field: '/organisationId', reason: 'required' }] });
  return roots[0]!.id;
}

/** The rule fields of a settings body, all four or none (refused when only some are sent). */
function unitRulesOf(unitId: number, b: S.UnitRulesBody): UnitRules | null {
  const fields = ['worksOnHolidays', 'flexMinutes', 'lateGraceMinutes', 'earlyGraceMinutes'] as const;
  const missing = fields.filter((f) => b[f] === undefined);
  if (missing.length === fields.length) return null;
  if (missing.length > 0)
    throw new AppError('invalid_body', {
      details: missing.map((f) => ({ field: `/${f}`, reason: 'required' })),
    });
  return {
    unitId,
    worksOnHolidays: b.worksOnHolidays ?? false,
    flex: {
      flexMinutes: b.flexMinutes ?? 0,
      lateGraceMinutes: b.lateGraceMinutes ?? 0,
      earlyGraceMinutes: b.earlyGraceMinutes ?? 0,
    },
  };
}

/** A unit's settings in force: the nearest settings row up the chain, and the selfie setting inherited likewise. */
async function unitSettings(db: Kysely<Database>, unitId: number) {
  const units = new Map((await listUnits(db)).map((u) => [u.id, u]));
  const chain = unitChain(units, unitId);
  const [rules, selfie] = await Promise.all([
    listUnitRules(db),
    selfieSettingsOf(
      db,
      chain.map((u) => u.id),
    ),
  ]);
  const applied = chain.map((u) => rules.get(u.id)).find((r) => r !== undefined);
  return {
    unitId,
    worksOnHolidays: applied?.worksOnHolidays ?? false,
    flex: applied ? { ...applied.flex } : { ...NO_FLEX },
    rulesFromUnitId: applied?.unitId ?? null,
    selfieRequired: selfie.get(unitId) ?? null,
    selfieRequiredEffective: selfieRequired(chain.map((u) => selfie.get(u.id))),
  };
}

/** Checks a week of working days with the core validator; details name `/days/<i>/<field>`. */
function checkWeek(days: readonly (S.WorkDayBody | null)[]): WeekDays {
  const details: ErrorDetail[] = [];
  days.forEach((d, i) => {
    if (d === null) return;
    const v = validateWorkDay(d);
    if (!v.ok)
      for (const e of v.details ?? []) details.push({ field: `/days/${i}/${e.field}`, reason: e.reason });
  });
  if (details.length > 0) throw new AppError('invalid_body', { details });
  return days as WeekDays;
}

/** A period of dates: both real and in order (`to` null = open-ended). */
function checkPeriod(from: string, to: string | null, fields: [string, string]): void {
  checkDate(from, fields[0]);
  if (to === null) return;
  checkDate(to, fields[1]);
  if (to < from)
    throw new AppError('invalid_body', { details: [{ field: fields[1], reason: 'before_from' }] });
}

/** The new last date of an end request: a real date, earlier than the current last date, not before `from` − 1 day. */
function checkEnd(b: S.EndBody, from: string, to: string | null): string {
  checkDate(b.to, '/to');
  if (b.to < addDays(from, -1) || (to !== null && b.to >= to))
    throw new AppError('invalid_body', { details: [{ field: '/to', reason: 'range' }] });
  return b.to;
}

function flexOf(f: FlexPolicy | undefined) {
  return f ? { ...f } : null;
}
function overrideView(o: ScheduleOverride) {
  return {
    id: o.id,
    name: o.name,
    from: o.from,
    to: o.to,
    unitIds: o.unitIds,
    days: o.days,
    flex: flexOf(o.flex),
  };
}
function personScheduleView(p: PersonSchedule) {
  return {
    id: p.id,
    employeeId: p.employeeId,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    days: p.days,
    flex: flexOf(p.flex),
  };
}

/** Whether an override concerns the scope: organisation-wide, or naming a unit of it or above it. */
function overrideVisible(unitIds: readonly number[] | null, scope: Scope): boolean {
  return (
    scope.all || unitIds === null || unitIds.some((id) => inScope(scope, id) || scope.above.includes(id))
  );
}

/**
 * Whether the caller may end an override: organisation-wide ones are the agency's; a unit
 * admin's must name units of their subtree only. One they cannot see is not found; one
 * they see but may not change (it applies to them from above) is forbidden.
 */
async function mayEndOverride(db: Kysely<Database>, c: TokenClaims, unitIds: readonly number[] | null) {
  const scope = await scopeOf(db, c);
  if (!overrideVisible(unitIds, scope)) throw new AppError('not_found');
  if (scope.all) return;
  if (unitIds === null || unitIds.some((id) => !inScope(scope, id))) throw new AppError('forbidden');
}

const tags = (t: string) => ({ tags: [t], security: bearerAuth });
const ok = (schema: unknown) => ({ 200: schema, ...errorResponses });
const file = {
  200: { description: 'The file (XLSX, PDF or CSV).', type: 'string', format: 'binary' },
  ...errorResponses,
};

export function attendanceRoutes(app: FastifyInstance, auth: AuthService, deps: AttendanceDeps): void {
  const { db } = deps;
  const any = bearer(auth);
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const agency = bearer(auth, { roles: AGENCY_ROLES });
  const employeeOnly = bearer(auth, { employeeOnly: true });

  // ---- Employee: leave and correction requests, own recap -----------------------------

  app.post(
    '/me/leave-requests',
    {
      onRequest: employeeOnly,
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        ...tags('leave'),
        summary: 'Ask for leave or a permission (with an optional attachment)',
        body: S.LeaveRequestBodySchema,
        response: { 201: S.LeaveRequestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.LeaveRequestBody;
      checkDate(b.from, '/from');
      checkDate(b.to, '/to');
      const employee = await getEmployee(db, c.emp ?? 0);
      if (!employee) throw new AppError('account_inactive');
      const now = deps.now();
      const id = newId(now);
      const grant = { id, employeeId: employee.id, type: b.type, from: b.from, to: b.to };
      // Working days of the grant, for types counted in working days (cuti tahunan).
      const period = await dailyListPlanCount(db, employee.id, b.from, b.to);
      const checked = checkLeaveGrant(grant, employee.kind, LEAVE_BY_CODE, period);
      if (!checked.ok) throw new AppError(checked.error, { details: checked.details ?? [] });
      const type = LEAVE_BY_CODE.get(b.type);
      if (type && !b.attachment && needsAttachment(type, daysBetween(b.from, b.to) + 1)) {
        throw new AppError('attachment_required', {
          details: [{ field: '/attachment', reason: type.document }],
        });
      }
      const attachment = await storeAttachment(deps, b.attachment);
      const l: LeaveRequest = {
        ...grant,
        reason: b.reason,
        attachmentSha256: attachment,
        status: 'pending',
        requestedAt: now,
        requestedBy: c.sub,
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
      };
      await insertLeaveRequest(db, l);
      return reply.code(201).send(leaveView(l));
    },
  );

  app.get(
    '/me/leave-requests',
    {
      onRequest: employeeOnly,
      schema: {
        ...tags('leave'),
        summary: 'My leave requests, newest first',
        response: ok(Type_Array(S.LeaveRequestSchema)),
      },
    },
    async (request) =>
      (await listLeaveRequests(db, { employeeIds: [claimsOf(request).emp ?? 0], limit: 200 })).map(leaveView),
  );

  app.get(
    '/leave-types',
    {
      onRequest: any,
      schema: {
        ...tags('leave'),
        summary: 'The leave and permission catalogue',
        response: ok(S.Loose('{ types: LeaveType[] }')),
      },
    },
    () => Promise.resolve({ types: LEAVE_CATALOGUE }),
  );

  app.post(
    '/me/correction-requests',
    {
      onRequest: employeeOnly,
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        ...tags('corrections'),
        summary: "Ask for a correction ('forgot to check out', 'the app failed')",
        body: S.CorrectionRequestBodySchema,
        response: { 201: S.CorrectionRequestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.CorrectionRequestBody;
      const at = parseInstant(b.at, '/at');
      const now = deps.now();
      if (at > now) throw new AppError('captured_in_future');
      const employee = await getEmployee(db, c.emp ?? 0);
      if (!employee) throw new AppError('account_inactive');
      const unit = await getUnit(db, employee.unitId);
      const attachment = await storeAttachment(deps, b.attachment);
      const r: CorrectionRequest = {
        id: newId(now),
        employeeId: employee.id,
        kind: b.kind,
        at,
        workDate: localParts(at, unit?.zone ?? 'Asia/Jakarta').date,
        reason: b.reason,
        attachmentSha256: attachment,
        status: 'pending',
        requestedAt: now,
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
      };
      await insertCorrectionRequest(db, r);
      return reply.code(201).send(correctionView(r));
    },
  );

  app.get(
    '/me/correction-requests',
    {
      onRequest: employeeOnly,
      schema: {
        ...tags('corrections'),
        summary: 'My correction requests, newest first',
        response: ok(Type_Array(S.CorrectionRequestSchema)),
      },
    },
    async (request) =>
      (await listCorrectionRequests(db, { employeeIds: [claimsOf(request).emp ?? 0], limit: 200 })).map(
        correctionView,
      ),
  );

  app.get(
    '/me/recap',
    {
      onRequest: employeeOnly,
      schema: {
        ...tags('me'),
        summary: 'My monthly recap: counts, minutes, deduction, ledger and yearly TK',
        querystring: S.MonthQuerySchema,
        response: ok(S.CardSchema),
      },
    },
    async (request) => {
      const { result, yearly } = await card(
        db,
        claimsOf(request).emp ?? 0,
        (request.query as { month: string }).month,
        lastClosedDate(deps.now()),
      );
      return cardView(result, yearly);
    },
  );

  // ---- Admin: decisions -----------------------------------------------------------------

  const listQuery = async (
    c: TokenClaims,
    q: { unitId?: string; status?: 'pending' | 'approved' | 'rejected' },
  ) => {
    const unitIds =
      q.unitId !== undefined
        ? (await unitScope(db, c, Number(q.unitId))).ids
        : unitFilter(await scopeOf(db, c));
    return { unitIds, status: q.status };
  };

  app.get(
    '/leave-requests',
    {
      onRequest: admins,
      schema: {
        ...tags('leave'),
        summary: 'Leave requests of the units in scope',
        querystring: S.ListQuerySchema,
        response: ok(Type_Array(S.LeaveRequestSchema)),
      },
    },
    async (request) => {
      const q = await listQuery(claimsOf(request), request.query as { unitId?: string; status?: 'pending' });
      return (await listLeaveRequests(db, { ...q, limit: 500 })).map(leaveView);
    },
  );

  app.get(
    '/correction-requests',
    {
      onRequest: admins,
      schema: {
        ...tags('corrections'),
        summary: 'Correction requests of the units in scope',
        querystring: S.ListQuerySchema,
        response: ok(Type_Array(S.CorrectionRequestSchema)),
      },
    },
    async (request) => {
      const q = await listQuery(claimsOf(request), request.query as { unitId?: string; status?: 'pending' });
      return (await listCorrectionRequests(db, { ...q, limit: 500 })).map(correctionView);
    },
  );

  const decisionOf = (b: S.DecisionBody) => {
    const reason = b.reason?.trim() ?? '';
    if (b.decision === 'reject' && reason === '')
      throw new AppError('reason_required', { details: [{ field: '/reason', reason: 'required' }] });
    return {
      status: b.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
      reason: reason === '' ? null : reason,
    };
  };

  app.post(
    '/leave-requests/:id/decision',
    {
      onRequest: admins,
      schema: {
        ...tags('leave'),
        summary: 'Approve or reject a leave request (a rejection needs a reason)',
        params: S.UuidParams,
        body: S.DecisionBodySchema,
        response: ok(S.LeaveRequestSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const id = (request.params as { id: string }).id;
      await authorize(db, c, { kind: 'leave_request', id });
      const l = await getLeaveRequest(db, id);
      if (!l) throw new AppError('not_found');
      const d = decisionOf(request.body as S.DecisionBody);
      const now = deps.now();
      const done = await db.transaction().execute(async (tx) => {
        if (!(await decideLeaveRequest(tx, id, { ...d, at: now, by: c.sub }))) return false;
        await audit(tx, c, now, `leave.${d.status}`, `leave_request:${id}`, {
          employeeId: l.employeeId,
          type: l.type,
          from: l.from,
          to: l.to,
          reason: d.reason,
        });
        return true;
      });
      if (!done) throw new AppError('request_already_decided');
      return leaveView((await getLeaveRequest(db, id))!);
    },
  );

  app.post(
    '/correction-requests/:id/decision',
    {
      onRequest: admins,
      schema: {
        ...tags('corrections'),
        summary: 'Approve (adds a new attendance event) or reject a correction request',
        params: S.UuidParams,
        body: S.DecisionBodySchema,
        response: ok(S.CorrectionRequestSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const id = (request.params as { id: string }).id;
      await authorize(db, c, { kind: 'correction_request', id });
      const r = await getCorrectionRequest(db, id);
      if (!r) throw new AppError('not_found');
      const d = decisionOf(request.body as S.DecisionBody);
      const now = deps.now();
      const done = await db.transaction().execute(async (tx) => {
        if (!(await decideCorrectionRequest(tx, id, { ...d, at: now, by: c.sub }))) return false;
        if (d.status === 'approved') {
          await insertAttendanceEntry(tx, {
            id: newId(now),
            employeeId: r.employeeId,
            kind: r.kind,
            at: r.at,
            workDate: r.workDate,
            source: 'correction',
            author: c.sub,
            note: r.reason,
            voids: null,
            requestId: r.id,
            createdAt: now,
          });
        }
        await audit(tx, c, now, `correction.${d.status}`, `correction_request:${id}`, {
          employeeId: r.employeeId,
          kind: r.kind,
          at: iso(r.at),
          reason: d.reason,
        });
        return true;
      });
      if (!done) throw new AppError('request_already_decided');
      return correctionView((await getCorrectionRequest(db, id))!);
    },
  );

  app.get(
    '/attachments/:id',
    {
      onRequest: any,
      schema: {
        ...tags('leave'),
        summary: 'An attachment of a request in scope',
        params: S.UuidParams,
        response: file,
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const sha = (request.params as { id: string }).id;
      await authorize(db, c, { kind: 'attachment', sha256: sha }, { own: true });
      const a = await readAttachment(db, attachmentDir(deps.config), sha);
      if (!a) throw new AppError('not_found');
      return reply.header('content-type', a.contentType).send(a.data);
    },
  );

  // ---- Admin: manual entries, incidents --------------------------------------------------

  app.post(
    '/attendance-entries',
    {
      onRequest: admins,
      schema: {
        ...tags('corrections'),
        summary: 'A manual entry by an admin (a new event with its author; a reason is required)',
        body: S.EntryBodySchema,
        response: { 201: S.Loose('The stored entry.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.EntryBody;
      await authorizeMany(db, c, 'employee', [b.employeeId], () => '/employeeId');
      const e = await employeeInScope(db, c, b.employeeId);
      if (b.reason.trim() === '')
        throw new AppError('reason_required', { details: [{ field: '/reason', reason: 'required' }] });
      if (b.kind === 'void' && !b.voids)
        throw new AppError('invalid_body', { details: [{ field: '/voids', reason: 'required' }] });
      const at = parseInstant(b.at, '/at');
      const now = deps.now();
      const unit = await getUnit(db, e.unitId);
      const entry = {
        id: newId(now),
        employeeId: e.id,
        kind: b.kind,
        at,
        workDate: localParts(at, unit?.zone ?? 'Asia/Jakarta').date,
        source: 'admin' as const,
        author: c.sub,
        note: b.reason.trim(),
        voids: b.voids ?? null,
        requestId: null,
        createdAt: now,
      };
      await db.transaction().execute(async (tx) => {
        await insertAttendanceEntry(tx, entry);
        await audit(tx, c, now, 'attendance.entry', `employee:${e.id}`, {
          entryId: entry.id,
          kind: b.kind,
          at: b.at,
          reason: entry.note,
          voids: entry.voids,
        });
      });
      return reply.code(201).send({ ...entry, at: iso(at), createdAt: iso(now) });
    },
  );

  // ---- Holidays and rules -----------------------------------------------------------------

  app.get(
    '/rule-sets',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "The organisation's rule set versions and the presets",
        response: ok(S.Loose('{ versions, presets }')),
      },
    },
    async () => {
      const org = await organisationOf(db, undefined);
      return {
        organisationId: org,
        versions: await listRuleSets(db, org),
        presets: [PERMENTAN_68_2012, SIAP_TUBA],
      };
    },
  );

  app.post(
    '/rule-sets',
    {
      onRequest: agency,
      schema: {
        ...tags('rules'),
        summary: 'Add a rule set version (agency admin); versions are never edited',
        body: S.RuleSetBodySchema,
        response: { 201: S.Loose('The stored version.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.RuleSetBody;
      checkDate(b.ruleSet.effectiveFrom, '/ruleSet/effectiveFrom');
      const rules = b.ruleSet as RuleSet;
      const v = validateRuleSet(rules);
      if (!v.ok)
        throw new AppError(v.error, {
          details: (v.details ?? []).map((d: ErrorDetail) => ({
            field: `/ruleSet${d.field}`,
            reason: d.reason,
          })),
        });
      const org = await organisationOf(db, b.organisationId);
      const now = deps.now();
      try {
        await db.transaction().execute(async (tx) => {
          await insertRuleSet(tx, org, rules, now, c.sub);
          await audit(tx, c, now, 'rules.version', `rule_set:${rules.id}`, {
            organisationId: org,
            effectiveFrom: rules.effectiveFrom,
          });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('rule_version_exists');
        throw err;
      }
      return reply.code(201).send({ organisationId: org, rules });
    },
  );

  app.get(
    '/units/:id/attendance-settings',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "A unit's settings in force: works on holidays, flex band, grace minutes, selfie",
        params: S.IdParams,
        response: ok(S.UnitSettingsSchema),
      },
    },
    async (request) => {
      const { unit } = await unitScope(db, claimsOf(request), Number((request.params as { id: string }).id));
      return unitSettings(db, unit.id);
    },
  );

  app.put(
    '/units/:id/attendance-settings',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "Set a unit's settings: works on holidays, flex band, grace minutes, selfie",
        params: S.IdParams,
        body: S.UnitRulesBodySchema,
        response: ok(S.UnitSettingsSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const { unit } = await unitScope(db, c, Number((request.params as { id: string }).id));
      const b = request.body as S.UnitRulesBody;
      const rules = unitRulesOf(unit.id, b);
      const now = deps.now();
      await db.transaction().execute(async (tx) => {
        if (rules) await setUnitRules(tx, rules);
        if (b.selfieRequired !== undefined) await setSelfieSetting(tx, unit.id, b.selfieRequired);
        await audit(tx, c, now, 'unit.attendance_settings', `unit:${unit.id}`, { ...b });
      });
      // The check-in path reads the selfie and holiday settings from memory: reload them
      // now rather than at the next poll (other servers follow the change feed).
      if ((rules || b.selfieRequired !== undefined) && deps.directory) {
        deps.directory.invalidate();
        await deps.directory.settled();
      }
      return unitSettings(db, unit.id);
    },
  );

  // ---- Schedule overrides (Ramadan) and person schedules ---------------------------------------

  app.post(
    '/schedule-overrides',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'Add a date-range override of the weekly schedule (e.g. Ramadan hours) for units',
        description:
          'Within its dates the override replaces the weekly schedule of its units and their sub-units ' +
          '(a person schedule still wins). Where overrides overlap, the one for the nearest unit wins, ' +
          'then the later first date, then the newer one: to change one, add a newer one or end it.',
        body: S.ScheduleOverrideBodySchema,
        response: { 201: S.ScheduleOverrideSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.ScheduleOverrideBody;
      // Organisation-wide overrides are the agency admin's; a unit admin names units of their own.
      if (b.unitIds === null) requireRole(c, AGENCY_ROLES);
      else await authorizeMany(db, c, 'unit', b.unitIds, (i) => `/unitIds/${i}`);
      const unitIds = b.unitIds === null ? null : [...new Set(b.unitIds)];
      checkPeriod(b.from, b.to, ['/from', '/to']);
      const days = checkWeek(b.days);
      const now = deps.now();
      const o = await db.transaction().execute(async (tx) => {
        const o = await insertOverride(tx, {
          name: b.name,
          from: b.from,
          to: b.to,
          unitIds,
          days,
          ...(b.flex ? { flex: b.flex } : {}),
        });
        await audit(tx, c, now, 'schedule_override.add', `schedule_override:${o.id}`, { ...b });
        return o;
      });
      return reply.code(201).send(overrideView(o));
    },
  );

  app.get(
    '/schedule-overrides',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'Overrides overlapping a date range that apply to units in scope',
        querystring: DateRangeQuerySchema,
        response: ok(S.ScheduleOverrideListSchema),
      },
    },
    async (request) => {
      const q = request.query as DateRangeQuery;
      const bad = checkRange(q);
      if (bad) throw bad;
      // A unit admin sees the overrides their units are subject to: organisation-wide
      // ones, and those of their units, of the units above them and of those below.
      const scope = await scopeOf(db, claimsOf(request));
      const list = (await listOverrides(db, q.from, q.to)).filter((o) => overrideVisible(o.unitIds, scope));
      return { overrides: list.map(overrideView) };
    },
  );

  app.post(
    '/schedule-overrides/:id/end',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'End an override earlier (the day before its first date cancels it)',
        params: S.IdParams,
        body: S.EndBodySchema,
        response: ok(S.ScheduleOverrideSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const id = Number((request.params as { id: string }).id);
      const o = await getOverride(db, id);
      if (!o) throw new AppError('not_found');
      await mayEndOverride(db, c, o.unitIds);
      const to = checkEnd(request.body as S.EndBody, o.from, o.to);
      const now = deps.now();
      await db.transaction().execute(async (tx) => {
        await endOverride(tx, id, to);
        await audit(tx, c, now, 'schedule_override.end', `schedule_override:${id}`, { from: o.to, to });
      });
      return overrideView({ ...o, to });
    },
  );

  app.post(
    '/employees/:id/person-schedules',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: "Give an employee their own weekly schedule from a date (it wins over the unit's)",
        description:
          'Where person schedules overlap, the later first date wins, then the newer one: ' +
          'to change one, add a newer one or end it.',
        params: S.IdParams,
        body: S.PersonScheduleBodySchema,
        response: { 201: S.PersonScheduleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const e = await employeeInScope(db, c, Number((request.params as { id: string }).id));
      const b = request.body as S.PersonScheduleBody;
      checkPeriod(b.effectiveFrom, b.effectiveTo, ['/effectiveFrom', '/effectiveTo']);
      const days = checkWeek(b.days);
      const now = deps.now();
      const p = await db.transaction().execute(async (tx) => {
        const p = await insertPersonSchedule(tx, {
          employeeId: e.id,
          effectiveFrom: b.effectiveFrom,
          effectiveTo: b.effectiveTo,
          days,
          ...(b.flex ? { flex: b.flex } : {}),
        });
        await audit(tx, c, now, 'person_schedule.add', `person_schedule:${p.id}`, { employeeId: e.id, ...b });
        return p;
      });
      return reply.code(201).send(personScheduleView(p));
    },
  );

  app.get(
    '/employees/:id/person-schedules',
    {
      onRequest: any,
      schema: {
        ...tags('schedules'),
        summary: "An employee's own schedules, past and future (own, or admins in scope)",
        params: S.IdParams,
        response: ok(S.PersonScheduleListSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const id = Number((request.params as { id: string }).id);
      await employeeInScope(db, c, id, { own: true });
      return { schedules: (await listPersonSchedulesOf(db, id)).map(personScheduleView) };
    },
  );

  app.post(
    '/employees/:id/person-schedules/:scheduleId/end',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: "End an employee's own schedule earlier (the day before its first date cancels it)",
        params: S.ScheduleIdParams,
        body: S.EndBodySchema,
        response: ok(S.PersonScheduleSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const params = request.params as { id: string; scheduleId: string };
      const e = await employeeInScope(db, c, Number(params.id));
      const p = await getPersonSchedule(db, Number(params.scheduleId));
      if (!p || p.employeeId !== e.id) throw new AppError('not_found');
      const to = checkEnd(request.body as S.EndBody, p.effectiveFrom, p.effectiveTo);
      const now = deps.now();
      await db.transaction().execute(async (tx) => {
        await endPersonSchedule(tx, p.id, to);
        await audit(tx, c, now, 'person_schedule.end', `person_schedule:${p.id}`, {
          employeeId: e.id,
          from: p.effectiveTo,
          to,
        });
      });
      return personScheduleView({ ...p, effectiveTo: to });
    },
  );

  // ---- Shifts and rosters ---------------------------------------------------------------------

  app.get(
    '/shift-types',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Shift types of the units in scope',
        response: ok(S.Loose('{ shiftTypes }')),
      },
    },
    async (request) => {
      const scope = await scopeOf(db, claimsOf(request));
      return { shiftTypes: await listShiftTypes(db, unitFilter(scope)) };
    },
  );

  app.post(
    '/shift-types',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Add a shift type to a unit (times in minutes of the start date)',
        body: S.ShiftTypeBodySchema,
        response: { 201: S.Loose('The shift type.'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const b = request.body as S.ShiftTypeBody;
      await authorizeMany(db, c, 'unit', [b.unitId], () => '/unitId');
      const { unit } = await unitScope(db, c, b.unitId);
      const { unitId: _u, ...shift } = b;
      const v = validateShiftType(shift);
      if (!v.ok) throw new AppError(v.error, { details: v.details ?? [] });
      const now = deps.now();
      try {
        const stored = await db.transaction().execute(async (tx) => {
          const s = await insertShiftType(tx, unit.id, shift);
          await audit(tx, c, now, 'shift_type.add', `unit:${unit.id}`, { ...shift });
          return s;
        });
        return reply.code(201).send(stored);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError('invalid_body', { details: [{ field: '/code', reason: 'exists' }] });
        throw err;
      }
    },
  );

  const rosterWrite = async (
    c: TokenClaims,
    entries: { employeeId: number; date: string; shiftCode: string | null; revision?: number }[],
    action: string,
    detail: Record<string, unknown>,
  ) => {
    for (const e of entries) checkDate(e.date, '/date');
    const now = deps.now();
    await db.transaction().execute(async (tx) => {
      await insertRosterEntries(tx, entries, now, c.sub);
      await audit(tx, c, now, action, `roster:${entries.length}`, detail);
    });
    return { entries: entries.length };
  };

  /** The next revision above what the roster holds for these slots. */
  const nextRevision = async (employeeIds: number[], from: string, to: string) => {
    const rows = await listRosterEntries(db, employeeIds, from, to);
    return rows.reduce((m, r) => Math.max(m, (r.revision ?? 0) + 1), 0);
  };

  app.post(
    '/rosters',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Set roster entries (a shift code, or null for a day off); later entries win',
        body: S.RosterBodySchema,
        response: { 201: S.Loose('{ entries }'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body as S.RosterBody;
      await authorizeMany(
        db,
        claimsOf(request),
        'employee',
        b.entries.map((e) => e.employeeId),
        (i) => `/entries/${i}/employeeId`,
      );
      const dates = b.entries.map((e) => e.date).sort();
      const rev = await nextRevision(
        [...new Set(b.entries.map((e) => e.employeeId))],
        dates[0]!,
        dates[dates.length - 1]!,
      );
      return reply.code(201).send(
        await rosterWrite(
          claimsOf(request),
          b.entries.map((e) => ({ ...e, revision: rev })),
          'roster.set',
          { count: b.entries.length },
        ),
      );
    },
  );

  app.post(
    '/rosters/rotations',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Assign a rotating pattern in bulk',
        body: S.RotationBodySchema,
        response: { 201: S.Loose('{ entries }'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body as S.RotationBody;
      await authorizeMany(
        db,
        claimsOf(request),
        'employee',
        b.people.map((p) => p.employeeId),
        (i) => `/people/${i}/employeeId`,
      );
      checkDate(b.from, '/from');
      checkDate(b.to, '/to');
      if (b.to < b.from)
        throw new AppError('invalid_body', { details: [{ field: '/to', reason: 'before_from' }] });
      const rev = await nextRevision(
        b.people.map((p) => p.employeeId),
        b.from,
        b.to,
      );
      const entries = rotate(b.pattern, b.people, b.from, b.to, rev);
      if (entries.length > 50_000)
        throw new AppError('invalid_body', { details: [{ field: '/to', reason: 'too_long' }] });
      return reply.code(201).send(
        await rosterWrite(claimsOf(request), entries, 'roster.rotation', {
          pattern: b.pattern,
          from: b.from,
          to: b.to,
          people: b.people.length,
        }),
      );
    },
  );

  app.post(
    '/rosters/swaps',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Swap two roster slots (tukar dinas)',
        body: S.SwapBodySchema,
        response: { 201: S.Loose('{ entries }'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body as S.SwapBody;
      await authorizeMany(db, claimsOf(request), 'employee', [b.a.employeeId, b.b.employeeId], (i) =>
        i === 0 ? '/a/employeeId' : '/b/employeeId',
      );
      checkDate(b.a.date, '/a/date');
      checkDate(b.b.date, '/b/date');
      const from = b.a.date < b.b.date ? b.a.date : b.b.date;
      const to = b.a.date < b.b.date ? b.b.date : b.a.date;
      const index = indexRoster(await listRosterEntries(db, [b.a.employeeId, b.b.employeeId], from, to));
      const pair = swapShifts(index, b.a, b.b);
      return reply
        .code(201)
        .send(await rosterWrite(claimsOf(request), pair, 'roster.swap', { a: b.a, b: b.b }));
    },
  );

  // ---- Statuses, recaps, cards, exports -------------------------------------------------------

  app.get(
    '/units/:id/daily',
    {
      onRequest: admins,
      schema: {
        ...tags('recap'),
        summary: 'Daily statuses of a unit (with its sub-units) on a date',
        params: S.IdParams,
        querystring: S.DateQuerySchema,
        response: ok(S.DailySchema),
      },
    },
    async (request) => {
      const { unit, ids } = await unitScope(
        db,
        claimsOf(request),
        Number((request.params as { id: string }).id),
      );
      const date = (request.query as { date: string }).date;
      if (!isValidDate(date))
        throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'format' }] });
      const { period, statuses } = await dailyList(db, { unitIds: ids }, date);
      return {
        date,
        unitId: unit.id,
        days: statuses.map((d, i) => {
          const person = period.people[i]!;
          const plan = planDay(person.ctx, date);
          return {
            ...statusView(d, person.employee.name),
            planned: { source: plan.source, start: plan.work?.start ?? null, end: plan.work?.end ?? null },
          };
        }),
      };
    },
  );

  app.get(
    '/units/:id/recap',
    {
      onRequest: admins,
      schema: {
        ...tags('recap'),
        summary: 'Monthly recap of a unit (with its sub-units): per person, per unit, totals',
        params: S.IdParams,
        querystring: S.MonthQuerySchema,
        response: ok(S.UnitRecapSchema),
      },
    },
    async (request) => {
      const { unit, ids } = await unitScope(
        db,
        claimsOf(request),
        Number((request.params as { id: string }).id),
      );
      const month = (request.query as { month: string }).month;
      const [result, yearly] = await Promise.all([
        recapMonth(db, { unitIds: ids }, month, lastClosedDate(deps.now())),
        yearToDateTkOf(db, { unitIds: ids }, month, lastClosedDate(deps.now())),
      ]);
      return unitRecapView(unit.id, result, yearly);
    },
  );

  app.get(
    '/employees/:id/card',
    {
      onRequest: any,
      schema: {
        ...tags('recap'),
        summary: "A person's attendance card: the month's ledger, recap and yearly TK",
        params: S.IdParams,
        querystring: S.MonthQuerySchema,
        response: ok(S.CardSchema),
      },
    },
    async (request) => {
      const c = claimsOf(request);
      const id = Number((request.params as { id: string }).id);
      await employeeInScope(db, c, id, { own: true });
      const month = (request.query as { month: string }).month;
      const { result, yearly } = await card(db, id, month, lastClosedDate(deps.now()));
      return cardView(result, yearly);
    },
  );

  app.get(
    '/units/:id/daily/export',
    {
      onRequest: admins,
      schema: {
        ...tags('exports'),
        summary: 'Daily list as XLSX, PDF or CSV',
        params: S.IdParams,
        querystring: S.ExportQuerySchema,
        response: file,
      },
    },
    async (request, reply) => {
      const { unit, ids } = await unitScope(
        db,
        claimsOf(request),
        Number((request.params as { id: string }).id),
      );
      const q = request.query as S.ExportQuery;
      if (!q.date || !isValidDate(q.date))
        throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'required' }] });
      const { period, statuses } = await dailyList(db, { unitIds: ids }, q.date);
      return sendExport(reply, dailyReport(unit, q.date, period, statuses), q.format, unit.name, q.date);
    },
  );

  app.get(
    '/units/:id/recap/export',
    {
      onRequest: admins,
      schema: {
        ...tags('exports'),
        summary: 'Monthly recap as XLSX, PDF or CSV',
        params: S.IdParams,
        querystring: S.ExportQuerySchema,
        response: file,
      },
    },
    async (request, reply) => {
      const { unit, ids } = await unitScope(
        db,
        claimsOf(request),
        Number((request.params as { id: string }).id),
      );
      const q = request.query as S.ExportQuery;
      const month = monthOf(q);
      const [result, yearly] = await Promise.all([
        recapMonth(db, { unitIds: ids }, month, lastClosedDate(deps.now())),
        yearToDateTkOf(db, { unitIds: ids }, month, lastClosedDate(deps.now())),
      ]);
      return sendExport(reply, recapReport(unit, result, yearly), q.format, unit.name, month);
    },
  );

  app.get(
    '/employees/:id/card/export',
    {
      onRequest: any,
      schema: {
        ...tags('exports'),
        summary: 'Attendance card as XLSX, PDF or CSV',
        params: S.IdParams,
        querystring: S.ExportQuerySchema,
        response: file,
      },
    },
    async (request, reply) => {
      const c = claimsOf(request);
      const id = Number((request.params as { id: string }).id);
      const e = await employeeInScope(db, c, id, { own: true });
      const q = request.query as S.ExportQuery;
      const month = monthOf(q);
      const { result, yearly } = await card(db, id, month, lastClosedDate(deps.now()));
      return sendExport(reply, cardReport(result, 0, yearly).table, q.format, e.name, month);
    },
  );
}

function Type_Array(schema: unknown) {
  return { type: 'array', items: schema };
}

/** Working days a grant covers under the person's plan (holidays and days off excluded). */
async function dailyListPlanCount(
  db: Kysely<Database>,
  employeeId: number,
  from: string,
  to: string,
): Promise<number> {
  if (to < from || from.slice(0, 4) !== to.slice(0, 4)) {
    // Across a year end or reversed: checkLeaveGrant reports the order; count calendar days otherwise.
    return 0;
  }
  const p = await loadPeriod(db, { employeeIds: [employeeId] }, from, to);
  const person = p.people[0];
  if (!person) return 0;
  return planRange(person.ctx, from, to).filter((d) => d.work !== null).length;
}
