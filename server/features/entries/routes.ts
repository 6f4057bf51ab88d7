/** Manual entries: POST /attendance-entries (admins, for employees in their scope). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import { created, InstantStr, Loose, tags } from '../../platform/http/fields.js';
import { StringEnum } from '../../platform/http/schemas.js';
import { addEntry } from './service.js';
import type { EntryDeps } from './service.js';

const EntryBody = Type.Object(
  {
    employeeId: Type.Integer({ minimum: 1 }),
    kind: StringEnum(['in', 'out', 'void'] as const),
    at: InstantStr,
    reason: Type.String({ maxLength: 500 }),
    voids: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Id of the event this entry cancels.' }),
    ),
  },
  { additionalProperties: false },
);
type EntryBody = Static<typeof EntryBody>;

export function entryRoutes(app: FastifyInstance, auth: Authenticator, deps: EntryDeps): void {
  app.post(
    '/attendance-entries',
    {
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'A manual entry by an admin (a new event with its author; a reason is required)',
        body: EntryBody,
        response: created(Loose('The stored entry.')),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addEntry(deps, callerOf(request), request.body as EntryBody)),
  );
}
