/**
 * The admins' review of punches outside the fence:
 * - GET /check-ins/reviews: punches of a unit in scope (with its sub-units) waiting for a
 *   decision (or accepted, or rejected), with name, NIP, unit, time, distance from the
 *   site, position and a link to the selfie, newest first and paged;
 * - POST /check-ins/{id}/review: accept (the punch counts) or reject (it never counts),
 *   with a reason; audited. A later decision replaces the one in force as a new row.
 * Admins only (403 for employees); a unit or punch outside the caller's units answers 404,
 * exactly as a missing one.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import { created, DateStr, IdText, ok, tags, TextIdParams } from '../../platform/http/fields.js';
import { Nullable, PunchReviewViewSchema, StringEnum } from '../../platform/http/schemas.js';
import type { Database } from '../../platform/db/schema.js';
import { pageParams } from '../console/paging.js';
import { QUEUE_DEFAULT_DAYS, QUEUE_MAX_DAYS, REVIEW_STATES, decideReview, reviewQueue } from './service.js';

export interface ReviewRouteDeps {
  db: Kysely<Database>;
  now: () => number;
}

const QueueQuerySchema = Type.Object(
  {
    unitId: Type.Optional(IdText),
    status: Type.Optional(StringEnum(REVIEW_STATES, 'Default: pending (no decision yet).')),
    from: Type.Optional(
      Type.String({
        description: `First work date, YYYY-MM-DD; default ${QUEUE_DEFAULT_DAYS} days before \`to\`.`,
      }),
    ),
    to: Type.Optional(
      Type.String({
        description: `Last work date, YYYY-MM-DD; default today; at most ${QUEUE_MAX_DAYS} days from \`from\`.`,
      }),
    ),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–200, default 50.' })),
  },
  { additionalProperties: false },
);

const QueueItemSchema = Type.Object({
  punchId: Type.String(),
  kind: StringEnum(['in', 'out'] as const),
  source: Type.String(),
  at: Type.String({ description: 'ISO instant of the punch.' }),
  workDate: DateStr,
  localTime: Type.String({ description: "'HH:MM:SS' on the work site's clock." }),
  zone: Type.String(),
  employee: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    nip: Nullable(Type.String()),
    internalId: Nullable(Type.String()),
    unitId: Type.Integer(),
    unitName: Type.String(),
  }),
  position: Nullable(
    Type.Object(
      { lat: Type.Number(), lon: Type.Number(), accuracy: Type.Number() },
      { description: 'Where the phone was; null for a machine or kiosk.' },
    ),
  ),
  site: Type.Object(
    { id: Nullable(Type.Integer()), name: Nullable(Type.String()), distanceM: Type.Number() },
    { description: "The nearest of the employee's sites, and the distance from it in metres." },
  ),
  flags: Type.Array(Type.String()),
  photoUrl: Nullable(Type.String({ description: 'GET this for the selfie; null when there is none.' })),
  evidence: Type.Object(
    {
      timeSource: Type.String({ description: 'anchor, device_clock, server or machine_clock.' }),
      capturedAt: Type.String({ description: "The phone's wall clock at the press, as it claimed." }),
      anchorTime: Nullable(Type.String({ description: 'The signed server time it was dated from.' })),
      receivedAt: Type.String({ description: 'When the server received it.' }),
      delayMs: Type.Integer({ description: 'Receipt minus time of record.' }),
      contactAt: Nullable(
        Type.String({
          description: "The device's latest contact with the server between the capture and its receipt.",
        }),
      ),
    },
    { description: 'What the server observed about the time of the punch.' },
  ),
  review: PunchReviewViewSchema,
});

const QueueSchema = Type.Object({
  from: DateStr,
  to: DateStr,
  status: StringEnum(REVIEW_STATES),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(QueueItemSchema),
});

const DecisionBodySchema = Type.Object(
  {
    decision: StringEnum(['accept', 'reject'] as const, 'accept: the punch counts; reject: it never counts.'),
    reason: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'Required: printed in the daily list and the exports beside the decision.',
      }),
    ),
  },
  { additionalProperties: false },
);

const DecisionSchema = Type.Object({
  punchId: Type.String(),
  review: PunchReviewViewSchema,
  history: Type.Array(
    Type.Object({
      decision: StringEnum(['accepted', 'rejected'] as const),
      by: Type.String(),
      reason: Type.String(),
      decidedAt: Type.String(),
    }),
    { description: 'Every decision on the punch, oldest first; the last is in force.' },
  ),
});

export function reviewRoutes(server: FastifyInstance, auth: Authenticator, deps: ReviewRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admins = bearer(auth, { roles: ADMIN_ROLES });

  app.get(
    '/check-ins/reviews',
    {
      onRequest: admins,
      schema: {
        ...tags('check-ins'),
        summary:
          'Punches outside the fence, or whose time rests on the phone, in your units waiting for a review (or accepted, or rejected), newest first',
        querystring: QueueQuerySchema,
        response: ok(QueueSchema),
      },
    },
    (request) => {
      const q = request.query;
      return reviewQueue(deps, callerOf(request), {
        unitId: q.unitId === undefined ? undefined : Number(q.unitId),
        status: q.status,
        from: q.from,
        to: q.to,
        ...pageParams(q),
      });
    },
  );

  app.post(
    '/check-ins/:id/review',
    {
      onRequest: admins,
      schema: {
        ...tags('check-ins'),
        summary:
          'Accept (it counts) or reject (it never counts) a punch outside the fence, with a reason; a later decision replaces it',
        params: TextIdParams,
        body: DecisionBodySchema,
        response: created(DecisionSchema),
      },
    },
    async (request, reply) => {
      const answer = await decideReview(deps, callerOf(request), request.params.id, request.body);
      return reply.code(201).send(answer);
    },
  );
}
