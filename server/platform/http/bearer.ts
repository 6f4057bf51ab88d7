/**
 * The bearer-token hook every authenticated route uses, and the caller it leaves on the
 * request. The hook answers before the body is read: 401 without a valid token, 403 when
 * the route is not for the caller's role (see server/platform/access/access.ts for the
 * rule). Which ids the caller may see is decided later, by the access module.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { AccountRole } from '../../../core/model.js';
import { mayCall } from '../access/access.js';
import type { Caller } from '../access/access.js';
import type { TokenClaims } from '../crypto/token.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the bearer hook on authenticated routes. */
    claims: TokenClaims | null;
  }
}

/** What checks a token: the auth service (features/auth). */
export interface Authenticator {
  /** The claims of a valid `Authorization: Bearer …` header, or the refusal. No database access. */
  authenticate(authorization: string | undefined): TokenClaims | AppError;
}

export interface BearerOptions {
  /** Only accounts with an employee (refused as 403 not_an_employee): the phone's routes. */
  employeeOnly?: boolean;
  /** Only these roles may call the route (others: 403 forbidden). Default: every role. */
  roles?: readonly AccountRole[];
}

/** Lets requests carry claims; called once by buildApp before any route is registered. */
export function installBearer(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('claims')) app.decorateRequest('claims', null);
}

/**
 * onRequest hook: refuses a missing, bad, expired or revoked token before the body is
 * even read, then a role the route is not for.
 *
 * @example app.get('/units/:id/recap', { onRequest: bearer(auth, { roles: ADMIN_ROLES }) }, …)
 */
export function bearer(auth: Authenticator, opts: BearerOptions = {}): onRequestHookHandler {
  const { employeeOnly = false, roles } = opts;
  // A callback hook, not an async one: no promise per request on the hot path.
  return (request, _reply, done) => {
    const claims = auth.authenticate(request.headers.authorization);
    if (claims instanceof AppError) return done(claims);
    // Set before the role checks, so a refusal is audited with its caller (access-audit.ts).
    request.claims = claims;
    if (employeeOnly && claims.emp === null) return done(new AppError('not_an_employee'));
    if (roles && !mayCall(claims, roles)) return done(new AppError('forbidden'));
    done();
  };
}

/** The claims set by {@link bearer}; a route without the hook calling this is a bug. */
export function claimsOf(request: FastifyRequest): TokenClaims {
  if (!request.claims) throw new Error('route is missing the bearer hook');
  return request.claims;
}

/** The caller of an authenticated request: its claims and the request id (for the audit trail). */
export function callerOf(request: FastifyRequest): Caller {
  return { claims: claimsOf(request), requestId: request.id };
}

/** The employee id of an employee-only route's caller (the hook guarantees one). */
export function employeeIdOf(request: FastifyRequest): number {
  const id = claimsOf(request).emp;
  if (id === null) throw new Error('bearer hook let a non-employee through');
  return id;
}
