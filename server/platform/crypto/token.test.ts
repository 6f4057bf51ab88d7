import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './token.js';
import type { TokenClaims } from './token.js';

const secret = randomBytes(32);
const NOW = Date.UTC(2026, 2, 2, 0, 0, 0);
const iat = NOW / 1000;
const claims: TokenClaims = {
  sub: 7,
  sid: 'session-1',
  role: 'employee',
  emp: 12,
  unit: 3,
  iat,
  exp: iat + 900,
};

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

describe('HS256 access tokens', () => {
  it('round-trips the claims', () => {
    expect(verifyToken(secret, signToken(secret, claims), NOW)).toEqual({ ok: true, claims });
  });

  it('is a standard JWT: header HS256, signature HMAC-SHA256 over header.payload', () => {
    const [h, p, sig] = signToken(secret, claims).split('.');
    expect(JSON.parse(Buffer.from(h ?? '', 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(sig).toBe(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyToken(randomBytes(32), signToken(secret, claims), NOW)).toEqual({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses changed claims', () => {
    const [h, , sig] = signToken(secret, claims).split('.');
    const forged = `${h}.${b64({ ...claims, role: 'agency_admin' })}.${sig}`;
    expect(verifyToken(secret, forged, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses alg "none" and any other header', () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(verifyToken(secret, none, NOW).ok).toBe(false);
    const hs512 = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}.xyz`;
    expect(verifyToken(secret, hs512, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an expired token at and after exp', () => {
    const t = signToken(secret, claims);
    expect(verifyToken(secret, t, claims.exp * 1000 - 1).ok).toBe(true);
    expect(verifyToken(secret, t, claims.exp * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed tokens', () => {
    for (const t of ['', 'a', 'a.b', 'a.b.c.d', '..', `${b64({ alg: 'HS256', typ: 'JWT' })}..`]) {
      expect(verifyToken(secret, t, NOW).ok).toBe(false);
    }
  });

  it('refuses a correctly signed payload with claims of the wrong shape', () => {
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    const p = b64({ ...claims, role: 'root' });
    const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
    expect(verifyToken(secret, `${h}.${p}.${sig}`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
