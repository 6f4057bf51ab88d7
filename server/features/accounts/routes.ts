/**
 * Accounts API: the account list (searched, filtered and paged, within the caller's
 * scope), activation codes for a unit's employees (as JSON, a PDF of slips or an XLSX),
 * reset, disable, enable, unlock, end sessions, admin accounts for an OPD, and the
 * public first sign-in (POST /auth/activate) where a person trades the code for a
 * password.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { noContent } from '../../platform/http/fields.js';
import { bearerAuth, errorResponses, ID_PATTERN, Nullable, StringEnum } from '../../platform/http/schemas.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import { FailureThrottle } from '../auth/throttle.js';
import { pageParams } from '../console/paging.js';
import { actorOf } from '../units/access.js';
import { IdParamsSchema } from '../units/schemas.js';
import {
  ACCOUNT_STATUSES,
  accountPage,
  activateAccount,
  createAdminAccount,
  endAccountSessions,
  issueActivation,
  resetAccount,
  setAccountActive,
  unlockAccount,
} from './service.js';
import type { AccountDeps, Slip } from './service.js';
import { slipsPdf, slipsXlsx } from './slips.js';

const SlipSchema = Type.Object({
  accountId: Type.Integer(),
  employeeId: Nullable(Type.Integer()),
  name: Type.String(),
  username: Type.String(),
  unitName: Type.String(),
  code: Type.String({ description: 'Shown only in this answer; only its hash is stored.' }),
  expiresAt: Type.String(),
});
const slipView = (s: Slip) => ({ ...s, expiresAt: new Date(s.expiresAt).toISOString() });

/**
 * Sends the slips as a file (format pdf or xlsx): bytes with their own content type, which
 * the JSON answer schema does not describe and fast-json-stringify does not touch.
 */
function download(reply: FastifyReply, type: string, fileName: string, data: Buffer): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`).send(data);
}

const AccountQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Part of the name, NIP, staff number or username (case and spaces ignored).',
      }),
    ),
    unitId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'The unit and all below it (in your scope).' }),
    ),
    role: Type.Optional(StringEnum(['employee', 'unit_admin', 'agency_admin'] as const)),
    status: Type.Optional(
      StringEnum(
        ACCOUNT_STATUSES,
        'active: can sign in; pending: activation code not used yet; disabled: switched off.',
      ),
    ),
    locked: Type.Optional(
      StringEnum(
        ['true', 'false'] as const,
        'Whether the sign-in throttle refuses the account now (as the answering server process counts).',
      ),
    ),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–200, default 50.' })),
  },
  { additionalProperties: false },
);

const AccountItemSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String({ description: 'NIP, staff number or admin username.' }),
  role: StringEnum(['employee', 'unit_admin', 'agency_admin'] as const),
  name: Nullable(Type.String({ description: "The employee's name; null for an admin account." })),
  nip: Nullable(Type.String()),
  employeeId: Nullable(Type.Integer()),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(
    Type.String({
      description: "The employee's unit, or the unit an OPD admin manages; null for an agency admin.",
    }),
  ),
  status: StringEnum(ACCOUNT_STATUSES),
  locked: Type.Boolean({
    description:
      'Refused by the sign-in throttle now, as this server process counts; POST …/unlock clears it everywhere.',
  }),
});
const AccountPageSchema = Type.Object({
  total: Type.Integer({ description: 'All accounts matching the filters.' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(AccountItemSchema),
});

const ActivationRequestSchema = Type.Object(
  {
    unitId: Nullable(
      Type.Integer({ minimum: 1, description: 'The unit and all below it; null = the whole scope.' }),
    ),
    reissue: Type.Optional(
      Type.Boolean({ description: 'New codes for accounts already activated too (their passwords end).' }),
    ),
    format: Type.Optional(StringEnum(['json', 'pdf', 'xlsx'] as const)),
  },
  { additionalProperties: false },
);
const AdminRequestSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    role: StringEnum(['unit_admin', 'agency_admin'] as const),
    unitId: Nullable(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
const ActivateSchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'NIP (spaces allowed), staff number or admin username.',
    }),
    code: Type.String({ minLength: 1, maxLength: 20 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export interface AccountRouteDeps extends AccountDeps {
  /** The address printed on slips (where the phone app is). */
  publicUrl: string;
}

export function accountRoutes(server: FastifyInstance, auth: AuthService, deps: AccountRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth, { roles: ADMIN_ROLES });
  const tags = { tags: ['accounts'], security: bearerAuth };
  const deps2: AccountDeps = {
    ...deps,
    unlock: (a) => auth.unlock(a),
    lockedUsernames: () => auth.lockedUsernames(),
  };
  const id = (r: { params: { id: string } }) => Number(r.params.id);

  app.get(
    '/accounts',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary:
          'Accounts in your scope with name, NIP and unit: searched, filtered (unit, role, status, locked) and paged',
        querystring: AccountQuerySchema,
        response: { 200: AccountPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return accountPage(deps2, actorOf(claimsOf(request), request.id), {
        ...(q.q !== undefined && { search: q.q }),
        ...(q.unitId !== undefined && { unitId: Number(q.unitId) }),
        ...(q.role !== undefined && { role: q.role }),
        ...(q.status !== undefined && { status: q.status }),
        ...(q.locked !== undefined && { locked: q.locked === 'true' }),
        ...pageParams(q),
      });
    },
  );

  app.post(
    '/accounts/activation',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'Create missing employee accounts and issue activation codes (JSON, PDF slips or XLSX)',
        body: ActivationRequestSchema,
        response: { 200: Type.Object({ items: Type.Array(SlipSchema) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const slips = await issueActivation(deps2, actorOf(claimsOf(request), request.id), {
        unitId: b.unitId,
        reissue: b.reissue === true,
      });
      const name = `aktivasi-${b.unitId ?? 'semua'}`;
      if (b.format === 'pdf') {
        const pdf = await slipsPdf(slips, {
          title: `Slip aktivasi akun Hadir (${slips[0]?.unitName ?? ''})`,
          url: deps.publicUrl,
        });
        return download(reply, 'application/pdf', `${name}.pdf`, pdf);
      }
      if (b.format === 'xlsx') {
        return download(
          reply,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          `${name}.xlsx`,
          await slipsXlsx(slips),
        );
      }
      return { items: slips.map(slipView) };
    },
  );
  app.post(
    '/accounts/admins',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'Create an admin account (OPD or agency) with an activation code',
        body: AdminRequestSchema,
        response: { 201: SlipSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      return reply
        .code(201)
        .send(slipView(await createAdminAccount(deps2, actorOf(claimsOf(request), request.id), b)));
    },
  );
  app.post(
    '/accounts/:id/reset',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'Reset: the password ends, sessions end, a new code is issued',
        params: IdParamsSchema,
        response: { 200: SlipSchema, ...errorResponses },
      },
    },
    async (request) =>
      slipView(await resetAccount(deps2, actorOf(claimsOf(request), request.id), id(request))),
  );
  for (const [path, summary, done, run] of [
    [
      'disable',
      'Disable the account (its sessions end at once)',
      'Disabled.',
      (r: Parameters<typeof claimsOf>[0] & { params: { id: string } }) =>
        setAccountActive(deps2, actorOf(claimsOf(r), r.id), id(r), false),
    ],
    [
      'enable',
      'Enable the account again',
      'Enabled.',
      (r: Parameters<typeof claimsOf>[0] & { params: { id: string } }) =>
        setAccountActive(deps2, actorOf(claimsOf(r), r.id), id(r), true),
    ],
    [
      'unlock',
      'Clear the sign-in throttle after too many wrong passwords',
      'Unlocked.',
      (r: Parameters<typeof claimsOf>[0] & { params: { id: string } }) =>
        unlockAccount(deps2, actorOf(claimsOf(r), r.id), id(r)),
    ],
  ] as const) {
    app.post(
      `/accounts/:id/${path}`,
      {
        onRequest: any,
        schema: {
          ...tags,
          summary,
          params: IdParamsSchema,
          response: noContent(done),
        },
      },
      async (request, reply) => {
        await run(request);
        return reply.code(204).send();
      },
    );
  }

  app.post(
    '/accounts/:id/end-sessions',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'End every session of the account at once (it stays enabled; its owner signs in again)',
        params: IdParamsSchema,
        response: {
          200: Type.Object({ sessionsEnded: Type.Integer({ description: 'Sessions that were active.' }) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const ended = await endAccountSessions(deps, callerOf(request), id(request));
      auth.sessionsEnded(ended);
      return { sessionsEnded: ended.length };
    },
  );

  // Guessing codes is throttled per username, like passwords.
  const throttle = new FailureThrottle({ max: 10, windowMs: 15 * 60_000 });
  app.post(
    '/auth/activate',
    {
      schema: {
        tags: ['auth'],
        summary: 'First sign-in: trade the activation code from the slip for a password of your choice',
        body: ActivateSchema,
        response: { 200: Type.Object({ username: Type.String() }), ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      const now = deps.now();
      const key = b.username.replace(/[\s.-]/g, '');
      const wait = throttle.retryAfter(key, now);
      if (wait > 0) throw new AppError('too_many_attempts', { retryAfter: wait });
      try {
        return await activateAccount(deps2, b);
      } catch (err) {
        if (err instanceof AppError && err.code === 'activation_invalid') throttle.fail(key, now);
        throw err;
      }
    },
  );
}
