/**
 * Access tokens: compact JWTs signed with HMAC-SHA256 (RFC 7519, RFC 7515 §A.1), written
 * by hand on node:crypto so verification is one HMAC and one JSON.parse — microseconds,
 * no database. The check-in hot path verifies a token on every request.
 *
 * Only the exact header this module writes is accepted, so "alg": "none" and algorithm
 * confusion are refused before any cryptography runs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccountRole } from '../../../core/model.js';

/** What an access token says about its bearer. Times are seconds since the epoch (RFC 7519 §2). */
export interface TokenClaims {
  /** Account id. */
  sub: number;
  /** Session id: revoking the session refuses the token. */
  sid: string;
  role: AccountRole;
  /** Employee id for employee accounts, else null. */
  emp: number | null;
  /** Unit scope: the managed subtree's root for unit admins, the own unit for employees, null for agency admins. */
  unit: number | null;
  iat: number;
  exp: number;
}

export type VerifyResult =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const HEADER = base64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
const ROLES: readonly string[] = ['employee', 'unit_admin', 'agency_admin'];

function base64url(b: Buffer): string {
  return b.toString('base64url');
}

function mac(secret: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/**
 * Signs claims into a token.
 *
 * @example signToken(secret, { sub: 1, sid: 's', role: 'employee', emp: 7, unit: 3, iat, exp: iat + 900 })
 */
export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payload = base64url(Buffer.from(JSON.stringify(claims)));
  const input = `${HEADER}.${payload}`;
  return `${input}.${base64url(mac(secret, input))}`;
}

function isIntOrNull(v: unknown): v is number | null {
  return v === null || Number.isSafeInteger(v);
}

function parseClaims(json: string): TokenClaims | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  if (!Number.isSafeInteger(c['sub']) || typeof c['sid'] !== 'string' || c['sid'] === '') return null;
  if (typeof c['role'] !== 'string' || !ROLES.includes(c['role'])) return null;
  if (!isIntOrNull(c['emp']) || !isIntOrNull(c['unit'])) return null;
  if (!Number.isSafeInteger(c['iat']) || !Number.isSafeInteger(c['exp'])) return null;
  return c as unknown as TokenClaims;
}

/**
 * Checks signature and expiry at `nowMs`. Never touches storage; revocation is the
 * caller's (see auth.service.ts, which keeps revoked session ids in memory).
 */
export function verifyToken(secret: Buffer, token: string, nowMs: number): VerifyResult {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) !== -1) return { ok: false, reason: 'malformed' };
  if (token.slice(0, dot1) !== HEADER) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(token.slice(dot2 + 1), 'base64url');
  const expected = mac(secret, token.slice(0, dot2));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature' };
  }
  const claims = parseClaims(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
