/** POST /api/v1/check-ins: one press of the check-in or check-out button. */
import type { FastifyInstance } from 'fastify';
import type { CheckInRequest } from '../../core/wire.js';
import type { AuthService } from '../auth/auth.service.js';
import { bearer, claimsOf } from '../auth/auth.routes.js';
import { unwrap } from '../http/errors.js';
import {
  bearerAuth,
  CHECK_IN_FIELD_CODES,
  CheckInRequestSchema,
  CheckInResponseSchema,
  errorResponses,
} from '../http/schemas.js';
import { submitCheckIn } from './check-ins.service.js';
import type { CheckInDeps } from './check-ins.service.js';

export function checkInRoutes(app: FastifyInstance, auth: AuthService, deps: CheckInDeps): void {
  app.post(
    '/check-ins',
    {
      onRequest: bearer(auth, { employeeOnly: true }),
      config: { fieldCodes: CHECK_IN_FIELD_CODES },
      schema: {
        tags: ['check-ins'],
        summary: 'Record a check-in or check-out (idempotent on the id)',
        description:
          '201 when stored now; 200 with the same answer when this exact request was stored before; ' +
          '409 id_conflict when the id was used for a different request.',
        security: bearerAuth,
        body: CheckInRequestSchema,
        response: { 200: CheckInResponseSchema, 201: CheckInResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const employeeId = claimsOf(request).emp;
      if (employeeId === null) throw new Error('bearer hook let a non-employee through');
      const outcome = unwrap(await submitCheckIn(deps, employeeId, request.body as CheckInRequest));
      return reply.code(outcome.status).send(outcome.body);
    },
  );
}
