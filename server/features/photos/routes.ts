/**
 * Selfies over HTTP:
 * - PUT /check-ins/{id}/photo: the raw JPEG or WebP of a punch's selfie;
 * - GET /check-ins/{id}/photo: the stored JPEG, for the owner and admins in scope;
 * - GET /me/photos?from=&to=: the signed-in employee's photos (metadata only).
 *
 * Registered in a plugin of their own, so the image body parser and its size limit
 * apply to these routes only; every other route still accepts JSON alone.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { PhotoListResponse } from '../../../core/wire.js';
import type { AuthService } from '../auth/service.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { sendAppError, toAppError, unwrap } from '../../platform/http/errors.js';
import { bearerAuth, DateRangeQuerySchema, errorResponses } from '../../platform/http/schemas.js';
import { checkRange } from '../me/routes.js';
import {
  JpegResponseSchema,
  PhotoListResponseSchema,
  PunchIdParamsSchema,
  PunchPhotoViewSchema,
} from './schemas.js';
import { PHOTO_CONTENT_TYPES, photoView, readPhoto, uploadPhoto } from './service.js';
import type { PhotoDeps } from './service.js';
import { listPhotos } from './store.js';

export function photoRoutes(app: FastifyInstance, auth: AuthService, deps: PhotoDeps): void {
  void app.register((plugin, _opts, done) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      [...PHOTO_CONTENT_TYPES],
      { parseAs: 'buffer', bodyLimit: deps.maxBytes },
      (_request, body, parsed) => parsed(null, body),
    );
    // Fastify's own refusals of the body get the photo codes here (not "must be JSON").
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      let e: AppError;
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new AppError('photo_too_large');
      else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = new AppError('photo_type');
      else e = toAppError(err, request);
      if (e.code === 'internal') request.log.error({ err }, 'request failed');
      return sendAppError(reply, e);
    });

    scope.put(
      '/check-ins/:id/photo',
      {
        onRequest: bearer(auth, { employeeOnly: true }),
        bodyLimit: deps.maxBytes,
        schema: {
          tags: ['check-ins'],
          summary: "Upload the selfie of one's own check-in (raw image/jpeg or image/webp body)",
          description:
            'The SHA-256 of the body must equal `photo.sha256` sent with the check-in. ' +
            '201 when stored now; 200 with the same record when this photo was stored before; ' +
            '409 photo_conflict when the check-in already has a different photo. ' +
            'Refusals: 413 photo_too_large, 415 photo_type, 422 photo_hash_mismatch, ' +
            'photo_dimensions (64..1024 px per side) or photo_not_expected.',
          consumes: [...PHOTO_CONTENT_TYPES],
          // Raw bytes: no JSON schema can check them, the service does (an empty schema accepts them).
          body: {
            content: Object.fromEntries(
              PHOTO_CONTENT_TYPES.map((t) => [
                t,
                { schema: { description: 'The image file, at most HADIR_PHOTO_MAX_BYTES.' } },
              ]),
            ),
          },
          security: bearerAuth,
          params: PunchIdParamsSchema,
          response: { 200: PunchPhotoViewSchema, 201: PunchPhotoViewSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const claims = claimsOf(request);
        if (claims.emp === null) throw new Error('bearer hook let a non-employee through');
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new AppError('photo_type');
        const ct = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        const { id } = request.params;
        const outcome = unwrap(
          await uploadPhoto(
            deps,
            { employeeId: claims.emp, accountId: claims.sub },
            id.toLowerCase(),
            ct,
            body,
          ),
        );
        return reply.code(outcome.status).send(outcome.body);
      },
    );

    scope.get(
      '/check-ins/:id/photo',
      {
        onRequest: bearer(auth),
        schema: {
          tags: ['check-ins'],
          summary: "A check-in's selfie (own, or within the admin's units; admin reads are audited)",
          security: bearerAuth,
          params: PunchIdParamsSchema,
          response: { 200: JpegResponseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { bytes } = unwrap(await readPhoto(deps, claimsOf(request), id.toLowerCase()));
        return reply
          .type('image/jpeg')
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(bytes);
      },
    );

    scope.get(
      '/me/photos',
      {
        onRequest: bearer(auth, { employeeOnly: true }),
        schema: {
          tags: ['me'],
          summary: "The signed-in employee's selfies (metadata) for check-ins in a date range",
          security: bearerAuth,
          querystring: DateRangeQuerySchema,
          response: { 200: PhotoListResponseSchema, ...errorResponses },
        },
      },
      async (request): Promise<PhotoListResponse> => {
        const q = request.query;
        const bad = checkRange(q);
        if (bad) throw bad;
        const rows = await listPhotos(deps.db, claimsOf(request).emp ?? 0, q.from, q.to);
        return {
          from: q.from,
          to: q.to,
          photos: rows.map((r) => ({ ...photoView(r), workDate: r.work_date, kind: r.kind as 'in' | 'out' })),
        };
      },
    );
    done();
  });
}
