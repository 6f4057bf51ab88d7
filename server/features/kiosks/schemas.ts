/** Schemas of the kiosk routes (admin side and the tablet's side). */
import { Type } from '@sinclair/typebox';
import { KIOSK_BATCH_MAX, KIOSK_PIN_PATTERN } from '../../../core/kiosk.js';
import { ZONES } from '../../../core/model.js';
import {
  ErrorBodySchema,
  Nullable,
  PunchReviewViewSchema,
  StringEnum,
  TimeAnchorViewSchema,
} from '../../platform/http/schemas.js';

const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
const KIOSK_ID = Type.String({ pattern: UUID_PATTERN, description: 'The kiosk id (UUIDv7).' });

export const KioskViewSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  siteId: Type.Integer(),
  siteName: Type.String(),
  status: StringEnum(['active', 'revoked'] as const),
  enrolled: Type.Boolean({ description: 'Whether the tablet has exchanged its enrolment code.' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.Integer()),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  codeExpiresAt: Nullable(
    Type.String({ format: 'date-time', description: 'Until when the enrolment code works; null once used.' }),
  ),
});

export const KioskIdParamsSchema = Type.Object({ id: KIOSK_ID });

export const CreateKioskSchema = Type.Object(
  {
    siteId: Type.Integer({ minimum: 1, description: 'The work site the tablet stands at.' }),
    label: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Pintu depan".' }),
  },
  { additionalProperties: false },
);

export const CreatedKioskSchema = Type.Object({
  kiosk: KioskViewSchema,
  code: Type.String({
    description: 'The one-time enrolment code to type on the tablet (shown once, valid 24 hours).',
  }),
  codeExpiresAt: Type.String({ format: 'date-time' }),
});

export const SetCredentialsSchema = Type.Object(
  {
    pin: Type.Optional(
      Type.String({
        pattern: KIOSK_PIN_PATTERN,
        description: 'The new PIN (6-8 digits); left out, the server makes one and shows it once.',
      }),
    ),
    newCard: Type.Optional(
      Type.Boolean({ description: 'Issue a new QR secret for the ID card (the old card stops working).' }),
    ),
  },
  { additionalProperties: false },
);

export const CredentialsSchema = Type.Object({
  employeeId: Type.Integer(),
  pin: Nullable(Type.String({ description: 'The PIN the server made (shown once), else null.' })),
  card: Nullable(
    Type.String({ description: 'The new QR secret to print on the ID card (shown once), else null.' }),
  ),
  hasCard: Type.Boolean(),
  issuedAt: Type.String({ format: 'date-time' }),
});

const KioskInfoProps = {
  kioskId: Type.String(),
  label: Type.String(),
  status: StringEnum(['active', 'revoked'] as const),
  site: Type.Object({ id: Type.Integer(), name: Type.String(), zone: StringEnum(ZONES) }),
  selfieRequired: Type.Boolean(),
};

export const KioskEnrolSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);

export const KioskEnrolResponseSchema = Type.Object({
  ...KioskInfoProps,
  key: Type.String({ description: 'base64url of the 32-byte HMAC-SHA256 key; shown once.' }),
});

export const KioskHelloSchema = Type.Object(
  {
    kioskId: KIOSK_ID,
    sentAt: Type.String({ maxLength: 40, pattern: INSTANT_PATTERN }),
    signature: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

export const KioskHelloResponseSchema = Type.Object({ ...KioskInfoProps, anchor: TimeAnchorViewSchema });

/** One capture of a kiosk batch (each is validated on its own, in the route). */
export const KioskCaptureSchema = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN, description: 'UUIDv7 made by the kiosk at the press.' }),
    kind: StringEnum(['in', 'out'] as const),
    capturedAt: Type.String({ maxLength: 40, pattern: INSTANT_PATTERN }),
    nip: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'NIP (spaces allowed) or the staff number of someone without one.',
      }),
    ),
    card: Type.Optional(
      Type.String({ minLength: 16, maxLength: 64, description: 'The QR secret of the ID card.' }),
    ),
    pin: Type.String({ minLength: 1, maxLength: 16 }),
    time: Type.Optional(
      Type.Object(
        {
          anchor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          elapsedMs: Type.Optional(
            Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
          ),
          deviceTime: Type.String({ maxLength: 40, pattern: INSTANT_PATTERN }),
          skewMs: Type.Optional(
            Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
          ),
          uncertaintyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400_000 })),
        },
        { additionalProperties: false },
      ),
    ),
    photo: Type.Optional(
      Type.Object(
        {
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          bytes: Type.Integer({ minimum: 1, maximum: 10 * 1024 * 1024 }),
        },
        { additionalProperties: false },
      ),
    ),
    signature: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'base64url(HMAC-SHA256(kiosk key, kioskCaptureCanonical(kioskId, capture))).',
    }),
  },
  { additionalProperties: false },
);

/** Body limit of the batch: 100 captures of at most ~2 KB each. */
export const KIOSK_BATCH_BODY_LIMIT = KIOSK_BATCH_MAX * 2048 + 1024;

export const KioskBatchSchema = Type.Object(
  {
    kioskId: KIOSK_ID,
    captures: Type.Array(
      Type.Object({}, { additionalProperties: true, description: 'A signed kiosk capture.' }),
      { minItems: 1, maxItems: KIOSK_BATCH_MAX },
    ),
  },
  { additionalProperties: false },
);

export const KioskPunchViewSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(['in', 'out'] as const),
  name: Type.String(),
  timeOfRecord: Type.String({ format: 'date-time' }),
  workDate: Type.String(),
  localTime: Type.String(),
  zone: StringEnum(ZONES),
  review: Type.Optional(PunchReviewViewSchema),
});

export const KioskBatchResponseSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Integer({ description: '201 stored now, 200 stored before, else refused (see error).' }),
      body: Type.Optional(KioskPunchViewSchema),
      error: Type.Optional(ErrorBodySchema),
    }),
  ),
  anchor: TimeAnchorViewSchema,
});
