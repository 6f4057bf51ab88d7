/**
 * POST /api/v1/check-ins: one press of the check-in or check-out button.
 * POST /api/v1/check-ins/batch: the phone's outbox, up to 100 captures at once, each
 * validated and stored on its own (idempotently) through the same write queue.
 * Every answer carries a fresh time anchor for the next captures.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { BatchCheckInResponse, BatchCheckInResult, CheckInRequest } from '../../../core/wire.js';
import type { AuthService } from '../auth/service.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { bodyValidationError, unwrap } from '../../platform/http/errors.js';
import type { AjvError } from '../../platform/http/errors.js';
import {
  bearerAuth,
  CHECK_IN_FIELD_CODES,
  CheckInRequestSchema,
  CheckInResponseSchema,
  errorResponses,
} from '../../platform/http/schemas.js';
import { BATCH_BODY_LIMIT, BatchCheckInRequestSchema, BatchCheckInResponseSchema } from './batch.schemas.js';
import { retryAfterSeconds, submitCheckIn } from './service.js';
import type { CheckInDeps, CheckInOutcome } from './service.js';
import { DEVICE_HEADER, ownDevice } from '../time/routes.js';

/**
 * Admission: past `inflightMax` check-ins in progress, or with the write queue full, a
 * request is refused before its body is read — 503 with Retry-After in microseconds —
 * so the server never holds thousands of sockets it cannot serve, and health checks
 * and everything else keep answering. One counter for single and batch requests.
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

function employeeOf(request: FastifyRequest): number {
  const employeeId = claimsOf(request).emp;
  if (employeeId === null) throw new Error('bearer hook let a non-employee through');
  return employeeId;
}

/** One batch item: the schema of a single check-in, then the same path as POST /check-ins. */
async function batchItem(
  deps: CheckInDeps,
  validate: ((v: unknown) => boolean) & { errors?: unknown },
  employeeId: number,
  item: unknown,
): Promise<BatchCheckInResult & { outcome?: CheckInOutcome }> {
  // `validate` is compiled from CheckInRequestSchema, whose static type CheckInRequest is.
  const isCheckIn = (v: unknown): v is CheckInRequest => validate(v);
  const rawId = (item as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' ? rawId.toLowerCase() : '';
  let result: CheckInOutcome | AppError;
  if (!isCheckIn(item)) {
    result = bodyValidationError((validate.errors ?? []) as AjvError[], item, CHECK_IN_FIELD_CODES);
  } else {
    try {
      result = await submitCheckIn(deps, employeeId, item);
    } catch (err) {
      // One item's failure is that item's answer; the others still stand.
      deps.log.error({ err, employeeId, id }, 'batch check-in item failed');
      result = new AppError('internal');
    }
  }
  if (result instanceof AppError) return { id, status: result.status, error: result.toBody() };
  return { id, status: result.status, body: result.body, outcome: result };
}

/**
 * The device a batch names, for its anchor when no item was stored: the X-Hadir-Device
 * header, else the first item's `device.id`, when it is one of the employee's devices
 * (active or awaiting approval). Items refused all together — a phone waiting for
 * approval, a full write queue — must still hand the phone an anchor its next, signed
 * captures can use; an anchor bound to no device would be refused with them.
 */
async function namedDevice(
  deps: CheckInDeps,
  request: FastifyRequest,
  employeeId: number,
  items: readonly unknown[],
): Promise<string | null> {
  const header = await ownDevice(deps.devices, request.headers[DEVICE_HEADER], employeeId);
  if (header !== null) return header;
  for (const item of items) {
    const id = (item as { device?: { id?: unknown } } | null)?.device?.id;
    if (id !== undefined) return ownDevice(deps.devices, id, employeeId);
  }
  return null;
}

export function checkInRoutes(server: FastifyInstance, auth: AuthService, deps: CheckInDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admit = admission(deps);
  const employeeOnly = bearer(auth, { employeeOnly: true });

  app.post(
    '/check-ins',
    {
      onRequest: [admit, employeeOnly],
      config: { fieldCodes: CHECK_IN_FIELD_CODES },
      schema: {
        tags: ['check-ins'],
        summary: 'Record a check-in or check-out (idempotent on the id)',
        description:
          '201 when stored now; 200 with the same answer when this exact request was stored before; ' +
          '409 id_conflict when the id was used for a different request. With HADIR_DEVICE_BINDING=required ' +
          '(default) the capture must carry `device` signed by an active enrolled device. The answer carries ' +
          'a fresh time anchor.',
        security: bearerAuth,
        body: CheckInRequestSchema,
        response: { 200: CheckInResponseSchema, 201: CheckInResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const employeeId = employeeOf(request);
      const outcome = unwrap(await submitCheckIn(deps, employeeId, request.body));
      // A 201 stored a new punch, whose row records this contact: nothing more to write.
      const anchor = deps.anchors.issue(deps.now(), employeeId, outcome.deviceId, outcome.status === 201);
      return reply.code(outcome.status).send({ ...outcome.body, anchor });
    },
  );

  app.post(
    '/check-ins/batch',
    {
      onRequest: [admit, employeeOnly],
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['check-ins'],
        summary: "Send the phone's outbox: 1 to 100 captures, each stored idempotently on its own",
        description:
          'Always 200 with one result per item, in order: 201 stored now, 200 stored before (same answer), ' +
          'or the refusal a single POST /check-ins would give (status and error body). 503 server_busy for ' +
          'the whole request when the server is full.',
        security: bearerAuth,
        body: BatchCheckInRequestSchema,
        response: { 200: BatchCheckInResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<BatchCheckInResponse> => {
      const employeeId = employeeOf(request);
      const validate = request.compileValidationSchema(CheckInRequestSchema, 'body');
      // Objects of any shape: each is checked against CheckInRequestSchema on its own.
      const items: readonly unknown[] = request.body.checkIns;
      // All at once, so they share the next group commit.
      const done = await Promise.all(items.map((item) => batchItem(deps, validate, employeeId, item)));
      const deviceId =
        done.find((d) => d.outcome?.deviceId)?.outcome?.deviceId ??
        (await namedDevice(deps, request, employeeId, items));
      const results = done.map(({ outcome: _outcome, ...r }) => r);
      const delivered = done.some((d) => d.outcome?.status === 201);
      return { results, anchor: deps.anchors.issue(deps.now(), employeeId, deviceId, delivered) };
    },
  );
}
