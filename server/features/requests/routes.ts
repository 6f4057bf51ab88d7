/**
 * Leave and correction requests: the employee asks (POST/GET /me/leave-requests,
 * /me/correction-requests), admins list and decide those of their scope
 * (/leave-requests, /correction-requests, …/:id/decision), and GET /attachments/:id
 * serves a request's attachment to whoever may see the request. GET /leave-types is the
 * catalogue.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { LEAVE_CATALOGUE } from '../../../core/attendance/index.js';
import { EMPLOYEE_KINDS } from '../../../core/model.js';
import type * as Wire from '../../../core/wire.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  DateStr,
  file,
  IdText,
  InstantStr,
  ListOf,
  ok,
  Reason,
  tags,
  TextIdParams,
} from '../../platform/http/fields.js';
import type { Same } from '../../platform/http/fields.js';
import { Nullable, StringEnum } from '../../platform/http/schemas.js';
import {
  askCorrection,
  askLeave,
  attachmentFor,
  correctionRequestsFor,
  decideCorrection,
  decideLeave,
  leaveRequestsFor,
  myCorrectionRequests,
  myLeaveRequests,
} from './service.js';
import type { RequestDeps } from './service.js';

/** Body limit of routes that carry an attachment: 2 MB as base64 plus the JSON around it. */
const ATTACHMENT_BODY_LIMIT = 2_900_000;

const Base64 = Type.String({
  maxLength: 2_800_000,
  description: 'The attachment (PDF, JPEG or PNG, at most 2 MB), base64-encoded.',
});
const Status = StringEnum(['pending', 'approved', 'rejected'] as const);

const LeaveRequestBody = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'Leave catalogue code, e.g. cuti_tahunan.',
    }),
    from: DateStr,
    to: DateStr,
    reason: Reason,
    attachment: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
const CorrectionRequestBody = Type.Object(
  {
    kind: StringEnum(['in', 'out'] as const),
    at: InstantStr,
    reason: Reason,
    attachment: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
const DecisionBody = Type.Object(
  {
    decision: StringEnum(['approve', 'reject'] as const),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required when rejecting.' })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { unitId: Type.Optional(IdText), status: Type.Optional(Status) },
  { additionalProperties: false },
);

/** What every request answer has, whatever its kind. */
const Decided = {
  reason: Type.String(),
  attachmentSha256: Nullable(Type.String()),
  status: Status,
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.Integer()),
  decisionReason: Nullable(Type.String()),
};
const LeaveRequestSchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  type: Type.String(),
  from: Type.String(),
  to: Type.String(),
  ...Decided,
});
const CorrectionRequestSchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  kind: StringEnum(['in', 'out'] as const),
  at: Type.String(),
  workDate: Type.String(),
  ...Decided,
});

/** One entry of the leave and permission catalogue (LeaveType, core/attendance/types.ts). */
const LeaveTypeSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  countsAsPresent: Type.Boolean({
    description: 'Whether, by default, the day counts as present (a rule set may differ).',
  }),
  document: StringEnum([
    'none',
    'surat_keterangan_dokter',
    'surat_keterangan_dokter_bidan',
    'surat_tugas',
    'surat_keterangan_alasan',
    'sk_tugas_belajar',
    'persetujuan_atasan',
  ] as const),
  documentAfterDays: Type.Integer({ description: 'The document is needed only beyond this many days.' }),
  maxDays: Nullable(Type.Integer({ description: 'Longest grant, in maxUnit; null = no fixed maximum.' })),
  maxUnit: StringEnum(['working_days', 'calendar_days'] as const),
  yearlyMaxDays: Type.Optional(
    Type.Integer({ description: "Yearly entitlement in maxUnit over a person's grants of the type." }),
  ),
  appliesTo: ListOf(StringEnum(EMPLOYEE_KINDS)),
  source: Type.String({ description: 'The regulation it follows.' }),
});
const LeaveTypesSchema = Type.Object({ types: ListOf(LeaveTypeSchema) });

// What the routes validate and answer is what the phone sends and reads (core/wire.ts).
const _wire: [
  Same<Static<typeof LeaveRequestBody>, Wire.LeaveRequestBody>,
  Same<Static<typeof CorrectionRequestBody>, Wire.CorrectionRequestBody>,
  Same<Static<typeof DecisionBody>, Wire.RequestDecisionBody>,
  Same<Static<typeof Status>, Wire.RequestStatus>,
  Same<Static<typeof LeaveRequestSchema>, Wire.LeaveRequestView>,
  Same<Static<typeof CorrectionRequestSchema>, Wire.CorrectionRequestView>,
  Same<Static<typeof LeaveTypesSchema>, Wire.LeaveTypesResponse>,
] = [true, true, true, true, true, true, true];

/**
 * How an uploaded file is served: downloaded, never rendered in the app's origin
 * (`Content-Disposition: attachment` with a name of our own, a sandboxing CSP, no type
 * sniffing), and kept by no cache (OWASP ASVS 5.0 3.2.1, 5.4.1, 5.4.2, 14.3.2).
 */
export function attachmentHeaders(sha256: string, contentType: string): Record<string, string> {
  const ext = contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg';
  const name = `lampiran-${sha256.replace(/[^0-9a-f]/g, '').slice(0, 12)}.${ext}`;
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${name}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
    'cache-control': 'private, no-store',
  };
}

export function requestRoutes(server: FastifyInstance, auth: Authenticator, deps: RequestDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth);
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const employeeOnly = bearer(auth, { employeeOnly: true });
  const listOf = ({ query: q }: { query: Static<typeof ListQuery> }) => ({
    ...(q.unitId !== undefined && { unitId: Number(q.unitId) }),
    ...(q.status && { status: q.status }),
  });
  const idOf = (r: { params: TextIdParams }) => r.params.id;

  app.post(
    '/me/leave-requests',
    {
      onRequest: employeeOnly,
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        ...tags('leave'),
        summary: 'Ask for leave or a permission (with an optional attachment)',
        body: LeaveRequestBody,
        response: created(LeaveRequestSchema),
      },
    },
    async (request, reply) => reply.code(201).send(await askLeave(deps, callerOf(request), request.body)),
  );

  app.get(
    '/me/leave-requests',
    {
      onRequest: employeeOnly,
      schema: {
        ...tags('leave'),
        summary: 'My leave requests, newest first',
        response: ok(Type.Array(LeaveRequestSchema)),
      },
    },
    (request) => myLeaveRequests(deps, callerOf(request)),
  );

  app.get(
    '/leave-types',
    {
      onRequest: any,
      schema: {
        ...tags('leave'),
        summary: 'The leave and permission catalogue',
        response: ok(LeaveTypesSchema),
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
        body: CorrectionRequestBody,
        response: created(CorrectionRequestSchema),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await askCorrection(deps, callerOf(request), request.body)),
  );

  app.get(
    '/me/correction-requests',
    {
      onRequest: employeeOnly,
      schema: {
        ...tags('corrections'),
        summary: 'My correction requests, newest first',
        response: ok(Type.Array(CorrectionRequestSchema)),
      },
    },
    (request) => myCorrectionRequests(deps, callerOf(request)),
  );

  app.get(
    '/leave-requests',
    {
      onRequest: admins,
      schema: {
        ...tags('leave'),
        summary: 'Leave requests of the units in scope',
        querystring: ListQuery,
        response: ok(Type.Array(LeaveRequestSchema)),
      },
    },
    (request) => leaveRequestsFor(deps, callerOf(request), listOf(request)),
  );

  app.get(
    '/correction-requests',
    {
      onRequest: admins,
      schema: {
        ...tags('corrections'),
        summary: 'Correction requests of the units in scope',
        querystring: ListQuery,
        response: ok(Type.Array(CorrectionRequestSchema)),
      },
    },
    (request) => correctionRequestsFor(deps, callerOf(request), listOf(request)),
  );

  app.post(
    '/leave-requests/:id/decision',
    {
      onRequest: admins,
      schema: {
        ...tags('leave'),
        summary: 'Approve or reject a leave request (a rejection needs a reason)',
        params: TextIdParams,
        body: DecisionBody,
        response: ok(LeaveRequestSchema),
      },
    },
    (request) => decideLeave(deps, callerOf(request), idOf(request), request.body),
  );

  app.post(
    '/correction-requests/:id/decision',
    {
      onRequest: admins,
      schema: {
        ...tags('corrections'),
        summary: 'Approve (adds a new attendance event) or reject a correction request',
        params: TextIdParams,
        body: DecisionBody,
        response: ok(CorrectionRequestSchema),
      },
    },
    (request) => decideCorrection(deps, callerOf(request), idOf(request), request.body),
  );

  app.get(
    '/attachments/:id',
    {
      onRequest: any,
      schema: {
        ...tags('leave'),
        summary: 'An attachment of a request in scope',
        params: TextIdParams,
        response: file('The file (XLSX, PDF or CSV).'),
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      const a = await attachmentFor(deps, callerOf(request), id);
      return reply.headers(attachmentHeaders(id, a.contentType)).send(a.data);
    },
  );
}
