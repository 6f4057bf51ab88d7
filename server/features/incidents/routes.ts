/** Incidents: POST /incidents (agency admin), GET /incidents?month (admins, within their scope). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, AGENCY_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  ListOf,
  IdList,
  InstantStr,
  MonthQuery,
  ok,
  Reason,
  tags,
} from '../../platform/http/fields.js';
import { Nullable } from '../../platform/http/schemas.js';
import { declareIncident, incidentsOfMonth } from './service.js';
import type { IncidentDeps } from './service.js';

const IncidentBody = Type.Object(
  {
    from: InstantStr,
    to: InstantStr,
    unitIds: Nullable(IdList(1000)),
    employeeIds: Type.Optional(IdList(10000)),
    reason: Reason,
  },
  { additionalProperties: false },
);

const IncidentFields = {
  id: Type.String(),
  from: Type.String({ description: 'ISO 8601 instant (UTC).' }),
  to: Type.String({ description: 'ISO 8601 instant (UTC).' }),
  unitIds: Nullable(ListOf(Type.Integer(), { description: 'null = the whole organisation.' })),
};
/** The declared incident (in the order declareIncident builds it). */
const IncidentSchema = Type.Object({
  ...IncidentFields,
  employeeIds: Type.Optional(ListOf(Type.Integer())),
  reason: Type.String(),
});
/** A stored incident with who declared it and when (in the order the store reads it). */
const StoredIncidentSchema = Type.Object({
  ...IncidentFields,
  reason: Type.String(),
  createdAt: Type.Integer({ description: 'Epoch milliseconds.' }),
  createdBy: Nullable(Type.Integer()),
  employeeIds: Type.Optional(ListOf(Type.Integer())),
});

export function incidentRoutes(server: FastifyInstance, auth: Authenticator, deps: IncidentDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/incidents',
    {
      onRequest: bearer(auth, { roles: AGENCY_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'Declare an incident window in which lateness is excused (agency admin)',
        body: IncidentBody,
        response: created(IncidentSchema),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await declareIncident(deps, callerOf(request), request.body)),
  );

  app.get(
    '/incidents',
    {
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'Incidents overlapping a month',
        querystring: MonthQuery,
        response: ok(Type.Object({ incidents: Type.Array(StoredIncidentSchema) })),
      },
    },
    async (request) => ({
      incidents: await incidentsOfMonth(deps, callerOf(request), request.query.month),
    }),
  );
}
