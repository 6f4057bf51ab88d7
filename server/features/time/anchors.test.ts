import { describe, expect, it } from 'vitest';
import { anchorKey, Anchors, signAnchor, verifyAnchor } from './anchors.js';

const secret = Buffer.from('x'.repeat(40));

describe('time anchors', () => {
  it('round-trips an issued anchor', () => {
    const a = new Anchors(secret);
    const view = a.issue(1_772_407_860_000, 7, 'dev-1');
    expect(view.serverTime).toBe('2026-03-01T23:31:00.000Z');
    expect(a.verify(view.token)).toMatchObject({ t: 1_772_407_860_000, e: 7, d: 'dev-1' });
  });

  it('gives two anchors of the same instant different nonces', () => {
    const a = new Anchors(secret);
    expect(a.issue(1, 1, null).token).not.toBe(a.issue(1, 1, null).token);
  });

  it('refuses a changed payload, another key, and malformed tokens', () => {
    const key = anchorKey(secret);
    const token = signAnchor(key, { t: 1000, n: 'n', d: null, e: 1 });
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ t: 999_999, n: 'n', d: null, e: 1 })).toString('base64url')}.${sig}`;
    expect(verifyAnchor(key, forged)).toBeNull();
    expect(verifyAnchor(anchorKey(Buffer.from('y'.repeat(40))), token)).toBeNull();
    for (const bad of ['', '.', 'abc', 'a.b.c', `${token}x`]) expect(verifyAnchor(key, bad)).toBeNull();
  });

  it('is not the access-token key (a different HMAC label)', () => {
    expect(anchorKey(secret).equals(secret)).toBe(false);
  });
});
