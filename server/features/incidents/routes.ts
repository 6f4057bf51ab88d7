/** Incidents: POST /incidents (agency admin), GET /incidents?month (admins, within their scope). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, AGENCY_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  IdList,
  InstantStr,
  Loose,
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
type IncidentBody = Static<typeof IncidentBody>;

export function incidentRoutes(app: FastifyInstance, auth: Authenticator, deps: IncidentDeps): void {
  app.post(
    '/incidents',
    {
      onRequest: bearer(auth, { roles: AGENCY_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'Declare an incident window in which lateness is excused (agency admin)',
        body: IncidentBody,
        response: created(Loose('The stored incident.')),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await declareIncident(deps, callerOf(request), request.body as IncidentBody)),
  );

  app.get(
    '/incidents',
    {
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'Incidents overlapping a month',
        querystring: MonthQuery,
        response: ok(Loose('{ incidents }')),
      },
    },
    async (request) => ({
      incidents: await incidentsOfMonth(deps, callerOf(request), (request.query as MonthQuery).month),
    }),
  );
}
