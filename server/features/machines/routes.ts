/**
 * Fingerprint machines for admins:
 * GET /machines (?status=pending), GET /machines/{serial};
 * POST /machines/{serial}/accept {siteId, label?}, /retire;
 * POST /machines/{serial}/pins {pin, employeeId, scope?} (queues the user on the machines);
 * POST /machines/{serial}/push-users (every mapped user, as USERINFO commands);
 * POST /machines/{serial}/reconciliations {date}, GET /machines/{serial}/reconciliations/{id}.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ZONES } from '../../../core/model.js';
import type { AuthService } from '../auth/service.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { ID_PATTERN, Nullable, StringEnum, bearerAuth, errorResponses } from '../../platform/http/schemas.js';
import {
  accept,
  listScopedMachines,
  machineDetail,
  mapPin,
  pushUsers,
  reconciliation,
  requestReconciliation,
  retire,
} from './service.js';
import type { MachineDeps } from './service.js';

const MachineViewProps = {
  serial: Type.String(),
  status: StringEnum(['pending', 'active', 'retired'] as const),
  label: Type.String(),
  siteId: Nullable(Type.Integer()),
  siteName: Nullable(Type.String()),
  zone: Nullable(StringEnum(ZONES)),
  firmware: Nullable(Type.String()),
  pushVersion: Nullable(Type.String()),
  address: Nullable(Type.String()),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastContactAt: Type.String({ format: 'date-time' }),
  driftSec: Nullable(
    Type.Integer({ description: "The clock's error at the last measurement (positive: ahead)." }),
  ),
  driftMeasuredAt: Nullable(Type.String({ format: 'date-time' })),
  driftAlarm: Type.Boolean({ description: 'The last measured drift is past HADIR_MACHINE_DRIFT_ALARM.' }),
  acceptedAt: Nullable(Type.String({ format: 'date-time' })),
};
const MachineViewSchema = Type.Object(MachineViewProps);

const OutcomeCounts = Type.Object(
  {
    stored: Type.Optional(Type.Integer()),
    same_punch: Type.Optional(Type.Integer()),
    held: Type.Optional(Type.Integer()),
    unknown_pin: Type.Optional(Type.Integer()),
    future: Type.Optional(Type.Integer()),
    too_old: Type.Optional(Type.Integer()),
    inactive: Type.Optional(Type.Integer()),
  },
  { description: 'Lines by what became of them.' },
);

const MachineDetailSchema = Type.Object({
  ...MachineViewProps,
  lines: OutcomeCounts,
  pins: Type.Array(
    Type.Object({
      pin: Type.String(),
      employeeId: Type.Integer(),
      scope: StringEnum(['machine', 'site'] as const),
    }),
  ),
  commands: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      command: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      sentAt: Nullable(Type.String({ format: 'date-time' })),
      repliedAt: Nullable(Type.String({ format: 'date-time' })),
      replyCode: Nullable(Type.Integer()),
    }),
  ),
});

const SerialParams = Type.Object({ serial: Type.String({ pattern: '^[A-Za-z0-9]{1,32}$' }) });
const ReconciliationParams = Type.Object({
  serial: Type.String({ pattern: '^[A-Za-z0-9]{1,32}$' }),
  id: Type.String({ pattern: ID_PATTERN }),
});

const tags = { tags: ['machines'], security: bearerAuth };

export function machineRoutes(server: FastifyInstance, auth: AuthService, deps: MachineDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admins = bearer(auth, { roles: ADMIN_ROLES });

  app.get(
    '/machines',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: 'Fingerprint machines of your units, and every machine waiting to be accepted',
        querystring: Type.Object(
          { status: Type.Optional(StringEnum(['pending', 'active', 'retired'] as const)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ machines: Type.Array(MachineViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { status } = request.query;
      return { machines: await listScopedMachines(deps, claimsOf(request), status ?? null) };
    },
  );

  app.get(
    '/machines/:serial',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: 'A machine: its clock, the lines it sent, its PINs and commands',
        params: SerialParams,
        response: { 200: MachineDetailSchema, ...errorResponses },
      },
    },
    async (request) => machineDetail(deps, claimsOf(request), request.params.serial),
  );

  app.post(
    '/machines/:serial/accept',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: 'Accept a machine into a work site of your units (its held lines are stored now)',
        params: SerialParams,
        body: Type.Object(
          {
            siteId: Type.Integer({ minimum: 1 }),
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ machine: MachineViewSchema, released: OutcomeCounts }),
          ...errorResponses,
        },
      },
    },
    async (request) => accept(deps, claimsOf(request), request.params.serial, request.body),
  );

  app.post(
    '/machines/:serial/retire',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: 'Retire a machine: what it sends from now on is held, never stored',
        params: SerialParams,
        response: { 200: MachineViewSchema, ...errorResponses },
      },
    },
    async (request) => retire(deps, claimsOf(request), request.params.serial),
  );

  app.post(
    '/machines/:serial/pins',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary:
          'Map a PIN to an employee on this machine or its whole site, and send the user to the machines',
        params: SerialParams,
        body: Type.Object(
          {
            pin: Type.String({ pattern: '^[A-Za-z0-9]{1,24}$' }),
            employeeId: Type.Integer({ minimum: 1 }),
            scope: Type.Optional(
              StringEnum(['machine', 'site'] as const, 'Default site: every machine of the site.'),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            pin: Type.String(),
            employeeId: Type.Integer(),
            scope: StringEnum(['machine', 'site'] as const),
            commands: Type.Array(Type.Integer(), {
              description: 'The USERINFO commands queued, one per machine.',
            }),
            released: OutcomeCounts,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const r = await mapPin(deps, claimsOf(request), request.params.serial, request.body);
      return reply.code(201).send(r);
    },
  );

  app.post(
    '/machines/:serial/push-users',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: 'Send every user mapped to this machine to it (DATA UPDATE USERINFO)',
        params: SerialParams,
        response: { 202: Type.Object({ commands: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await pushUsers(deps, claimsOf(request), request.params.serial)),
  );

  app.post(
    '/machines/:serial/reconciliations',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: "Ask the machine for a day's log again (DATA QUERY ATTLOG) to compare with Hadir's",
        params: SerialParams,
        body: Type.Object(
          {
            date: Type.String({
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description: "The machine's local date.",
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ id: Type.Integer(), commandId: Type.Integer(), date: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await requestReconciliation(deps, claimsOf(request), request.params.serial, request.body.date)),
  );

  app.get(
    '/machines/:serial/reconciliations/:id',
    {
      onRequest: admins,
      schema: {
        ...tags,
        summary: "What differs between the machine's log of the day and Hadir's",
        params: ReconciliationParams,
        response: {
          200: Type.Object({
            id: Type.Integer(),
            date: Type.String(),
            requestedAt: Type.String({ format: 'date-time' }),
            sentAt: Nullable(Type.String({ format: 'date-time' })),
            repliedAt: Nullable(Type.String({ format: 'date-time' })),
            machineLines: Type.Integer(),
            hadirLines: Type.Integer(),
            differences: Type.Array(
              Type.Object({
                pin: Type.String(),
                time: Type.String(),
                kind: StringEnum(['only_on_machine', 'only_in_hadir', 'not_a_punch'] as const),
                outcome: Nullable(Type.String()),
                punchId: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { serial, id } = request.params;
      return reconciliation(deps, claimsOf(request), serial, Number(id));
    },
  );
}
