/**
 * Schedule overrides (Ramadan hours) and person schedules: POST/GET
 * /schedule-overrides, POST /schedule-overrides/:id/end, POST/GET
 * /employees/:id/person-schedules, POST /employees/:id/person-schedules/:scheduleId/end.
 * Weekly schedules per unit are in weekly.routes.ts.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  DateStr,
  FlexSchema,
  IdList,
  IdParams,
  IdText,
  ListOf,
  ok,
  tags,
  WeekDaysSchema,
  WorkDaySchema,
} from '../../platform/http/fields.js';
import { DateRangeQuerySchema, Nullable } from '../../platform/http/schemas.js';
import {
  addOverride,
  addPersonSchedule,
  endOverrideFor,
  endPersonScheduleFor,
  overridesFor,
  personSchedulesOf,
} from './service.js';
import type { ScheduleDeps } from './service.js';

const OverrideBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, examples: ['Ramadan 1447 H'] }),
    from: DateStr,
    to: DateStr,
    unitIds: Nullable(
      IdList(1000, {
        minItems: 1,
        description:
          'The units (with their sub-units) it applies to; null = the whole organisation (agency admins).',
      }),
    ),
    days: WeekDaysSchema,
    flex: Type.Optional(FlexSchema),
  },
  { additionalProperties: false },
);
const OverrideSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  unitIds: Nullable(ListOf(Type.Integer())),
  days: Type.Array(Nullable(WorkDaySchema)),
  flex: Nullable(FlexSchema),
});

const PersonScheduleBody = Type.Object(
  {
    effectiveFrom: DateStr,
    effectiveTo: Nullable(DateStr),
    days: WeekDaysSchema,
    flex: Type.Optional(FlexSchema),
  },
  { additionalProperties: false },
);
const PersonScheduleSchema = Type.Object({
  id: Type.Integer(),
  employeeId: Type.Integer(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  days: Type.Array(Nullable(WorkDaySchema)),
  flex: Nullable(FlexSchema),
});

const EndBody = Type.Object(
  {
    to: Type.String({
      pattern: DateStr.pattern,
      description:
        'The new last date (YYYY-MM-DD): earlier than the current one; the day before the first date cancels it.',
    }),
  },
  { additionalProperties: false },
);
type EndBody = Static<typeof EndBody>;
const ScheduleIdParams = Type.Object({ id: IdText, scheduleId: IdText });
type ScheduleIdParams = Static<typeof ScheduleIdParams>;

export function scheduleRoutes(server: FastifyInstance, auth: Authenticator, deps: ScheduleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const idOf = (r: { params: { id: string } }) => Number(r.params.id);

  app.post(
    '/schedule-overrides',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'Add a date-range override of the weekly schedule (e.g. Ramadan hours) for units',
        description:
          'Within its dates the override replaces the weekly schedule of its units and their sub-units ' +
          '(a person schedule still wins). Where overrides overlap, the one for the nearest unit wins, ' +
          'then the later first date, then the newer one: to change one, add a newer one or end it.',
        body: OverrideBody,
        response: created(OverrideSchema),
      },
    },
    async (request, reply) => reply.code(201).send(await addOverride(deps, callerOf(request), request.body)),
  );

  app.get(
    '/schedule-overrides',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'Overrides overlapping a date range that apply to units in scope',
        querystring: DateRangeQuerySchema,
        response: ok(Type.Object({ overrides: Type.Array(OverrideSchema) })),
      },
    },
    async (request) => ({
      overrides: await overridesFor(deps, callerOf(request), request.query),
    }),
  );

  app.post(
    '/schedule-overrides/:id/end',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: 'End an override earlier (the day before its first date cancels it)',
        params: IdParams,
        body: EndBody,
        response: ok(OverrideSchema),
      },
    },
    (request) => endOverrideFor(deps, callerOf(request), idOf(request), request.body),
  );

  app.post(
    '/employees/:id/person-schedules',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: "Give an employee their own weekly schedule from a date (it wins over the unit's)",
        description:
          'Where person schedules overlap, the later first date wins, then the newer one: ' +
          'to change one, add a newer one or end it.',
        params: IdParams,
        body: PersonScheduleBody,
        response: created(PersonScheduleSchema),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addPersonSchedule(deps, callerOf(request), idOf(request), request.body)),
  );

  app.get(
    '/employees/:id/person-schedules',
    {
      onRequest: bearer(auth),
      schema: {
        ...tags('schedules'),
        summary: "An employee's own schedules, past and future (own, or admins in scope)",
        params: IdParams,
        response: ok(Type.Object({ schedules: Type.Array(PersonScheduleSchema) })),
      },
    },
    async (request) => ({ schedules: await personSchedulesOf(deps, callerOf(request), idOf(request)) }),
  );

  app.post(
    '/employees/:id/person-schedules/:scheduleId/end',
    {
      onRequest: admins,
      schema: {
        ...tags('schedules'),
        summary: "End an employee's own schedule earlier (the day before its first date cancels it)",
        params: ScheduleIdParams,
        body: EndBody,
        response: ok(PersonScheduleSchema),
      },
    },
    (request) => {
      const p = request.params;
      return endPersonScheduleFor(deps, callerOf(request), Number(p.id), Number(p.scheduleId), request.body);
    },
  );
}
