/**
 * JSON schemas (TypeBox) of every body, query and answer under /api/v1. Fastify's ajv
 * validates requests with them, fast-json-stringify serialises answers with them, and
 * @fastify/swagger publishes them as the OpenAPI document — one description, three uses.
 *
 * Request objects refuse unknown fields (`additionalProperties: false`), so a typo in a
 * client is an error (`unknown_field`) rather than silently ignored data.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { ERRORS } from '../../../core/errors.js';
import { EMPLOYEE_KINDS, PUNCH_SOURCES, ZONES } from '../../../core/model.js';

/** A string from a fixed list, as a plain `enum` (clear errors, clear OpenAPI). */
export function StringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}

/** The largest integer any request may carry (PostgreSQL `integer`); see input.ts. */
export const INT32_MAX = 2 ** 31 - 1;
export const INT32_MIN = -(2 ** 31);

/** Years a date in a request may have (input.ts); the calendar's ends stay out of reach. */
export const REQUEST_YEAR_MIN = 1900;
export const REQUEST_YEAR_MAX = 2199;

/** A database id in a path or query: a decimal 1 … 2^31-1, nothing else. */
export const ID_PATTERN =
  '^(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}|' +
  '21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])$';

/** `t` or null. */
export function Nullable<T extends TSchema>(t: T) {
  return Type.Union([t, Type.Null()]);
}

/** ISO 8601 instant with a zone designator (RFC 3339 §5.6 date-time). */
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

const ERROR_CODES = Object.keys(ERRORS) as (keyof typeof ERRORS)[];

export const ErrorBodySchema = Type.Object(
  {
    code: StringEnum(ERROR_CODES),
    message: Type.Object({ id: Type.String(), en: Type.String() }),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
    retryAfter: Type.Optional(
      Type.Integer({ description: 'Seconds to wait before trying again (429, 503).' }),
    ),
  },
  { description: 'Every refusal: a stable code, a message in Bahasa Indonesia and English.' },
);

/** Error answers for a route's OpenAPI entry and serialisation. */
export const errorResponses = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

// ---------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------

export const LoginRequestSchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'NIP (spaces allowed), non-ASN internal id, or admin username.',
    }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    deviceToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "The deviceToken of this client's last sign-in as this person, if it kept one.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const AccountInfoSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: StringEnum(['employee', 'unit_admin', 'agency_admin'] as const),
  employee: Nullable(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: StringEnum(EMPLOYEE_KINDS),
      nip: Nullable(Type.String()),
      unitId: Type.Integer(),
      unitName: Type.String(),
      position: Type.String(),
    }),
  ),
  unitId: Nullable(Type.Integer()),
});

export const LoginResponseSchema = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
  refreshToken: Type.String(),
  account: AccountInfoSchema,
  deviceToken: Type.Optional(
    Type.String({
      description:
        'Sign-in only: keep it, also after signing out, and send it with the next sign-in as this person; a lock-out others cause then does not reach this client.',
    }),
  ),
});

export const RefreshRequestSchema = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const ChangePasswordRequestSchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------
// Check-ins
// ---------------------------------------------------------------------------------------

export const CheckInRequestSchema = Type.Object(
  {
    id: Type.String({
      pattern: UUID_PATTERN,
      description: 'UUIDv7 made on the phone at the press of the button.',
    }),
    kind: StringEnum(['in', 'out'] as const),
    capturedAt: Type.String({
      maxLength: 40,
      pattern: INSTANT_PATTERN,
      description: 'ISO 8601 instant of the press, with Z or an offset.',
    }),
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
        accuracy: Type.Number({
          minimum: 0,
          maximum: 100_000,
          description: 'Metres (radius), as the browser reports it.',
        }),
      },
      { additionalProperties: false },
    ),
    time: Type.Optional(
      Type.Object(
        {
          anchor: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 512,
              description: 'A TimeAnchorView.token the phone held.',
            }),
          ),
          elapsedMs: Type.Optional(
            Type.Integer({
              minimum: -Number.MAX_SAFE_INTEGER,
              maximum: Number.MAX_SAFE_INTEGER,
              description:
                'Monotonic ms from the anchor to the press (counted from the middle of the round trip that brought it).',
            }),
          ),
          deviceTime: Type.String({
            maxLength: 40,
            pattern: INSTANT_PATTERN,
            description: "The phone's wall clock at the press.",
          }),
          skewMs: Type.Optional(
            Type.Integer({
              // A phone set to the wrong year is still allowed to check in (stored as bigint).
              minimum: -Number.MAX_SAFE_INTEGER,
              maximum: Number.MAX_SAFE_INTEGER,
              description: 'Phone clock minus server time at the last contact, ms.',
            }),
          ),
          uncertaintyMs: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 7 * 86_400_000,
              description:
                'How far the anchored time may be off, ms: half the round trip of the answer that ' +
                'brought the anchor, plus the monotonic clock drift since. Sent by phones since ' +
                'migration 0012; older phones leave it out.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    device: Type.Optional(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 64 }),
          signature: Type.String({
            minLength: 1,
            maxLength: 128,
            description: 'base64url(HMAC-SHA256(device key, captureCanonical(request))).',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    photo: Type.Optional(
      Type.Object(
        {
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the selfie.' }),
          bytes: Type.Integer({ minimum: 1, maximum: 10 * 1024 * 1024 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInRequestSchema>;

/** Field-specific refusal codes of the check-in body (see errors.ts `fieldCodes`). */
export const CHECK_IN_FIELD_CODES = {
  '/id': 'invalid_id',
  '/location/lat': 'invalid_location',
  '/location/lon': 'invalid_location',
  '/location/accuracy': 'invalid_accuracy',
} as const;

const FenceVerdictSchema = Type.Object({
  status: StringEnum(['inside', 'outside', 'no_location'] as const),
  locationId: Nullable(Type.Integer()),
  locationName: Nullable(Type.String()),
  distanceM: Type.Number(),
  byAccuracy: Type.Boolean(),
});

const TimingVerdictSchema = Type.Object({
  window: StringEnum(['ok', 'before_window', 'after_window', 'day_off', 'no_schedule'] as const),
  lateMinutes: Type.Integer(),
  earlyMinutes: Type.Integer(),
  scheduledStart: Nullable(Type.String()),
  scheduledEnd: Nullable(Type.String()),
});

export const TimeAnchorViewSchema = Type.Object(
  {
    token: Type.String(),
    serverTime: Type.String(),
  },
  { description: 'A signed server time; send it back in `time.anchor` of later captures.' },
);

export const PunchReviewViewSchema = Type.Object(
  {
    status: StringEnum(
      ['pending', 'accepted', 'rejected'] as const,
      'pending: counts for pay only once an admin accepts it; accepted: counts; rejected: never counts.',
    ),
    cause: Nullable(
      StringEnum(
        ['outside_fence', 'time_unverified', 'capture_delayed', 'contact_gap'] as const,
        "Why it needs a review: outside the work site, or its time rests on the phone's claim (no valid " +
          'anchor and a late receipt; delivered past the delay bound; or the device talked to the server ' +
          'after the capture without delivering it), and the rule set does not count such punches by itself.',
      ),
    ),
    decidedBy: Nullable(Type.String({ description: "The deciding admin's name, else username." })),
    reason: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
  },
  {
    description:
      'What an admin review does with the punch for pay (absent: it counts as recorded). At the press, pending tells the employee the punch counts only once an admin accepts it.',
  },
);

export const CheckInResponseSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(['in', 'out'] as const),
  source: StringEnum(PUNCH_SOURCES),
  capturedAt: Type.String(),
  receivedAt: Type.String(),
  workDate: Type.String(),
  zone: StringEnum(ZONES),
  localTime: Type.String(),
  fence: FenceVerdictSchema,
  timing: TimingVerdictSchema,
  flags: Type.Array(Type.String()),
  timeOfRecord: Type.String({ description: 'The instant lateness was computed from.' }),
  timeSource: StringEnum(['anchor', 'device_clock', 'server', 'machine_clock'] as const),
  deviceId: Nullable(Type.String()),
  terminalId: Nullable(
    Type.String({ description: 'The fingerprint machine or kiosk that produced it; null for the app.' }),
  ),
  photo: Nullable(Type.Object({ sha256: Type.String(), uploaded: Type.Boolean() })),
  review: Type.Optional(PunchReviewViewSchema),
  anchor: Type.Optional(TimeAnchorViewSchema),
});

export const DeviceViewSchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  label: Type.String(),
  status: StringEnum(['active', 'pending', 'revoked'] as const),
  createdAt: Type.String(),
  approvedAt: Nullable(Type.String()),
});

// ---------------------------------------------------------------------------------------
// Me, attendance
// ---------------------------------------------------------------------------------------

const LatLonSchema = Type.Object({ lat: Type.Number(), lon: Type.Number() });
const ShapeSchema = Type.Union([
  Type.Object({ type: Type.Literal('circle'), center: LatLonSchema, radiusM: Type.Number() }),
  Type.Object({ type: Type.Literal('polygon'), points: Type.Array(LatLonSchema) }),
]);

export const TodayResponseSchema = Type.Object({
  date: Type.String(),
  zone: StringEnum(ZONES),
  serverTime: Type.String(),
  schedule: Nullable(
    Type.Object({
      name: Type.String(),
      day: Nullable(
        Type.Object({
          start: Type.String(),
          end: Type.String(),
          checkInFrom: Type.String(),
          checkInUntil: Type.String(),
          checkOutFrom: Type.String(),
          checkOutUntil: Type.String(),
        }),
      ),
    }),
  ),
  punches: Type.Array(CheckInResponseSchema),
  locations: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), zone: StringEnum(ZONES), shape: ShapeSchema }),
  ),
  nextKind: StringEnum(['in', 'out'] as const),
  anchor: TimeAnchorViewSchema,
  device: Nullable(DeviceViewSchema),
  selfieRequired: Type.Boolean(),
});

export const DateRangeQuerySchema = Type.Object(
  {
    // Checked by the route (invalid_date_range), not here, so every bad date gets one code.
    from: Type.String({ description: 'First date, YYYY-MM-DD.', examples: ['2026-03-01'] }),
    to: Type.String({
      description: 'Last date, YYYY-MM-DD; at most 366 days from `from`, both included.',
      examples: ['2026-03-31'],
    }),
  },
  { additionalProperties: false },
);
export type DateRangeQuery = Static<typeof DateRangeQuerySchema>;

export const EmployeeIdParamsSchema = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'Employee id.' }),
});

const CountedPunchSchema = Type.Object({
  id: Type.String(),
  localTime: Type.String(),
  from: StringEnum(['punch', 'correction', 'admin'] as const),
});

export const AttendanceResponseSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      punches: Type.Array(CheckInResponseSchema),
      firstIn: Nullable(CheckInResponseSchema),
      lastOut: Nullable(CheckInResponseSchema),
      entries: Type.Array(
        Type.Object({
          id: Type.String(),
          kind: StringEnum(['in', 'out', 'void'] as const),
          source: StringEnum(
            ['correction', 'admin'] as const,
            "'correction': an approved correction request; 'admin': an admin's entry.",
          ),
          at: Type.String({ format: 'date-time' }),
          localTime: Type.String({ description: "HH:MM:SS on the wall clock of the employee's work site." }),
          note: Type.String(),
          voids: Nullable(Type.String({ description: 'The punch or entry this one cancels.' })),
        }),
        { description: 'Approved corrections and admin entries with this work date.' },
      ),
      counted: Type.Object(
        {
          in: Nullable(CountedPunchSchema),
          out: Nullable(CountedPunchSchema),
        },
        {
          description:
            'What the day counts for pay: the earliest check-in and latest check-out among punches and entries, voided ones left out.',
        },
      ),
    }),
  ),
});

// ---------------------------------------------------------------------------------------
// Health
// ---------------------------------------------------------------------------------------

export const HealthResponseSchema = Type.Object({
  status: Type.Literal('ok'),
  engine: StringEnum(['sqlite', 'postgres'] as const),
  migration: Nullable(Type.String()),
  version: Type.String(),
  time: Type.String(),
});

/** Routes that need a bearer token, for OpenAPI. */
export const bearerAuth = [{ bearerAuth: [] as string[] }];
