/**
 * /api/v1/auth: login, refresh, logout, password. Also the bearer-token hook every other
 * authenticated route uses.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { ChangePasswordRequest, LoginRequest, RefreshRequest } from '../../../core/wire.js';
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
import type { TokenClaims } from '../../platform/crypto/token.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer hook on authenticated routes. */
    claims: TokenClaims | null;
  }
}

/**
 * onRequest hook: refuses a missing, bad, expired or revoked token before the body is
 * even read. With `employeeOnly`, accounts without an employee are refused too.
 */
export function bearer(auth: AuthService, opts: { employeeOnly?: boolean } = {}): onRequestHookHandler {
  // A callback hook, not an async one: no promise per request on the hot path.
  return (request, _reply, done) => {
    const claims = auth.authenticate(request.headers.authorization);
    if (claims instanceof AppError) return done(claims);
    if (opts.employeeOnly && claims.emp === null) return done(new AppError('not_an_employee'));
    request.claims = claims;
    done();
  };
}

/** The claims set by {@link bearer}; a route without the hook calling this is a bug. */
export function claimsOf(request: FastifyRequest): TokenClaims {
  if (!request.claims) throw new Error('route is missing the bearer hook');
  return request.claims;
}

function callerOf(request: FastifyRequest): Caller {
  const ua = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof ua === 'string' ? ua : null };
}

export function authRoutes(app: FastifyInstance, auth: AuthService): void {
  if (!app.hasRequestDecorator('claims')) app.decorateRequest('claims', null);

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
      const body = request.body as LoginRequest;
      return unwrap(await auth.login(body.username, body.password, callerOf(request)));
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
      const body = request.body as RefreshRequest;
      return unwrap(await auth.refresh(body.refreshToken, callerOf(request)));
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
      await auth.logout(claimsOf(request));
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
      const body = request.body as ChangePasswordRequest;
      unwrap(await auth.changePassword(claimsOf(request), body.currentPassword, body.newPassword));
      return reply.code(204).send();
    },
  );
}
