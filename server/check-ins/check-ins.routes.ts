/** POST /api/v1/check-ins: one press of the check-in or check-out button. */
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { AppError } from '../../core/errors.js';
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
import { retryAfterSeconds, submitCheckIn } from './check-ins.service.js';
import type { CheckInDeps } from './check-ins.service.js';

/**
 * Admission: past `inflightMax` check-ins in progress, or with the write queue full, a
 * request is refused before its body is read — 503 with Retry-After in microseconds —
 * so the server never holds thousands of sockets it cannot serve, and health checks
 * and everything else keep answering.
 */
function admission(deps: CheckInDeps): onRequestHookHandler {
  let inFlight = 0;
  return (_request, reply, done) => {
    if (inFlight >= deps.config.inflightMax || deps.queue.full) {
      deps.queue.stats.refused++;
      done(new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) }));
      return;
    }
    inFlight++;
    // 'close' fires once whether the answer was sent or the client went away.
    reply.raw.once('close', () => inFlight--);
    done();
  };
}

export function checkInRoutes(app: FastifyInstance, auth: AuthService, deps: CheckInDeps): void {
  app.post(
    '/check-ins',
    {
      onRequest: [admission(deps), bearer(auth, { employeeOnly: true })],
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
