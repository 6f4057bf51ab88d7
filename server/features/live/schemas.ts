/** JSON schemas of the live board API (queries and answers). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ID_PATTERN, Nullable, StringEnum } from '../../platform/http/schemas.js';
import { LIVE_CATEGORIES, LIVE_FLAGS } from './board.js';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const UnitId = Type.String({
  pattern: ID_PATTERN,
  description: 'A unit in scope; default: your root.',
});

/** Who a people list shows: a category, a band, or a review fact. */
export const LIVE_FILTERS = [
  'all',
  ...LIVE_CATEGORIES,
  'on_time',
  'late',
  'missed',
  'outside',
  'flagged',
  ...LIVE_FLAGS,
] as const;
export type LiveFilter = (typeof LIVE_FILTERS)[number];

export const LIVE_SORTS = ['name', 'unit', 'check_in', 'late', 'category'] as const;
export type LiveSort = (typeof LIVE_SORTS)[number];

export const BoardQuerySchema = Type.Object(
  { unitId: Type.Optional(UnitId), date: Type.Optional(DateStr) },
  { additionalProperties: false },
);
export type BoardQuery = Static<typeof BoardQuerySchema>;

export const PeopleQuerySchema = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    date: Type.Optional(DateStr),
    filter: Type.Optional(StringEnum(LIVE_FILTERS)),
    band: Type.Optional(
      Type.String({ minLength: 1, maxLength: 20, description: 'With filter=late: one band (TL1…).' }),
    ),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Name, NIP or internal id contains this.' })),
    sort: Type.Optional(StringEnum(LIVE_SORTS)),
    order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–200, default 50.' })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuerySchema>;

export const MissedExportQuerySchema = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    date: Type.Optional(DateStr),
    format: StringEnum(['xlsx', 'pdf', 'csv'] as const),
  },
  { additionalProperties: false },
);
export type MissedExportQuery = Static<typeof MissedExportQuerySchema>;

export const CountsSchema = Type.Object({
  expected: Type.Integer({ description: 'People with work planned today.' }),
  checkedIn: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Record(Type.String(), Type.Integer(), { description: 'Late check-ins by band code.' }),
  notYet: Type.Integer(),
  missed: Type.Integer({ description: 'Not yet, and the check-in window has closed.' }),
  leave: Type.Integer(),
  dinasLuar: Type.Integer(),
  off: Type.Integer({ description: 'No work today (holiday, day off, no schedule); not in `expected`.' }),
  outside: Type.Integer(),
  flagged: Type.Object({
    time_unverified: Type.Integer(),
    late_submission: Type.Integer(),
    selfie_missing: Type.Integer(),
  }),
});

export const BoardSchema = Type.Object({
  date: Type.String(),
  generatedAt: Type.String(),
  unit: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    parentId: Nullable(Type.Integer()),
    zone: Type.String({ description: "The unit's IANA zone, for showing times." }),
  }),
  path: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), {
    description: 'From the root down to the unit (the viewer may only open those in scope).',
  }),
  totals: CountsSchema,
  rows: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      /** True for the row of people directly in the viewed unit. */
      own: Type.Boolean(),
      hasChildren: Type.Boolean(),
      counts: CountsSchema,
    }),
  ),
  bands: Type.Array(Type.String(), {
    description: 'Lateness band codes of the rule set in force, in order.',
  }),
  arrivals: Type.Array(
    Type.Object({ minute: Type.Integer({ description: 'Local minute of day.' }), count: Type.Integer() }),
    { description: 'First valid check-ins per local minute.' },
  ),
});

export const LivePersonSchema = Type.Object({
  employeeId: Type.Integer(),
  name: Type.String(),
  nip: Nullable(Type.String()),
  internalId: Nullable(Type.String()),
  position: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  category: StringEnum(LIVE_CATEGORIES),
  status: Type.String(),
  checkInAt: Nullable(Type.String()),
  lateMinutes: Type.Integer(),
  lateBand: Nullable(Type.String()),
  plannedStart: Nullable(Type.String({ description: "Local 'HH:MM'." })),
  checkInUntil: Nullable(Type.String({ description: 'ISO: the end of the check-in window.' })),
  leaveType: Nullable(Type.String()),
  outside: Type.Boolean(),
  flags: Type.Array(Type.String()),
});

export const PeopleSchema = Type.Object({
  date: Type.String(),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  people: Type.Array(LivePersonSchema),
});
