/** Shift types and rosters: GET/POST /shift-types, POST /rosters, /rosters/rotations, /rosters/swaps (admins). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import { created, DateStr, ok, tags } from '../../platform/http/fields.js';
import { Nullable } from '../../platform/http/schemas.js';
import { addShiftType, assignRotation, setRoster, shiftTypesFor, swap } from './service.js';
import type { RosterDeps } from './service.js';

const EmployeeId = Type.Integer({ minimum: 1 });
const ShiftCode = Type.String({ maxLength: 10 });

const ShiftTypeBody = Type.Object(
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

/** A unit's shift type, times in minutes of its start date. */
const ShiftTypeSchema = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
  checkInFrom: Type.Integer(),
  checkInUntil: Type.Integer(),
  checkOutFrom: Type.Integer(),
  checkOutUntil: Type.Integer(),
});
const WrittenSchema = Type.Object({ entries: Type.Integer({ description: 'Roster entries written.' }) });

const RosterBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        { employeeId: EmployeeId, date: DateStr, shiftCode: Nullable(ShiftCode) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20000 },
    ),
  },
  { additionalProperties: false },
);

const RotationBody = Type.Object(
  {
    pattern: Type.Object(
      {
        code: Type.String({ minLength: 1, maxLength: 20 }),
        cycle: Type.Array(Nullable(ShiftCode), { minItems: 1, maxItems: 62 }),
      },
      { additionalProperties: false },
    ),
    people: Type.Array(
      Type.Object(
        { employeeId: EmployeeId, offset: Type.Integer({ minimum: 0, maximum: 61 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
    from: DateStr,
    to: DateStr,
  },
  { additionalProperties: false },
);

const Slot = Type.Object({ employeeId: EmployeeId, date: DateStr }, { additionalProperties: false });
const SwapBody = Type.Object({ a: Slot, b: Slot }, { additionalProperties: false });

export function rosterRoutes(server: FastifyInstance, auth: Authenticator, deps: RosterDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const written = created(WrittenSchema);

  app.get(
    '/shift-types',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Shift types of the units in scope',
        response: ok(Type.Object({ shiftTypes: Type.Array(ShiftTypeSchema) })),
      },
    },
    async (request) => ({ shiftTypes: await shiftTypesFor(deps, callerOf(request)) }),
  );

  app.post(
    '/shift-types',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Add a shift type to a unit (times in minutes of the start date)',
        body: ShiftTypeBody,
        response: created(ShiftTypeSchema),
      },
    },
    async (request, reply) => reply.code(201).send(await addShiftType(deps, callerOf(request), request.body)),
  );

  app.post(
    '/rosters',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Set roster entries (a shift code, or null for a day off); later entries win',
        body: RosterBody,
        response: written,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await setRoster(deps, callerOf(request), request.body.entries)),
  );

  app.post(
    '/rosters/rotations',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Assign a rotating pattern in bulk',
        body: RotationBody,
        response: written,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await assignRotation(deps, callerOf(request), request.body)),
  );

  app.post(
    '/rosters/swaps',
    {
      onRequest: admins,
      schema: {
        ...tags('rosters'),
        summary: 'Swap two roster slots (tukar dinas)',
        body: SwapBody,
        response: written,
      },
    },
    async (request, reply) => reply.code(201).send(await swap(deps, callerOf(request), request.body)),
  );
}
