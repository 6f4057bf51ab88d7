/**
 * /api/v1/auth: login, refresh, logout, password.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { unwrap } from '../../platform/http/errors.js';
import {
  bearerAuth,
  ChangePasswordRequestSchema,
  errorResponses,
  LoginRequestSchema,
  LoginResponseSchema,
  RefreshRequestSchema,
} from '../../platform/http/schemas.js';
import type { AuthService, Caller } from './service.js';

function clientOf(request: FastifyRequest): Caller {
  const ua = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof ua === 'string' ? ua : null };
}

export function authRoutes(server: FastifyInstance, auth: AuthService): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with NIP/username and password',
        body: LoginRequestSchema,
        response: { 200: LoginResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return unwrap(await auth.login(body.username, body.password, clientOf(request), body.deviceToken));
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
        body: RefreshRequestSchema,
        response: { 200: LoginResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return unwrap(await auth.refresh(body.refreshToken, clientOf(request)));
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: bearer(auth),
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        security: bearerAuth,
        response: { 204: { type: 'null', description: 'Signed out.' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await auth.logout(claimsOf(request), clientOf(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/password',
    {
      onRequest: bearer(auth),
      schema: {
        tags: ['auth'],
        summary: 'Change the password (other sessions end)',
        security: bearerAuth,
        body: ChangePasswordRequestSchema,
        response: { 204: { type: 'null', description: 'Password changed.' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      unwrap(
        await auth.changePassword(
          claimsOf(request),
          body.currentPassword,
          body.newPassword,
          clientOf(request),
        ),
      );
      return reply.code(204).send();
    },
  );
}
