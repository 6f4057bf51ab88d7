/** Holidays and cuti bersama: GET /holidays?year (everyone), POST, PUT, DELETE (agency admin). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AGENCY_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import {
  created,
  DateStr,
  IdList,
  IdParams,
  ListOf,
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

/** A stored holiday; unitIds null = the whole organisation. */
const HolidaySchema = Type.Object({
  id: Type.Integer(),
  date: DateStr,
  name: Type.String(),
  kind: StringEnum(['national', 'cuti_bersama', 'regional'] as const),
  unitIds: Type.Optional(Nullable(ListOf(Type.Integer()))),
});

export function calendarRoutes(server: FastifyInstance, auth: Authenticator, deps: CalendarDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth);
  const agency = bearer(auth, { roles: AGENCY_ROLES });
  const idOf = (r: { params: IdParams }) => Number(r.params.id);

  app.get(
    '/holidays',
    {
      onRequest: any,
      schema: {
        ...tags('rules'),
        summary: 'Holidays and cuti bersama of a year',
        querystring: YearQuery,
        response: ok(Type.Object({ holidays: Type.Array(HolidaySchema) })),
      },
    },
    async (request) => ({ holidays: await holidaysOfYear(deps, request.query.year) }),
  );

  app.post(
    '/holidays',
    {
      onRequest: agency,
      schema: {
        ...tags('rules'),
        summary: 'Add a holiday (agency admin)',
        body: HolidayBody,
        response: created(HolidaySchema),
      },
    },
    async (request, reply) => reply.code(201).send(await addHoliday(deps, callerOf(request), request.body)),
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
        response: ok(HolidaySchema),
      },
    },
    (request) => editHoliday(deps, callerOf(request), idOf(request), request.body),
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
