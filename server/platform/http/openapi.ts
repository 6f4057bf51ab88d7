/**
 * The OpenAPI 3 document, generated from the route schemas (schemas.ts): JSON at
 * /api/openapi.json, Swagger UI at /api/docs. Registered before the routes, because
 * @fastify/swagger collects routes as they are added.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Hadir API',
        version,
        description:
          'Presensi online untuk pemerintah daerah — online attendance for Indonesian regional governments. ' +
          'Every refusal is `{ code, message: { id, en }, details? }` with a stable code.',
      },
      servers: [],
      tags: [
        { name: 'auth', description: 'Sign-in and sessions' },
        { name: 'check-ins', description: 'Check-in and check-out events' },
        { name: 'me', description: 'The signed-in employee' },
        { name: 'attendance', description: 'Attendance for admins' },
        { name: 'units', description: 'The organisation tree (onboarding)' },
        { name: 'employees', description: 'Employees, moves and deactivations (onboarding)' },
        { name: 'sites', description: 'Work sites: offices, WFH, dinas luar (onboarding)' },
        { name: 'schedules', description: 'Weekly schedules per unit (onboarding)' },
        { name: 'accounts', description: 'Accounts, activation codes and slips (onboarding)' },
        { name: 'import', description: 'Spreadsheet import (onboarding)' },
        { name: 'machines', description: 'Fingerprint machines (ADMS push): registry, PINs, reconciliation' },
        { name: 'health', description: 'Operations' },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH });
  app.get(OPENAPI_JSON_PATH, { schema: { hide: true } }, () => app.swagger());
}
