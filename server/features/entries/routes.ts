/** Manual entries: POST /attendance-entries (admins, for employees in their scope). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import { created, DateStr, InstantStr, tags } from '../../platform/http/fields.js';
import { Nullable, StringEnum } from '../../platform/http/schemas.js';
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

/** The stored entry: a new event with its author, never an edit of an earlier one. */
const EntrySchema = Type.Object({
  id: Type.String(),
  employeeId: Type.Integer(),
  kind: StringEnum(['in', 'out', 'void'] as const),
  at: Type.String({ description: 'ISO 8601 instant (UTC).' }),
  workDate: DateStr,
  source: StringEnum(['admin', 'correction'] as const),
  author: Type.Integer(),
  note: Type.String(),
  voids: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  createdAt: Type.String({ description: 'ISO 8601 instant (UTC).' }),
});

export function entryRoutes(server: FastifyInstance, auth: Authenticator, deps: EntryDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/attendance-entries',
    {
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      schema: {
        ...tags('corrections'),
        summary: 'A manual entry by an admin (a new event with its author; a reason is required)',
        body: EntryBody,
        response: created(EntrySchema),
      },
    },
    async (request, reply) => reply.code(201).send(await addEntry(deps, callerOf(request), request.body)),
  );
}
