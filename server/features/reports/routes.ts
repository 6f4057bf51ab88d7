/**
 * Reports: GET /me/recap (employees), /units/:id/daily, /units/:id/recap (admins in
 * scope), /employees/:id/card (own, or admins in scope), and their exports as XLSX, PDF
 * or CSV.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Same } from '../../platform/http/fields.js';
import { DAY_STATUSES } from '../../../core/attendance/index.js';
import type * as Wire from '../../../core/wire.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  DateQuery,
  DateStr,
  file,
  IdParams,
  MonthQuery,
  MonthStr,
  ok,
  tags,
} from '../../platform/http/fields.js';
import { Nullable, StringEnum } from '../../platform/http/schemas.js';
import {
  employeeCard,
  employeeCardExport,
  myCard,
  unitDaily,
  unitDailyExport,
  unitRecap,
  unitRecapExport,
} from './service.js';
import type { ExportFile, ReportDeps } from './service.js';

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
const DayStatusSchema = Type.Object({
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
  reviews: Type.Optional(
    Type.Array(
      Type.Object({
        eventId: Type.String(),
        kind: StringEnum(['in', 'out'] as const),
        at: Type.String({ description: 'ISO instant of the punch.' }),
        state: StringEnum(['pending', 'accepted', 'rejected'] as const),
        cause: Nullable(
          StringEnum(['outside_fence', 'time_unverified', 'capture_delayed', 'contact_gap'] as const),
        ),
        by: Nullable(Type.String({ description: 'The deciding admin; null while pending.' })),
        reason: Nullable(Type.String()),
      }),
      {
        description:
          "The day's punches an admin reviews: pending (outside the fence, not counted until accepted), accepted (counted) or rejected (never counted), with who decided and why. Absent when none.",
      },
    ),
  ),
});
const PersonRecapSchema = Type.Object({
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
const UnitRecapSchema = Type.Object({
  month: Type.String(),
  unitId: Type.Integer(),
  people: Type.Array(Type.Object({ ...PersonRecapSchema.properties, yearly: YearlySchema })),
  units: Type.Array(Type.Composite([Type.Object({ unitId: Type.Integer() }), TotalsSchema])),
  totals: TotalsSchema,
});
const CardSchema = Type.Object({
  recap: PersonRecapSchema,
  ledger: Type.Array(LedgerDaySchema),
  days: Type.Array(DayStatusSchema),
  yearly: YearlySchema,
});
// The card is what the phone's recap screen reads (core/wire.ts).
const _wire: [Same<Static<typeof CardSchema>, Wire.AttendanceCard>] = [true];

const PlannedSchema = Type.Object({
  source: StringEnum(['roster', 'person', 'override', 'weekly', 'none'] as const),
  start: Nullable(Type.String({ description: "Local 'HH:MM'; null when no work is due." })),
  end: Nullable(Type.String()),
});
const DailyStatusSchema = Type.Object({ ...DayStatusSchema.properties, planned: PlannedSchema });
const DailySchema = Type.Object({
  date: Type.String(),
  unitId: Type.Integer(),
  days: Type.Array(DailyStatusSchema),
});

const ExportQuerySchema = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: MonthStr.pattern })),
    date: Type.Optional(DateStr),
    format: StringEnum(['xlsx', 'pdf', 'csv'] as const),
  },
  { additionalProperties: false },
);

const download = file('The file (XLSX, PDF or CSV).');

function send(reply: FastifyReply, f: ExportFile): FastifyReply {
  return reply
    .header('content-type', f.contentType)
    .header('content-disposition', `attachment; filename="${f.fileName}"`)
    .send(f.data);
}

export function reportRoutes(server: FastifyInstance, auth: Authenticator, deps: ReportDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth);
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const idOf = (r: { params: { id: string } }) => Number(r.params.id);
  const monthOf = (r: { query: { month: string } }) => r.query.month;

  app.get(
    '/me/recap',
    {
      onRequest: bearer(auth, { employeeOnly: true }),
      schema: {
        ...tags('me'),
        summary: 'My monthly recap: counts, minutes, deduction, ledger and yearly TK',
        querystring: MonthQuery,
        response: ok(CardSchema),
      },
    },
    (request) => myCard(deps, callerOf(request), monthOf(request)),
  );

  app.get(
    '/units/:id/daily',
    {
      onRequest: admins,
      schema: {
        ...tags('recap'),
        summary: 'Daily statuses of a unit (with its sub-units) on a date',
        params: IdParams,
        querystring: DateQuery,
        response: ok(DailySchema),
      },
    },
    (request) => unitDaily(deps, callerOf(request), idOf(request), request.query.date),
  );

  app.get(
    '/units/:id/recap',
    {
      onRequest: admins,
      schema: {
        ...tags('recap'),
        summary: 'Monthly recap of a unit (with its sub-units): per person, per unit, totals',
        params: IdParams,
        querystring: MonthQuery,
        response: ok(UnitRecapSchema),
      },
    },
    (request) => unitRecap(deps, callerOf(request), idOf(request), monthOf(request)),
  );

  app.get(
    '/employees/:id/card',
    {
      onRequest: any,
      schema: {
        ...tags('recap'),
        summary: "A person's attendance card: the month's ledger, recap and yearly TK",
        params: IdParams,
        querystring: MonthQuery,
        response: ok(CardSchema),
      },
    },
    (request) => employeeCard(deps, callerOf(request), idOf(request), monthOf(request)),
  );

  app.get(
    '/units/:id/daily/export',
    {
      onRequest: admins,
      schema: {
        ...tags('exports'),
        summary: 'Daily list as XLSX, PDF or CSV',
        params: IdParams,
        querystring: ExportQuerySchema,
        response: download,
      },
    },
    async (request, reply) =>
      send(reply, await unitDailyExport(deps, callerOf(request), idOf(request), request.query)),
  );

  app.get(
    '/units/:id/recap/export',
    {
      onRequest: admins,
      schema: {
        ...tags('exports'),
        summary: 'Monthly recap as XLSX, PDF or CSV',
        params: IdParams,
        querystring: ExportQuerySchema,
        response: download,
      },
    },
    async (request, reply) =>
      send(reply, await unitRecapExport(deps, callerOf(request), idOf(request), request.query)),
  );

  app.get(
    '/employees/:id/card/export',
    {
      onRequest: any,
      schema: {
        ...tags('exports'),
        summary: 'Attendance card as XLSX, PDF or CSV',
        params: IdParams,
        querystring: ExportQuerySchema,
        response: download,
      },
    },
    async (request, reply) =>
      send(reply, await employeeCardExport(deps, callerOf(request), idOf(request), request.query)),
  );
}
