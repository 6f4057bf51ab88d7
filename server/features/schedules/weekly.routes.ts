/** Weekly schedules per unit: GET and POST /units/:id/schedules (a new version from a date). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SCHEDULE_TEMPLATES } from '../../../core/schedule-templates.js';
import { bearerAuth, errorResponses, Nullable, StringEnum } from '../../platform/http/schemas.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import { actorOf } from '../units/access.js';
import { DateStr, IdParamsSchema } from '../units/schemas.js';
import type { OrganisationDeps } from '../units/routes.js';
import { addWeeklySchedule, weeklySchedulesOf } from './weekly.service.js';

const Minute = Type.Integer({ minimum: 0, maximum: 1440 });
const WorkDaySchema = Type.Object(
  {
    start: Minute,
    end: Minute,
    checkInFrom: Minute,
    checkInUntil: Minute,
    checkOutFrom: Minute,
    checkOutUntil: Minute,
  },
  { additionalProperties: false, description: 'Minutes since local midnight.' },
);
const ScheduleSchema = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  name: Type.String(),
  effectiveFrom: Type.String(),
  days: Type.Array(Nullable(WorkDaySchema), { minItems: 7, maxItems: 7 }),
});
const InputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    effectiveFrom: DateStr,
    days: Type.Optional(
      Type.Array(Nullable(WorkDaySchema), {
        minItems: 7,
        maxItems: 7,
        description: 'Monday first; null = day off.',
      }),
    ),
    template: Type.Optional(
      StringEnum(
        SCHEDULE_TEMPLATES,
        'five_day: Mon–Thu 07:30–16:00, Fri –16:30; six_day: Mon–Thu –14:30, Fri –11:00, Sat –13:30.',
      ),
    ),
    start: Type.Optional(Minute),
    friday: Type.Optional(Type.Object({ start: Minute, end: Minute }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export function weeklyScheduleRoutes(
  server: FastifyInstance,
  auth: AuthService,
  deps: OrganisationDeps,
): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth, { roles: ADMIN_ROLES });
  const tags = { tags: ['schedules'], security: bearerAuth };
  const id = (r: { params: { id: string } }) => Number(r.params.id);
  app.get(
    '/units/:id/schedules',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'Weekly schedule versions of a unit and those it inherits',
        params: IdParamsSchema,
        response: {
          200: Type.Object({
            own: Type.Array(ScheduleSchema),
            inherited: Type.Array(Type.Object({ ...ScheduleSchema.properties, unitName: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => weeklySchedulesOf(deps, actorOf(claimsOf(request), request.id), id(request)),
  );
  app.post(
    '/units/:id/schedules',
    {
      onRequest: any,
      schema: {
        ...tags,
        summary: 'A new weekly schedule version from a date (days or a template)',
        params: IdParamsSchema,
        body: InputSchema,
        response: { 201: ScheduleSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addWeeklySchedule(deps, actorOf(claimsOf(request), request.id), id(request), request.body),
        ),
  );
}
