import { describe, expect, it } from 'vitest';
import { hashPassword, SCRYPT_DEFAULT, verifyPassword } from './password.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('rahasia-123', CHEAP);
    expect(await verifyPassword('rahasia-123', h)).toBe(true);
    expect(await verifyPassword('rahasia-124', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('stores scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('x', CHEAP);
    const b = await hashPassword('x', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
  });

  it('defaults to N = 2^15, r = 8, p = 1', async () => {
    expect(SCRYPT_DEFAULT).toEqual({ N: 32768, r: 8, p: 1 });
    const h = await hashPassword('hadir-demo');
    expect(h.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('hadir-demo', h)).toBe(true);
  });

  it('refuses unreadable or hostile stored values instead of throwing', async () => {
    for (const bad of [
      '',
      'plain',
      'bcrypt$x',
      'scrypt$1000$8$1$c2FsdA==$aGFzaA==',
      'scrypt$4194304$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==',
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const h = await hashPassword('kopi-se\u0301duh', CHEAP);
    expect(await verifyPassword('kopi-s\u00e9duh', h)).toBe(true);
  });
});
