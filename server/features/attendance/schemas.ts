/**
 * JSON schemas (TypeBox) of the attendance rules API: requests, decisions, entries,
 * incidents, holidays, rule sets, shifts and rosters, statuses, recaps and exports.
 * Request objects refuse unknown fields, like every other body of the API.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { DAY_STATUSES } from '../../../core/attendance/index.js';

function StringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  });
}
function Nullable<T extends TSchema>(t: T) {
  return Type.Union([t, Type.Null()]);
}

const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' };
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';
const Instant = Type.String({
  pattern: INSTANT_PATTERN,
  maxLength: 40,
  description: 'ISO 8601 instant with Z or an offset.',
});
const DateStr = Type.String(DATE);
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Base64 = Type.String({
  maxLength: 2_800_000,
  description: 'The attachment (PDF, JPEG or PNG, at most 2 MB), base64-encoded.',
});

/** A loose object answer (documented by its description). */
export function Loose(description: string) {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });
}

export const MonthQuerySchema = Type.Object(
  {
    month: Type.String({
      pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
      description: 'YYYY-MM',
      examples: ['2026-03'],
    }),
  },
  { additionalProperties: false },
);
export const ExportQuerySchema = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
    date: Type.Optional(DateStr),
    format: StringEnum(['xlsx', 'pdf', 'csv'] as const),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;
export const DateQuerySchema = Type.Object({ date: DateStr }, { additionalProperties: false });
export const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });
export const UuidParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ListQuerySchema = Type.Object(
  {
    unitId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })),
    status: Type.Optional(StringEnum(['pending', 'approved', 'rejected'] as const)),
  },
  { additionalProperties: false },
);

export const LeaveRequestBodySchema = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'Leave catalogue code, e.g. cuti_tahunan.',
    }),
    from: DateStr,
    to: DateStr,
    reason: Reason,
    attachment: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
export type LeaveRequestBody = Static<typeof LeaveRequestBodySchema>;

export const CorrectionRequestBodySchema = Type.Object(
  {
    kind: StringEnum(['in', 'out'] as const),
    at: Instant,
    reason: Reason,
    attachment: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
export type CorrectionRequestBody = Static<typeof CorrectionRequestBodySchema>;

export const DecisionBodySchema = Type.Object(
  {
    decision: StringEnum(['approve', 'reject'] as const),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required when rejecting.' })),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBodySchema>;

export const EntryBodySchema = Type.Object(
  {
    employeeId: Type.Integer({ minimum: 1 }),
    kind: StringEnum(['in', 'out', 'void'] as const),
    at: Instant,
    reason: Type.String({ maxLength: 500 }),
    voids: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Id of the event this entry cancels.' }),
    ),
  },
  { additionalProperties: false },
);
export type EntryBody = Static<typeof EntryBodySchema>;

export const IncidentBodySchema = Type.Object(
  {
    from: Instant,
    to: Instant,
    unitIds: Nullable(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 })),
    employeeIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10000 })),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type IncidentBody = Static<typeof IncidentBodySchema>;

export const HolidayBodySchema = Type.Object(
  {
    date: DateStr,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(['national', 'cuti_bersama', 'regional'] as const),
    unitIds: Type.Optional(Nullable(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }))),
  },
  { additionalProperties: false },
);
export type HolidayBody = Static<typeof HolidayBodySchema>;
export const YearQuerySchema = Type.Object(
  { year: Type.String({ pattern: '^\\d{4}$' }) },
  { additionalProperties: false },
);

const BandSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20 }),
    from: Type.Integer(),
    to: Nullable(Type.Integer()),
    pct: Type.Number(),
  },
  { additionalProperties: false },
);
const MissingSchema = Type.Union([
  Type.Object({ as: Type.Literal('top_band') }, { additionalProperties: false }),
  Type.Object({ as: Type.Literal('pct'), pct: Type.Number() }, { additionalProperties: false }),
]);
export const RuleSetSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    source: Type.String({ maxLength: 500 }),
    effectiveFrom: DateStr,
    convention: StringEnum(['lower_inclusive', 'upper_inclusive'] as const),
    lateBands: Type.Array(BandSchema, { maxItems: 20 }),
    earlyBands: Type.Array(BandSchema, { maxItems: 20 }),
    missingCheckIn: MissingSchema,
    missingCheckOut: MissingSchema,
    tkPctPerDay: Type.Number(),
    leave: Type.Record(
      Type.String(),
      Type.Object(
        { countsAsPresent: Type.Boolean(), cutAfterDays: Nullable(Type.Integer()), pctPerDay: Type.Number() },
        { additionalProperties: false },
      ),
    ),
    monthlyCapPct: Nullable(Type.Number()),
    tkDaysFullCut: Nullable(Type.Integer()),
    acceptOutsideFence: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const RuleSetBodySchema = Type.Object(
  { organisationId: Type.Optional(Type.Integer({ minimum: 1 })), ruleSet: RuleSetSchema },
  { additionalProperties: false },
);
export type RuleSetBody = Static<typeof RuleSetBodySchema>;

export const UnitRulesBodySchema = Type.Object(
  {
    worksOnHolidays: Type.Optional(Type.Boolean()),
    flexMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    lateGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    earlyGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    selfieRequired: Type.Optional(
      Nullable(
        Type.Boolean({
          description:
            'Ask for a selfie with every check-in (a capture without one is stored, flagged selfie_missing); ' +
            'null = inherit from the nearest parent unit that sets it (nobody: not required).',
        }),
      ),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      'worksOnHolidays, flexMinutes, lateGraceMinutes and earlyGraceMinutes are sent together or not at all; ' +
      'selfieRequired may be sent alone. A field left out keeps its value.',
  },
);
export type UnitRulesBody = Static<typeof UnitRulesBodySchema>;

const FlexSchema = Type.Object({
  flexMinutes: Type.Integer(),
  lateGraceMinutes: Type.Integer(),
  earlyGraceMinutes: Type.Integer(),
});

export const UnitSettingsSchema = Type.Object({
  unitId: Type.Integer(),
  worksOnHolidays: Type.Boolean({
    description: 'In force for the unit: its own setting or the nearest parent’s.',
  }),
  flex: FlexSchema,
  rulesFromUnitId: Nullable(
    Type.Integer({
      description: 'The unit whose settings row applies (this one or a parent); null = defaults.',
    }),
  ),
  selfieRequired: Nullable(Type.Boolean({ description: "The unit's own selfie setting; null = inherit." })),
  selfieRequiredEffective: Type.Boolean({
    description: 'Whether a selfie is asked for in this unit after inheritance.',
  }),
});

export const ShiftTypeBodySchema = Type.Object(
  {
    unitId: Type.Integer({ minimum: 1 }),
    code: Type.String({ minLength: 1, maxLength: 10 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    start: Type.Integer(),
    end: Type.Integer(),
    checkInFrom: Type.Integer(),
    checkInUntil: Type.Integer(),
    checkOutFrom: Type.Integer(),
    checkOutUntil: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ShiftTypeBody = Static<typeof ShiftTypeBodySchema>;

export const RosterBodySchema = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          employeeId: Type.Integer({ minimum: 1 }),
          date: DateStr,
          shiftCode: Nullable(Type.String({ maxLength: 10 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20000 },
    ),
  },
  { additionalProperties: false },
);
export type RosterBody = Static<typeof RosterBodySchema>;

export const RotationBodySchema = Type.Object(
  {
    pattern: Type.Object(
      {
        code: Type.String({ minLength: 1, maxLength: 20 }),
        cycle: Type.Array(Nullable(Type.String({ maxLength: 10 })), { minItems: 1, maxItems: 62 }),
      },
      { additionalProperties: false },
    ),
    people: Type.Array(
      Type.Object(
        { employeeId: Type.Integer({ minimum: 1 }), offset: Type.Integer({ minimum: 0, maximum: 61 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
    from: DateStr,
    to: DateStr,
  },
  { additionalProperties: false },
);
export type RotationBody = Static<typeof RotationBodySchema>;

const Slot = Type.Object(
  { employeeId: Type.Integer({ minimum: 1 }), date: DateStr },
  { additionalProperties: false },
);
export const SwapBodySchema = Type.Object({ a: Slot, b: Slot }, { additionalProperties: false });
export type SwapBody = Static<typeof SwapBodySchema>;

export const LeaveRequestSchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  type: Type.String(),
  from: Type.String(),
  to: Type.String(),
  reason: Type.String(),
  attachmentSha256: Nullable(Type.String()),
  status: StringEnum(['pending', 'approved', 'rejected'] as const),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.Integer()),
  decisionReason: Nullable(Type.String()),
});
export const CorrectionRequestSchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  kind: StringEnum(['in', 'out'] as const),
  at: Type.String(),
  workDate: Type.String(),
  reason: Type.String(),
  attachmentSha256: Nullable(Type.String()),
  status: StringEnum(['pending', 'approved', 'rejected'] as const),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedBy: Nullable(Type.Integer()),
  decisionReason: Nullable(Type.String()),
});

const CountsSchema = Type.Object({
  workingDays: Type.Integer(),
  hadir: Type.Integer(),
  terlambat: Type.Integer(),
  pulangCepat: Type.Integer(),
  terlambatPulangCepat: Type.Integer(),
  lupaAbsenMasuk: Type.Integer(),
  lupaAbsenPulang: Type.Integer(),
  tanpaKeterangan: Type.Integer(),
  cutiIzin: Type.Integer(),
  libur: Type.Integer(),
  cutiBersama: Type.Integer(),
  tanpaJadwal: Type.Integer(),
  present: Type.Integer(),
});
const LedgerDaySchema = Type.Object({
  date: Type.String(),
  status: StringEnum(DAY_STATUSES),
  leaveType: Nullable(Type.String()),
  ruleVersion: Type.String(),
  items: Type.Array(Type.Object({ code: Type.String(), bp: Type.Integer(), note: Type.String() })),
  bp: Type.Integer(),
});
export const DayStatusSchema = Type.Object({
  employeeId: Type.Integer(),
  name: Type.String(),
  date: Type.String(),
  status: StringEnum(DAY_STATUSES),
  lateMinutes: Type.Integer(),
  lateBand: Nullable(Type.String()),
  earlyMinutes: Type.Integer(),
  earlyBand: Nullable(Type.String()),
  missingIn: Type.Boolean(),
  missingOut: Type.Boolean(),
  leaveType: Nullable(Type.String()),
  holiday: Nullable(Type.Object({ name: Type.String(), kind: Type.String() })),
  shiftCode: Nullable(Type.String()),
  checkInAt: Nullable(Type.String()),
  checkOutAt: Nullable(Type.String()),
  ruleVersion: Type.String(),
  reasons: Type.Array(Type.String()),
});
export const PersonRecapSchema = Type.Object({
  employeeId: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  month: Type.String(),
  ruleVersion: Type.String(),
  counts: CountsSchema,
  leaveDays: Type.Record(Type.String(), Type.Integer()),
  lateMinutes: Type.Integer(),
  earlyMinutes: Type.Integer(),
  ledgerBp: Type.Integer(),
  fullCut: Type.Boolean(),
  capped: Type.Boolean(),
  totalBp: Type.Integer(),
  totalPct: Type.Number(),
});
const TotalsSchema = Type.Object({
  employees: Type.Integer(),
  counts: CountsSchema,
  lateMinutes: Type.Integer(),
  earlyMinutes: Type.Integer(),
  totalBp: Type.Integer(),
  fullCuts: Type.Integer(),
});
const YearlySchema = Type.Object(
  {
    year: Type.String(),
    tkDays: Type.Integer(),
    longestRun: Type.Integer(),
    step: Nullable(Type.Object({ level: Type.String(), penalty: Type.String() })),
  },
  {
    description:
      'PP 94/2021: TK days from 1 January to the end of the month, the longest run of consecutive TK working days, and the discipline step they reach.',
  },
);
export const UnitRecapSchema = Type.Object({
  month: Type.String(),
  unitId: Type.Integer(),
  people: Type.Array(Type.Object({ ...PersonRecapSchema.properties, yearly: YearlySchema })),
  units: Type.Array(Type.Composite([Type.Object({ unitId: Type.Integer() }), TotalsSchema])),
  totals: TotalsSchema,
});
export const CardSchema = Type.Object({
  recap: PersonRecapSchema,
  ledger: Type.Array(LedgerDaySchema),
  days: Type.Array(DayStatusSchema),
  yearly: YearlySchema,
});

// ---- Schedule overrides (Ramadan) and person schedules ----------------------------------

const Minute = Type.Integer({ minimum: 0, maximum: 1440, description: 'Minutes after local midnight.' });
export const WorkDaySchema = Type.Object(
  {
    start: Minute,
    end: Minute,
    checkInFrom: Minute,
    checkInUntil: Minute,
    checkOutFrom: Minute,
    checkOutUntil: Minute,
  },
  { additionalProperties: false },
);
export type WorkDayBody = Static<typeof WorkDaySchema>;
const WeekDaysSchema = Type.Array(Nullable(WorkDaySchema), {
  minItems: 7,
  maxItems: 7,
  description: 'Monday … Sunday; null = a day off.',
});
const FlexBodySchema = Type.Object(
  {
    flexMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    lateGraceMinutes: Type.Integer({ minimum: 0, maximum: 120 }),
    earlyGraceMinutes: Type.Integer({ minimum: 0, maximum: 120 }),
  },
  { additionalProperties: false },
);

export const ScheduleOverrideBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, examples: ['Ramadan 1447 H'] }),
    from: DateStr,
    to: DateStr,
    unitIds: Nullable(
      Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        maxItems: 1000,
        description:
          'The units (with their sub-units) it applies to; null = the whole organisation (agency admins).',
      }),
    ),
    days: WeekDaysSchema,
    flex: Type.Optional(FlexBodySchema),
  },
  { additionalProperties: false },
);
export type ScheduleOverrideBody = Static<typeof ScheduleOverrideBodySchema>;

export const ScheduleOverrideSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  unitIds: Nullable(Type.Array(Type.Integer())),
  days: Type.Array(Nullable(WorkDaySchema)),
  flex: Nullable(FlexBodySchema),
});
export const ScheduleOverrideListSchema = Type.Object({ overrides: Type.Array(ScheduleOverrideSchema) });

export const PersonScheduleBodySchema = Type.Object(
  {
    effectiveFrom: DateStr,
    effectiveTo: Nullable(DateStr),
    days: WeekDaysSchema,
    flex: Type.Optional(FlexBodySchema),
  },
  { additionalProperties: false },
);
export type PersonScheduleBody = Static<typeof PersonScheduleBodySchema>;

export const PersonScheduleSchema = Type.Object({
  id: Type.Integer(),
  employeeId: Type.Integer(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  days: Type.Array(Nullable(WorkDaySchema)),
  flex: Nullable(FlexBodySchema),
});
export const PersonScheduleListSchema = Type.Object({ schedules: Type.Array(PersonScheduleSchema) });

export const EndBodySchema = Type.Object(
  {
    to: Type.String({
      ...DATE,
      description:
        'The new last date (YYYY-MM-DD): earlier than the current one; the day before the first date cancels it.',
    }),
  },
  { additionalProperties: false },
);
export type EndBody = Static<typeof EndBodySchema>;

export const ScheduleIdParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  scheduleId: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
});

const PlannedSchema = Type.Object({
  source: StringEnum(['roster', 'person', 'override', 'weekly', 'none'] as const),
  start: Nullable(Type.String({ description: "Local 'HH:MM'; null when no work is due." })),
  end: Nullable(Type.String()),
});
export const DailyStatusSchema = Type.Object({ ...DayStatusSchema.properties, planned: PlannedSchema });
export const DailySchema = Type.Object({
  date: Type.String(),
  unitId: Type.Integer(),
  days: Type.Array(DailyStatusSchema),
});
