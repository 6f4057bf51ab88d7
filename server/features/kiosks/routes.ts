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
 * - POST /kiosk/captures {kioskId, captures} → one result per capture and a fresh anchor;
 * - PUT /kiosk/captures/{id}/photo (raw JPEG or WebP; headers X-Hadir-Kiosk and
 *   X-Hadir-Signature) → the selfie of one of the kiosk's stored captures.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { kioskHelloCanonical, kioskPhotoCanonical } from '../../../core/kiosk.js';
import type { KioskHelloResponse } from '../../../core/kiosk.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import { sendAppError, toAppError, unwrap } from '../../platform/http/errors.js';
import { bearerAuth, EmployeeIdParamsSchema, errorResponses } from '../../platform/http/schemas.js';
import { PunchIdParamsSchema, PunchPhotoViewSchema } from '../photos/schemas.js';
import { PHOTO_CONTENT_TYPES, sha256Hex, uploadPhoto } from '../photos/service.js';
import type { PhotoDeps } from '../photos/service.js';
import { getPunch } from '../check-ins/store.js';
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
  /** Where the selfies of kiosk captures go (the photos feature's store and limits). */
  photos: PhotoDeps;
}

/** The headers of a kiosk's selfie upload. */
export const KIOSK_HEADER = 'x-hadir-kiosk';
export const SIGNATURE_HEADER = 'x-hadir-signature';

const adminTags = { tags: ['kiosks'], security: bearerAuth };
const kioskTags = {
  tags: ['kiosks'],
  description: 'Called by an enrolled kiosk tablet; no account, the kiosk signs with its key.',
};

export function kioskRoutes(server: FastifyInstance, auth: AuthService, deps: KioskDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
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
    async (request, reply) => reply.code(201).send(await createKiosk(deps, callerOf(request), request.body)),
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
    async (request) => revokeKioskAs(deps, callerOf(request), request.params.id),
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
    async (request) => setKioskCredentials(deps, callerOf(request), Number(request.params.id), request.body),
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
    async (request, reply) => reply.code(201).send(await enrolKiosk(deps, request.body.code, request.id)),
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
      const body = request.body;
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
      const body = request.body;
      const validate = request.compileValidationSchema(KioskCaptureSchema, 'body');
      return submitKioskBatch(deps, body.kioskId, body.captures, validate);
    },
  );

  // The selfie, in a scope of its own so its image parser and size limit apply here only.
  void app.register((plugin, _opts, done) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      [...PHOTO_CONTENT_TYPES],
      { parseAs: 'buffer', bodyLimit: deps.photos.maxBytes },
      (_request, body, parsed) => parsed(null, body),
    );
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      let e: AppError;
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new AppError('photo_too_large');
      else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = new AppError('photo_type');
      else e = toAppError(err, request);
      if (e.code === 'internal') request.log.error({ err }, 'request failed');
      return sendAppError(reply, e);
    });
    scope.put(
      '/kiosk/captures/:id/photo',
      {
        bodyLimit: deps.photos.maxBytes,
        schema: {
          ...kioskTags,
          summary: "Upload the selfie of one of this kiosk's captures (raw image/jpeg or image/webp body)",
          description:
            'Headers: X-Hadir-Kiosk (the kiosk id) and X-Hadir-Signature, base64url HMAC-SHA256 with the ' +
            'kiosk key over kioskPhotoCanonical(kioskId, captureId, SHA-256 of the body). The SHA-256 must ' +
            'equal `photo.sha256` of the capture. 201 stored now, 200 stored before; a capture of another ' +
            'kiosk is 404; refusals as PUT /check-ins/{id}/photo.',
          consumes: [...PHOTO_CONTENT_TYPES],
          body: {
            content: Object.fromEntries(
              PHOTO_CONTENT_TYPES.map((t) => [t, { schema: { description: 'The image file.' } }]),
            ),
          },
          params: PunchIdParamsSchema,
          response: { 200: PunchPhotoViewSchema, 201: PunchPhotoViewSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const kioskId = request.headers[KIOSK_HEADER];
        const signature = request.headers[SIGNATURE_HEADER];
        if (typeof kioskId !== 'string' || typeof signature !== 'string') throw new AppError('kiosk_unknown');
        const k = await activeKiosk(deps.db, kioskId);
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new AppError('photo_type');
        const id = request.params.id.toLowerCase();
        if (!signedByKiosk(k, kioskPhotoCanonical(k.id, id, sha256Hex(body)), signature)) {
          throw new AppError('kiosk_signature_invalid');
        }
        const punch = await getPunch(deps.db, id);
        if (!punch || punch.terminal_id !== k.id) throw new AppError('not_found');
        const ct = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        // The photo is the pressing employee's; the account that answers for the kiosk uploads it.
        const outcome = unwrap(
          await uploadPhoto(
            deps.photos,
            { employeeId: punch.employee_id, accountId: k.created_by ?? 0 },
            id,
            ct,
            body,
          ),
        );
        return reply.code(outcome.status).send(outcome.body);
      },
    );
    done();
  });
}
