/** Holidays and cuti bersama: GET /holidays?year (everyone), POST, PUT, DELETE (agency admin). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AGENCY_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  DateStr,
  IdList,
  IdParams,
  Loose,
  noContent,
  ok,
  tags,
  YearQuery,
} from '../../platform/http/fields.js';
import { Nullable, StringEnum } from '../../platform/http/schemas.js';
import { addHoliday, editHoliday, holidaysOfYear, removeHoliday } from './service.js';
import type { CalendarDeps } from './service.js';

const HolidayBody = Type.Object(
  {
    date: DateStr,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(['national', 'cuti_bersama', 'regional'] as const),
    unitIds: Type.Optional(Nullable(IdList(1000))),
  },
  { additionalProperties: false },
);
type HolidayBody = Static<typeof HolidayBody>;

export function calendarRoutes(app: FastifyInstance, auth: Authenticator, deps: CalendarDeps): void {
  const any = bearer(auth);
  const agency = bearer(auth, { roles: AGENCY_ROLES });
  const idOf = (r: { params: unknown }) => Number((r.params as IdParams).id);

  app.get(
    '/holidays',
    {
      onRequest: any,
      schema: {
        ...tags('rules'),
        summary: 'Holidays and cuti bersama of a year',
        querystring: YearQuery,
        response: ok(Loose('{ holidays }')),
      },
    },
    async (request) => ({ holidays: await holidaysOfYear(deps, (request.query as YearQuery).year) }),
  );

  app.post(
    '/holidays',
    {
      onRequest: agency,
      schema: {
        ...tags('rules'),
        summary: 'Add a holiday (agency admin)',
        body: HolidayBody,
        response: created(Loose('The holiday.')),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addHoliday(deps, callerOf(request), request.body as HolidayBody)),
  );

  app.put(
    '/holidays/:id',
    {
      onRequest: agency,
      schema: {
        ...tags('rules'),
        summary: 'Edit a holiday (agency admin)',
        params: IdParams,
        body: HolidayBody,
        response: ok(Loose('The holiday.')),
      },
    },
    (request) => editHoliday(deps, callerOf(request), idOf(request), request.body as HolidayBody),
  );

  app.delete(
    '/holidays/:id',
    {
      onRequest: agency,
      schema: {
        ...tags('rules'),
        summary: 'Remove a holiday (agency admin)',
        params: IdParams,
        response: noContent('Removed.'),
      },
    },
    async (request, reply) => {
      await removeHoliday(deps, callerOf(request), idOf(request));
      return reply.code(204).send();
    },
  );
}
