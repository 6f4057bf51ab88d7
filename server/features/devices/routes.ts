/**
 * Device enrolment and approval:
 * POST /devices (employee) → key and status; GET /devices (admins, their units);
 * POST /devices/{id}/approve and /revoke (admins, their units; audited).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { DeviceListResponse, DeviceStatus } from '../../../core/wire.js';
import type { AuthService } from '../auth/service.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { unwrap } from '../../platform/http/errors.js';
import { bearerAuth, DeviceViewSchema, errorResponses } from '../../platform/http/schemas.js';
import { approveDevice, enrolDevice, listScopedDevices, revokeDevice } from './service.js';
import type { DeviceDeps } from './service.js';

const DeviceEnrolRequestSchema = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Chrome di Android".' }) },
  { additionalProperties: false },
);
const DeviceEnrolResponseSchema = Type.Object({
  deviceId: Type.String(),
  key: Type.String({ description: 'base64url of the 32-byte HMAC-SHA256 key; shown once.' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('pending')]),
});
const DeviceListQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Unsafe<DeviceStatus>({ type: 'string', enum: ['active', 'pending', 'revoked'] }),
    ),
  },
  { additionalProperties: false },
);
const DeviceIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function deviceRoutes(server: FastifyInstance, auth: AuthService, deps: DeviceDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/devices',
    {
      onRequest: bearer(auth, { employeeOnly: true }),
      schema: {
        tags: ['devices'],
        summary: "Enrol this phone: the employee's first device is active, later ones wait for an admin",
        security: bearerAuth,
        body: DeviceEnrolRequestSchema,
        response: { 201: DeviceEnrolResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { label } = request.body;
      const r = unwrap(await enrolDevice(deps, claimsOf(request), label));
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/devices',
    {
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      schema: {
        tags: ['devices'],
        summary: "Devices of employees in the admin's units (e.g. ?status=pending)",
        security: bearerAuth,
        querystring: DeviceListQuerySchema,
        response: { 200: Type.Object({ devices: Type.Array(DeviceViewSchema) }), ...errorResponses },
      },
    },
    async (request): Promise<DeviceListResponse> => {
      const { status } = request.query;
      return { devices: await listScopedDevices(deps, claimsOf(request), status ?? null) };
    },
  );

  for (const action of ['approve', 'revoke'] as const) {
    app.post(
      `/devices/:id/${action}`,
      {
        onRequest: bearer(auth, { roles: ADMIN_ROLES }),
        schema: {
          tags: ['devices'],
          summary:
            action === 'approve'
              ? "Approve a pending device (admins of the employee's units)"
              : "Revoke a device: its captures are refused from now on (admins of the employee's units)",
          security: bearerAuth,
          params: DeviceIdParamsSchema,
          response: { 200: DeviceViewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        const run = action === 'approve' ? approveDevice : revokeDevice;
        return unwrap(await run(deps, claimsOf(request), id));
      },
    );
  }
}
