/** JSON schemas (TypeBox) of the photo routes' answers; see server/http/schemas.ts for the conventions. */
import { Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PunchIdParamsSchema = Type.Object({
  id: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
    description: 'The check-in id (UUIDv7).',
  }),
});

export const PunchPhotoViewSchema = Type.Object({
  punchId: Type.String(),
  sha256: Type.String({ description: 'SHA-256 (hex) of the upload, as declared with the check-in.' }),
  bytes: Type.Integer({ description: 'Size of the upload as received.' }),
  contentType: Type.Unsafe<'image/jpeg' | 'image/webp'>({
    type: 'string',
    enum: ['image/jpeg', 'image/webp'],
  }),
  stored: Type.Object(
    {
      sha256: Type.String(),
      bytes: Type.Integer(),
      width: Type.Integer(),
      height: Type.Integer(),
    },
    { description: 'The re-encoded JPEG the server keeps (no metadata, at most 480 px).' },
  ),
  uploadedAt: Type.String(),
  purgedAt: Nullable(Type.String({ description: 'When the file was deleted at the end of retention.' })),
});

export const PhotoListResponseSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  photos: Type.Array(
    Type.Composite([
      PunchPhotoViewSchema,
      Type.Object({
        workDate: Type.String(),
        kind: Type.Unsafe<'in' | 'out'>({ type: 'string', enum: ['in', 'out'] }),
      }),
    ]),
  ),
});

/** The JPEG answer of GET /check-ins/{id}/photo, for OpenAPI (a Buffer is sent as is). */
export const JpegResponseSchema = {
  description: 'The stored JPEG.',
  content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
} as const;
