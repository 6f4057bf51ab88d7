/** GET /api/v1/time: a fresh time anchor, cheap (one HMAC), for the phone to date its next captures. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TimeResponse } from '../../../core/wire.js';
import type { AuthService } from '../auth/service.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { DeviceCache } from '../devices/cache.js';
import { bearerAuth, errorResponses, TimeAnchorViewSchema } from '../../platform/http/schemas.js';
import type { Anchors } from './anchors.js';

export interface TimeDeps {
  now: () => number;
  anchors: Anchors;
  devices: DeviceCache;
}

/** Header naming the phone's enrolled device, so anchors are bound to it. */
export const DEVICE_HEADER = 'x-hadir-device';

/**
 * The device named in the X-Hadir-Device header when it is a live device of `employeeId`,
 * else null (an anchor then binds to no device, and only unsigned captures can use it).
 */
export function headerDevice(
  devices: DeviceCache,
  request: FastifyRequest,
  employeeId: number,
): Promise<string | null> {
  return ownDevice(devices, request.headers[DEVICE_HEADER], employeeId);
}

/**
 * `id` when it names a device of `employeeId` that is not revoked (active or awaiting
 * approval), else null: the device an anchor may be bound to.
 */
export async function ownDevice(
  devices: DeviceCache,
  id: unknown,
  employeeId: number,
): Promise<string | null> {
  if (typeof id !== 'string' || id === '' || id.length > 64) return null;
  const d = await devices.get(id);
  return d && d.employeeId === employeeId && d.status !== 'revoked' ? d.id : null;
}

export const TimeResponseSchema = Type.Object({
  anchor: TimeAnchorViewSchema,
  serverTime: Type.String(),
});

export function timeRoutes(server: FastifyInstance, auth: AuthService, deps: TimeDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/time',
    {
      onRequest: bearer(auth, { employeeOnly: true }),
      schema: {
        tags: ['check-ins'],
        summary:
          'A signed server time anchor for dating captures (send X-Hadir-Device to bind it to the phone)',
        security: bearerAuth,
        response: { 200: TimeResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<TimeResponse> => {
      const employeeId = claimsOf(request).emp ?? 0;
      const deviceId = await headerDevice(deps.devices, request, employeeId);
      const now = deps.now();
      return {
        anchor: deps.anchors.issue(now, employeeId, deviceId),
        serverTime: new Date(now).toISOString(),
      };
    },
  );
}
