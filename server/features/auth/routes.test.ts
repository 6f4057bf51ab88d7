import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../core/wire.js';
import { listAudit } from '../../platform/audit/audit.js';
import { buildApp } from '../../platform/http/app.js';
import {
  call,
  login,
  NIP_A,
  NIP_B,
  NOW,
  PASSWORD,
  startServer,
  TEST_SCRYPT,
  testConfig,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { insertAccount } from './accounts.store.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { signToken } from '../../platform/crypto/token.js';

const LOGIN = '/api/v1/auth/login';
const TODAY = '/api/v1/me/today';

describe.each(ENGINES)('auth over HTTP on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  const post = <T = Record<string, unknown>>(path: string, body?: unknown, token?: string) =>
    call<T>(s.url, 'POST', path, { ...(body === undefined ? {} : { body }), ...(token ? { token } : {}) });

  it('signs an employee in by NIP and describes the account', async () => {
    const r = await post<LoginResponse>(LOGIN, { username: NIP_A, password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.expiresIn).toBe(900);
    expect(r.body.accessToken.split('.')).toHaveLength(3);
    expect(r.body.refreshToken.length).toBeGreaterThan(20);
    expect(r.body.account).toEqual({
      id: s.seeded.accounts.a,
      username: NIP_A,
      role: 'employee',
      employee: {
        id: s.seeded.employees.a,
        name: 'Andi Rahman',
        kind: 'pns',
        nip: NIP_A,
        unitId: s.seeded.units.puskesmas,
        unitName: 'Puskesmas Kota',
        position: 'Perawat',
      },
      unitId: null,
    });
    expect((await call(s.url, 'GET', TODAY, { token: r.body.accessToken })).status).toBe(200);
  });

  it('accepts a NIP typed with spaces as on the ID card', async () => {
    const r = await post<LoginResponse>(LOGIN, { username: ' 19860926 201505 1 001 ', password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.account.username).toBe(NIP_A);
  });

  it('signs a unit admin in with their unit scope', async () => {
    const r = await post<LoginResponse>(LOGIN, { username: 'admin.dinkes', password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.account).toMatchObject({
      role: 'unit_admin',
      employee: null,
      unitId: s.seeded.units.dinkes,
    });
  });

  it('refuses a wrong password and an unknown user alike (401 invalid_credentials)', async () => {
    const wrong = await post(LOGIN, { username: NIP_B, password: 'salah-sandi' });
    const unknown = await post(LOGIN, { username: 'nobody', password: PASSWORD });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code: 'invalid_credentials' });
    }
  });

  it('refuses an inactive account after checking the password', async () => {
    await insertAccount(s.t.db, {
      username: 'mantan',
      password_hash: await hashPassword(PASSWORD, TEST_SCRYPT),
      role: 'agency_admin',
      employee_id: null,
      unit_id: null,
      active: 0,
      created_at: NOW,
      password_changed_at: NOW,
    });
    const r = await post(LOGIN, { username: 'mantan', password: PASSWORD });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'account_inactive' });
  });

  it('refuses a malformed login body', async () => {
    const r = await post(LOGIN, { username: NIP_A });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 'invalid_body',
      details: [{ field: '/password', reason: 'required' }],
    });
  });

  it('throttles an account after 5 failures from one address: 429 with Retry-After, even for the right password', async () => {
    await insertAccount(s.t.db, {
      username: 'target',
      password_hash: await hashPassword(PASSWORD, TEST_SCRYPT),
      role: 'agency_admin',
      employee_id: null,
      unit_id: null,
      active: 1,
      created_at: NOW,
      password_changed_at: NOW,
    });
    for (let i = 0; i < 5; i++) {
      expect((await post(LOGIN, { username: 'target', password: `tebakan-${i}` })).status).toBe(401);
    }
    for (const password of ['tebakan-6', PASSWORD]) {
      const r = await post(LOGIN, { username: 'target', password });
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ code: 'too_many_attempts', retryAfter: 900 });
      expect(r.headers.get('retry-after')).toBe('900');
    }
    // Other accounts from the same address are not affected.
    expect((await post(LOGIN, { username: NIP_B, password: PASSWORD })).status).toBe(200);
  });

  it('throttles an address spraying many accounts', async () => {
    const app = await buildApp(testConfig({ loginMaxPerAddress: 3 }), {
      handle: s.t,
      now: () => NOW,
      passwordParams: TEST_SCRYPT,
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const u of ['u1', 'u2', 'u3']) {
        expect((await call(url, 'POST', LOGIN, { body: { username: u, password: 'x' } })).status).toBe(401);
      }
      const r = await call(url, 'POST', LOGIN, { body: { username: NIP_A, password: PASSWORD } });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('refuses the token after logout, also after a restart, and ends the refresh token', async () => {
    const { token, refresh } = await login(s.url, NIP_A);
    expect((await call(s.url, 'GET', TODAY, { token })).status).toBe(200);
    const out = await post('/api/v1/auth/logout', undefined, token);
    expect(out.status).toBe(204);
    const after = await call(s.url, 'GET', TODAY, { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'unauthorized' });
    expect((await post('/api/v1/auth/refresh', { refreshToken: refresh })).status).toBe(401);

    // A new process with the same secret learns revoked sessions from the database.
    const app = await buildApp(s.config, { handle: s.t, now: () => NOW, passwordParams: TEST_SCRYPT });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await call(url, 'GET', TODAY, { token })).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('rotates the refresh token: the new pair works, the old refresh token and session do not', async () => {
    const first = await login(s.url, NIP_A);
    const r = await post<LoginResponse>('/api/v1/auth/refresh', { refreshToken: first.refresh });
    expect(r.status).toBe(200);
    expect(r.body.refreshToken).not.toBe(first.refresh);
    expect(r.body.account.username).toBe(NIP_A);
    expect((await call(s.url, 'GET', TODAY, { token: r.body.accessToken })).status).toBe(200);
    expect((await call(s.url, 'GET', TODAY, { token: first.token })).status).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refreshToken: r.body.refreshToken })).status).toBe(200);
    // The new pair has been used: the old refresh token is not accepted again (refresh-grace.test.ts).
    expect((await post('/api/v1/auth/refresh', { refreshToken: first.refresh })).status).toBe(401);
  });

  it('refuses an unknown refresh token', async () => {
    const r = await post('/api/v1/auth/refresh', { refreshToken: 'bukan-token' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses an expired token with token_expired, and a token from another secret', async () => {
    const iat = NOW / 1000 - 1000;
    const claims = {
      sub: s.seeded.accounts.a,
      sid: 'x',
      role: 'employee' as const,
      emp: s.seeded.employees.a,
      unit: null,
      iat,
    };
    const expired = signToken(s.config.tokenSecret, { ...claims, exp: iat + 900 });
    const r = await call(s.url, 'GET', TODAY, { token: expired });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'token_expired' });
    const foreign = signToken(Buffer.alloc(32, 1), { ...claims, iat: NOW / 1000, exp: NOW / 1000 + 900 });
    expect((await call(s.url, 'GET', TODAY, { token: foreign })).status).toBe(401);
    // Signed with the right secret but claiming a longer life than the server grants.
    const long = signToken(s.config.tokenSecret, { ...claims, iat: NOW / 1000, exp: NOW / 1000 + 86400 });
    expect((await call(s.url, 'GET', TODAY, { token: long })).status).toBe(401);
  });

  describe('change password', () => {
    const PATH = '/api/v1/auth/password';

    it('refuses a wrong current password and a weak new one', async () => {
      const { token } = await login(s.url, NIP_B);
      const wrong = await post(PATH, { currentPassword: 'salah', newPassword: 'sandi-baru-123' }, token);
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'wrong_password' });
      for (const weak of ['pendek', NIP_B, '19900115 201903 2 002']) {
        const r = await post(PATH, { currentPassword: PASSWORD, newPassword: weak }, token);
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: 'weak_password' });
      }
      expect((await post(PATH, { currentPassword: PASSWORD, newPassword: 'x' })).status).toBe(401);
    });

    it("ASVS 6.2.4, 6.2.11: refuses common passwords, a NIP, and the person's own name or birth date", async () => {
      // Budi Santoso, NIP 19900115 201903 2 002: born 15 January 1990.
      const { token } = await login(s.url, NIP_B);
      const guessable = [
        'password',
        '12345678',
        'qwerty123',
        'P@ssw0rd',
        'bismillah',
        'Bismillah123',
        'indonesia',
        'Indonesia2024',
        'sayangku123',
        'asdfghjk',
        '11111111',
        NIP_A,
        '19860926 201505 1 001',
        'budisantoso',
        'Budi Santoso',
        'santoso123',
        '15011990',
        '19900115',
      ];
      for (const weak of guessable) {
        const r = await post(PATH, { currentPassword: PASSWORD, newPassword: weak }, token);
        expect([weak, r.status, r.body['code']]).toEqual([weak, 400, 'common_password']);
        expect((r.body['message'] as { id: string }).id).toContain('mudah ditebak');
      }
      // Nothing changed: the old password still signs in, this session still works.
      expect((await post(LOGIN, { username: NIP_B, password: PASSWORD })).status).toBe(200);
      expect((await call(s.url, 'GET', TODAY, { token })).status).toBe(200);
      expect(
        (await listAudit(s.t.db, { limit: 50 })).filter((e) => e.action === 'account.password_changed'),
      ).toEqual([]);
    });

    it('ASVS 6.3.1: limits guesses of the current password, even when the session was stolen', async () => {
      const victim = await insertAccount(s.t.db, {
        username: 'sandi.dicuri',
        password_hash: await hashPassword(PASSWORD, TEST_SCRYPT),
        role: 'agency_admin',
        employee_id: null,
        unit_id: null,
        active: 1,
        created_at: NOW,
        password_changed_at: NOW,
      });
      const stolen = await login(s.url, 'sandi.dicuri');
      for (let i = 0; i < 5; i++) {
        const r = await post(
          PATH,
          { currentPassword: `tebakan-${i}`, newPassword: 'kopi-pagi-hari' },
          stolen.token,
        );
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: 'wrong_password' });
      }
      // A new session does not start a new count.
      const again = await login(s.url, 'sandi.dicuri');
      for (const current of ['tebakan-6', PASSWORD]) {
        const r = await post(PATH, { currentPassword: current, newPassword: 'kopi-pagi-hari' }, again.token);
        expect(r.status).toBe(429);
        expect(r.body).toMatchObject({ code: 'too_many_attempts', retryAfter: 900 });
        expect(r.headers.get('retry-after')).toBe('900');
      }
      // Nothing changed.
      expect((await post(LOGIN, { username: 'sandi.dicuri', password: PASSWORD })).status).toBe(200);
      expect((await call(s.url, 'GET', '/api/v1/units', { token: stolen.token })).status).toBe(200);
      const failed = (await listAudit(s.t.db, { limit: 200 })).filter(
        (e) => e.action === 'auth.password_change_failed' && e.target === `account:${victim.id}`,
      );
      expect(failed).toHaveLength(5);
      for (const e of failed) expect(e.detail).not.toContain('tebakan');
    });

    it('changes it, ends the other sessions, keeps this one and writes the audit log', async () => {
      const other = await login(s.url, 'admin.disdik');
      const mine = await login(s.url, 'admin.disdik');
      const r = await post(PATH, { currentPassword: PASSWORD, newPassword: 'sandi-baru-123' }, mine.token);
      expect(r.status).toBe(204);
      const check = (token: string) =>
        call(
          s.url,
          'GET',
          `/api/v1/employees/${s.seeded.employees.b}/attendance?from=2026-03-01&to=2026-03-02`,
          { token },
        );
      expect((await check(other.token)).status).toBe(401);
      expect((await post('/api/v1/auth/refresh', { refreshToken: other.refresh })).status).toBe(401);
      expect((await check(mine.token)).status).toBe(200);
      expect((await post(LOGIN, { username: 'admin.disdik', password: PASSWORD })).status).toBe(401);
      expect((await post(LOGIN, { username: 'admin.disdik', password: 'sandi-baru-123' })).status).toBe(200);
      // The sign-ins after it are logged too; the change is the latest non-sign-in entry.
      const audit = (await listAudit(s.t.db, { limit: 10 })).filter((e) => !e.action.startsWith('auth.'));
      expect(audit[0]).toMatchObject({
        actor_account_id: s.seeded.accounts.disdikAdmin,
        action: 'account.password_changed',
        target: `account:${s.seeded.accounts.disdikAdmin}`,
      });
    });
  });
});
