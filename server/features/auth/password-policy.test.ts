/**
 * The new-password rule (OWASP ASVS 5.0 6.2.1 length, 6.2.4 common passwords, 6.2.11
 * context words): what it refuses, and that ordinary passphrases pass.
 */
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { passwordProblem } from './password-policy.js';
import type { PasswordContext } from './password-policy.js';

const BUDI: PasswordContext = {
  username: '199001152019032002',
  nip: '199001152019032002',
  name: 'Budi Santoso',
};
const ADMIN: PasswordContext = { username: 'admin.dinkes', nip: null, name: null };

describe('new-password rule', () => {
  it('keeps the list small and in its stored form', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(1000);
    expect(COMMON_PASSWORDS.size).toBeLessThan(5000);
    for (const w of COMMON_PASSWORDS) expect(w).toMatch(/^[a-z0-9]+$/);
  });

  it.each([
    'password',
    'Password1',
    'PASSWORD123!',
    'p@ssw0rd',
    'pa55word',
    '12345678',
    '123456789',
    'qwerty123',
    'qwertyuiop',
    '1q2w3e4r',
    'iloveyou',
    'sunshine1',
    'bismillah',
    'Bismillah123',
    'bismillah!!',
    'alhamdulillah',
    'assalamualaikum',
    'indonesia',
    'Indonesia2024',
    'indonesia 45',
    'merdeka1945',
    'sayangku',
    'akusayangkamu',
    'cintaku123',
    'rahasia123',
    'katasandi',
    'persib1933',
    'jakarta123',
    'pegawai123',
    'presensi2024',
    'abcdefgh',
    '87654321',
    '12121212',
    'aaaaaaaa',
    '26091986',
    '19860926',
    '198609262015051001',
    '19860926 201505 1 001',
  ])('refuses %s as common', (p) => {
    expect(passwordProblem(p, ADMIN)).toBe('common');
  });

  it.each(['budisantoso', 'Budi Santoso', 'santoso.budi', 'BudiSantoso2024', 'x199001152019032002x'])(
    "refuses %s as built from the person's own name or NIP",
    (p) => {
      expect(passwordProblem(p, BUDI)).not.toBeNull();
      expect(passwordProblem(p, BUDI)).not.toBe('too_short');
    },
  );

  it('refuses parts of an admin username', () => {
    expect(passwordProblem('dinkes2024', ADMIN)).toBe('personal');
    expect(passwordProblem('admin.dinkes', ADMIN)).toBe('username');
  });

  it('keeps the old rules: 8 characters, not the username', () => {
    expect(passwordProblem('pendek', ADMIN)).toBe('too_short');
    expect(passwordProblem('199001152019032002', BUDI)).toBe('username');
    expect(passwordProblem('19900115 201903 2 002', BUDI)).toBe('username');
  });

  it.each([
    'sandi-baru-123',
    'kopi-papua-pagi',
    'kopi pagi di pelabuhan',
    'rahasia-bkpsdm',
    'admin-baru-2026',
    'kata-sandi-rina',
    'Tiga kucing oranye',
    'correct horse battery staple',
    'xK9#mQ2$vL',
    'budi-naik-kereta-ke-bogor',
  ])('accepts %s', (p) => {
    expect(passwordProblem(p, BUDI)).toBeNull();
  });
});
