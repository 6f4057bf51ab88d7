/**
 * Kiosk mode over HTTP.
 *
 * Admins (their units' sites and people; audited):
 * - POST /kiosks {siteId, label} → the kiosk and its one-time enrolment code;
 * - GET /kiosks; POST /kiosks/{id}/revoke;
 * - POST /employees/{id}/kiosk-credentials {pin?, newCard?} → the PIN (when the server
 *   made it) and the card's QR secret (when asked for), each shown once.
 *
 * The tablet (no account: it proves itself with its code, then with its key):
 * - POST /kiosk/enrol {code} → kiosk id, key (once), site;
 * - POST /kiosk/hello {kioskId, sentAt, signature} → its state and a time anchor;
 * - POST /kiosk/captures {kioskId, captures} → one result per capture and a fresh anchor.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { kioskHelloCanonical } from '../../../core/kiosk.js';
import type { KioskBatchRequest, KioskHelloRequest, KioskHelloResponse } from '../../../core/kiosk.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import { bearerAuth, EmployeeIdParamsSchema, errorResponses } from '../../platform/http/schemas.js';
import type { AuthService } from '../auth/service.js';
import type { ScryptParams } from '../../platform/crypto/password.js';
import { activeKiosk, kioskAnchor, signedByKiosk, submitKioskBatch } from './capture.js';
import type { KioskCaptureDeps } from './capture.js';
import {
  CreatedKioskSchema,
  CreateKioskSchema,
  CredentialsSchema,
  KIOSK_BATCH_BODY_LIMIT,
  KioskBatchResponseSchema,
  KioskBatchSchema,
  KioskCaptureSchema,
  KioskEnrolResponseSchema,
  KioskEnrolSchema,
  KioskHelloResponseSchema,
  KioskHelloSchema,
  KioskIdParamsSchema,
  KioskViewSchema,
  SetCredentialsSchema,
} from './schemas.js';
import {
  createKiosk,
  enrolKiosk,
  kioskInfo,
  listScopedKiosks,
  revokeKioskAs,
  setKioskCredentials,
} from './service.js';

export interface KioskDeps extends KioskCaptureDeps {
  passwordParams?: ScryptParams;
}

const adminTags = { tags: ['kiosks'], security: bearerAuth };
const kioskTags = {
  tags: ['kiosks'],
  description: 'Called by an enrolled kiosk tablet; no account, the kiosk signs with its key.',
};

export function kioskRoutes(app: FastifyInstance, auth: AuthService, deps: KioskDeps): void {
  const admins = bearer(auth, { roles: ADMIN_ROLES });

  app.post(
    '/kiosks',
    {
      onRequest: admins,
      schema: {
        ...adminTags,
        summary: 'Enrol a tablet as the kiosk of a work site of your units: the kiosk and a one-time code',
        body: CreateKioskSchema,
        response: { 201: CreatedKioskSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createKiosk(deps, callerOf(request), request.body as { siteId: number; label: string })),
  );

  app.get(
    '/kiosks',
    {
      onRequest: admins,
      schema: {
        ...adminTags,
        summary: "Kiosks at your units' sites",
        response: { 200: Type.Object({ kiosks: Type.Array(KioskViewSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ kiosks: await listScopedKiosks(deps, callerOf(request)) }),
  );

  app.post(
    '/kiosks/:id/revoke',
    {
      onRequest: admins,
      schema: {
        ...adminTags,
        summary: 'Revoke a kiosk: its captures are refused from now on (kiosk_revoked)',
        params: KioskIdParamsSchema,
        response: { 200: KioskViewSchema, ...errorResponses },
      },
    },
    async (request) => revokeKioskAs(deps, callerOf(request), (request.params as { id: string }).id),
  );

  app.post(
    '/employees/:id/kiosk-credentials',
    {
      onRequest: admins,
      schema: {
        ...adminTags,
        summary: "Set or reset an employee's kiosk PIN, and issue a new QR secret for the ID card",
        description:
          'Without `pin` the server makes a 6-digit PIN and shows it once. The wrong-PIN lock is cleared. ' +
          'The PIN and the card secret are kept only as hashes and never logged.',
        params: EmployeeIdParamsSchema,
        body: SetCredentialsSchema,
        response: { 200: CredentialsSchema, ...errorResponses },
      },
    },
    async (request) =>
      setKioskCredentials(
        deps,
        callerOf(request),
        Number((request.params as { id: string }).id),
        request.body as { pin?: string; newCard?: boolean },
      ),
  );

  app.post(
    '/kiosk/enrol',
    {
      schema: {
        ...kioskTags,
        summary: 'Exchange a one-time enrolment code for the kiosk id and its key (once)',
        body: KioskEnrolSchema,
        response: { 201: KioskEnrolResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await enrolKiosk(deps, (request.body as { code: string }).code, request.id)),
  );

  app.post(
    '/kiosk/hello',
    {
      schema: {
        ...kioskTags,
        summary: "The kiosk's state (site, selfie rule, revoked or not) and a time anchor",
        body: KioskHelloSchema,
        response: { 200: KioskHelloResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<KioskHelloResponse> => {
      const body = request.body as KioskHelloRequest;
      const k = await activeKiosk(deps.db, body.kioskId);
      if (!signedByKiosk(k, kioskHelloCanonical(k.id, body.sentAt), body.signature)) {
        throw new AppError('kiosk_signature_invalid');
      }
      return { ...(await kioskInfo(deps.db, k)), anchor: kioskAnchor(deps, k.id) };
    },
  );

  app.post(
    '/kiosk/captures',
    {
      bodyLimit: KIOSK_BATCH_BODY_LIMIT,
      schema: {
        ...kioskTags,
        summary: "Send the kiosk's outbox: 1 to 100 signed captures, each stored idempotently on its own",
        description:
          'Always 200 with one result per capture, in order: 201 stored now, 200 stored before (a re-sent ' +
          'batch, or the same button pressed again within a minute), or the refusal (status and error ' +
          'body): 401 kiosk_signature_invalid or kiosk_credentials_wrong, 403 kiosk_pin_locked, ' +
          'kiosk_not_served or account_inactive, 422 for the time, 400 for the shape. The whole request ' +
          'is refused with 401 kiosk_unknown or 403 kiosk_revoked, storing nothing.',
        body: KioskBatchSchema,
        response: { 200: KioskBatchResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body as KioskBatchRequest;
      const validate = request.compileValidationSchema(KioskCaptureSchema, 'body');
      return submitKioskBatch(deps, body.kioskId, body.captures, validate);
    },
  );
}
