/** JSON schemas of the console's read endpoints: units in scope, paged daily list and recap. */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ID_PATTERN, Nullable, StringEnum } from '../../platform/http/schemas.js';
import { DAY_STATUSES } from '../../../core/attendance/index.js';
import type { StatusCounts } from '../../../core/attendance/index.js';
import { IMPORT_KINDS } from '../import/kinds.js';

const UnitId = Type.String({
  pattern: ID_PATTERN,
  description: 'A unit in scope; default: your root.',
});
const Page = Type.String({ pattern: '^[1-9][0-9]{0,5}$' });
const PageSize = Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–200, default 50.' });
const Text = Type.String({ maxLength: 100, description: 'Name, NIP or internal id contains this.' });
const Order = StringEnum(['asc', 'desc'] as const);

export const UnitsAnswerSchema = Type.Object({
  top: Type.Integer({ description: 'The highest unit you may view.' }),
  units: Type.Array(
    Type.Object({
      id: Type.Integer(),
      parentId: Nullable(Type.Integer()),
      name: Type.String(),
      kind: Type.String(),
      zone: Type.String(),
      depth: Type.Integer({ description: 'Levels below `top`.' }),
    }),
    { description: 'Every unit you may view, in tree order (a parent before its children).' },
  ),
});

export const DAILY_SORTS = ['name', 'unit', 'status', 'check_in', 'late', 'early'] as const;
export type DailySort = (typeof DAILY_SORTS)[number];
export const DailyPageQuerySchema = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    status: Type.Optional(StringEnum(DAY_STATUSES)),
    q: Type.Optional(Text),
    sort: Type.Optional(StringEnum(DAILY_SORTS)),
    order: Type.Optional(Order),
    page: Type.Optional(Page),
    pageSize: Type.Optional(PageSize),
  },
  { additionalProperties: false },
);
export type DailyPageQuery = Static<typeof DailyPageQuerySchema>;

export const RECAP_SORTS = [
  'name',
  'unit',
  'deduction',
  'late',
  'early',
  'tk',
  'present',
  'year_tk',
] as const;
export type RecapSort = (typeof RECAP_SORTS)[number];
export const RecapPageQuerySchema = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
    q: Type.Optional(Text),
    sort: Type.Optional(StringEnum(RECAP_SORTS)),
    order: Type.Optional(Order),
    page: Type.Optional(Page),
    pageSize: Type.Optional(PageSize),
  },
  { additionalProperties: false },
);
export type RecapPageQuery = Static<typeof RecapPageQuerySchema>;

const Person = {
  employeeId: Type.Integer(),
  name: Type.String(),
  nip: Nullable(Type.String()),
  internalId: Nullable(Type.String()),
  unitId: Type.Integer(),
  unitName: Type.String(),
};
/** Days per status: the fields of StatusCounts, each an integer. */
const Counts = Type.Unsafe<StatusCounts>(
  Type.Record(Type.String(), Type.Integer(), { description: 'Days per status (StatusCounts).' }),
);

export const DailyPageSchema = Type.Object({
  date: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), zone: Type.String() }),
  byStatus: Type.Record(Type.String(), Type.Integer(), {
    description: 'People per status in the whole unit.',
  }),
  byChannel: Type.Record(Type.String(), Type.Integer(), {
    description:
      'Check-ins per channel (app, fingerprint, kiosk, manual, import; correction for an approved request) in the whole unit.',
  }),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  people: Type.Array(
    Type.Object({
      ...Person,
      status: Type.String(),
      checkInAt: Nullable(Type.String()),
      checkOutAt: Nullable(Type.String()),
      checkInChannel: Nullable(Type.String({ description: 'The channel the check-in came by.' })),
      checkOutChannel: Nullable(Type.String({ description: 'The channel the check-out came by.' })),
      lateMinutes: Type.Integer(),
      lateBand: Nullable(Type.String()),
      earlyMinutes: Type.Integer(),
      earlyBand: Nullable(Type.String()),
      leaveType: Nullable(Type.String()),
      plannedStart: Nullable(Type.String()),
      plannedEnd: Nullable(Type.String()),
      ruleVersion: Type.String(),
    }),
  ),
});

const Totals = Type.Object({
  employees: Type.Integer(),
  counts: Counts,
  lateMinutes: Type.Integer(),
  earlyMinutes: Type.Integer(),
  totalBp: Type.Integer(),
  fullCuts: Type.Integer(),
});

export const RecapPageSchema = Type.Object({
  month: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  totals: Totals,
  units: Type.Array(Type.Composite([Type.Object({ unitId: Type.Integer(), name: Type.String() }), Totals]), {
    description: 'Totals per unit (each unit counted alone, not with its sub-units).',
  }),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  people: Type.Array(
    Type.Object({
      ...Person,
      counts: Counts,
      lateMinutes: Type.Integer(),
      earlyMinutes: Type.Integer(),
      totalBp: Type.Integer(),
      fullCut: Type.Boolean(),
      capped: Type.Boolean(),
      yearTk: Type.Integer({ description: 'PP 94/2021: TK days this year to the end of the month.' }),
      yearStep: Nullable(Type.String()),
    }),
  ),
});

export const InboxQuerySchema = Type.Object(
  {
    kind: StringEnum(['leave', 'correction', 'device'] as const),
    status: Type.Optional(
      StringEnum(['pending', 'approved', 'rejected', 'active', 'revoked'] as const, 'Default: pending.'),
    ),
    unitId: Type.Optional(UnitId),
    page: Type.Optional(Page),
    pageSize: Type.Optional(PageSize),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuerySchema>;

const InboxEmployee = Nullable(
  Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    nip: Nullable(Type.String()),
    internalId: Nullable(Type.String()),
    unitName: Type.String(),
    zone: Type.String({ description: "The zone of the person's unit, for local times." }),
    position: Type.String(),
  }),
);

export const InboxSchema = Type.Object({
  kind: Type.String(),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Unsafe<Record<string, unknown> & { id: string; employee: Static<typeof InboxEmployee> }>({
      type: 'object',
      properties: { id: { type: 'string' }, employee: InboxEmployee },
      additionalProperties: true,
      description:
        'A leave request, correction request or device as its own API gives it, with `employee`: name, NIP and unit.',
    }),
  ),
  counts: Type.Object(
    { leave: Type.Integer(), correction: Type.Integer(), device: Type.Integer() },
    { description: 'Pending items of each kind in scope.' },
  ),
});

export const AuditQuerySchema = Type.Object(
  {
    unitId: Type.Optional(
      Type.String({
        pattern: ID_PATTERN,
        description:
          'Only entries about this unit and its sub-units (and their people). Default: a unit admin’s units; for an agency admin every entry.',
      }),
    ),
    employeeId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'Only entries about this person.' }),
    ),
    action: Type.Optional(
      Type.String({
        pattern: '^[a-z_]+(\\.[a-z_]*)?$',
        maxLength: 60,
        description: "An action ('leave.approved'), or a family of actions ending in a dot ('leave.').",
      }),
    ),
    actor: Type.Optional(
      Type.String({ maxLength: 60, description: 'The actor’s username or label contains this.' }),
    ),
    from: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'From this day (WIB), inclusive.' }),
    ),
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'To this day (WIB), inclusive.' }),
    ),
    page: Type.Optional(Page),
    pageSize: Type.Optional(PageSize),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditPageSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  actions: Type.Array(Type.String(), { description: 'Every action the log holds, for a filter.' }),
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Type.String(),
      actor: Type.Object({
        accountId: Nullable(Type.Integer()),
        username: Nullable(Type.String()),
        role: Nullable(Type.String()),
        label: Type.String(),
      }),
      action: Type.String(),
      target: Type.String(),
      targetName: Nullable(
        Type.String({
          description:
            "The name the target is known by when no employee or unit names it: an account's username, a rule version's first day, a holiday, a machine, a work site, a schedule, an incident.",
        }),
      ),
      employee: Nullable(
        Type.Object({ id: Type.Integer(), name: Type.String(), nip: Nullable(Type.String()) }),
      ),
      unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
    { description: 'Newest first.' },
  ),
});

export const EmployeeParamsSchema = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) });

const DayView = Nullable(
  Type.Object({
    start: Type.String(),
    end: Type.String(),
    checkInFrom: Type.String(),
    checkInUntil: Type.String(),
    checkOutFrom: Type.String(),
    checkOutUntil: Type.String(),
  }),
);

export const EmployeeOverviewSchema = Type.Object({
  today: Type.String(),
  zone: Type.String(),
  account: Nullable(
    Type.Object({
      id: Type.Integer(),
      username: Type.String(),
      state: StringEnum(['none', 'pending', 'active', 'disabled'] as const),
      since: Type.String({ description: 'When the password (or the wait for one) was last set.' }),
    }),
  ),
  devices: Type.Array(
    Type.Object(
      {
        id: Type.String(),
        label: Type.String(),
        status: Type.String(),
        createdAt: Type.String(),
        approvedAt: Nullable(Type.String()),
      },
      { additionalProperties: true },
    ),
  ),
  schedule: Nullable(
    Type.Object({
      name: Type.String(),
      effectiveFrom: Type.String(),
      days: Type.Array(DayView, { description: 'Monday first.' }),
    }),
  ),
  week: Type.Array(Type.Object({ date: Type.String(), holiday: Type.Boolean(), day: DayView }), {
    description: 'The seven days from today as they resolve (overrides, rosters, holidays).',
  }),
  sites: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), active: Type.Boolean() })),
});

const DateQ = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const AdoptionQuerySchema = Type.Object(
  {
    unitId: Type.Optional(UnitId),
    from: DateQ,
    to: DateQ,
    sort: Type.Optional(
      StringEnum([
        'name',
        'employees',
        'activated',
        'phones',
        'on_time',
        'app',
        'fingerprint',
        'manual',
        'never',
      ] as const),
    ),
    order: Type.Optional(Order),
  },
  { additionalProperties: false },
);
export type AdoptionQuery = Static<typeof AdoptionQuerySchema>;

const AdoptionRow = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  depth: Type.Integer(),
  employees: Type.Integer({ description: 'Active employees of this unit alone.' }),
  accounts: Type.Integer(),
  activated: Type.Integer({ description: 'Accounts whose owner has signed in and chosen a password.' }),
  phones: Type.Integer({ description: 'People with at least one approved phone.' }),
  daysIn: Type.Integer({ description: 'Person-days with a check-in in the period.' }),
  daysOnTime: Type.Integer({ description: 'Of those, days whose first check-in was not late.' }),
  punches: Type.Integer(),
  bySource: Type.Record(Type.String(), Type.Integer(), { description: 'Punches per channel.' }),
});

export const AdoptionSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  total: AdoptionRow,
  units: Type.Array(AdoptionRow, { description: 'Each unit of the scope counted alone.' }),
});

export const NeverActivatedQuerySchema = Type.Object(
  { unitId: Type.Optional(UnitId), page: Type.Optional(Page), pageSize: Type.Optional(PageSize) },
  { additionalProperties: false },
);
export type NeverActivatedQuery = Static<typeof NeverActivatedQuerySchema>;

export const NeverActivatedSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  people: Type.Array(
    Type.Object({
      employeeId: Type.Integer(),
      name: Type.String(),
      nip: Nullable(Type.String()),
      internalId: Nullable(Type.String()),
      unitName: Type.String(),
      account: StringEnum(['none', 'pending'] as const),
    }),
  ),
});

export const SheetHeadersQuerySchema = Type.Object(
  {
    kind: Type.Optional(
      StringEnum(IMPORT_KINDS, 'The kind of sheet, as POST /import/{kind} takes it; default employees.'),
    ),
  },
  { additionalProperties: false },
);
export type SheetHeadersQuery = Static<typeof SheetHeadersQuerySchema>;

export const SheetHeadersSchema = Type.Object({
  headers: Type.Array(Type.String()),
  rows: Type.Integer({ description: 'Data rows below the header.' }),
  // Only the fields the headers suggest a column for.
  mapping: Type.Unsafe<Partial<Record<string, number>>>(
    Type.Record(Type.String(), Type.Integer(), {
      description: 'Field → 0-based column the headers suggest (as the import would guess).',
    }),
  ),
});

export const DayPunchesQuerySchema = Type.Object(
  { unitId: Type.Optional(UnitId), date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: false },
);
export type DayPunchesQuery = Static<typeof DayPunchesQuerySchema>;

export const DayPunchesSchema = Type.Object({
  date: Type.String(),
  total: Type.Integer({ description: 'Punches of the day in scope, with or without a position.' }),
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      employeeId: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      source: Type.String(),
      localTime: Type.String(),
      lat: Type.Number(),
      lon: Type.Number(),
      accuracyM: Type.Number(),
      fence: Type.String({ description: 'inside, outside or no_location.' }),
      distanceM: Type.Number(),
    }),
    { description: 'Those with a position (a machine’s punch has none), at most 5,000.' },
  ),
});
