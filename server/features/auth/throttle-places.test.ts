/**
 * The sign-in throttle slows guessing without handing an attacker a way to lock an
 * honest employee out at 07:25 (OWASP ASVS 5.0 6.3.1; the device-cookie scheme of the
 * OWASP Authentication Cheat Sheet). See the design in service.ts, `AuthService.login`.
 *
 * The throttle lives in the process's memory, so one engine is enough here; the
 * addresses come from X-Forwarded-For behind a trusted proxy, as in production.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../core/wire.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { buildApp } from '../../platform/http/app.js';
import type { Config } from '../../platform/config.js';
import {
  call,
  NIP_A,
  NOW,
  PASSWORD,
  startServer,
  TEST_SCRYPT,
  testConfig,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { insertAccount } from './accounts.store.js';

const LOGIN = '/api/v1/auth/login';

describe('sign-in throttle by place', () => {
  let s: TestServer;
  let app: FastifyInstance | undefined;
  let url: string;

  beforeAll(async () => {
    s = await startServer('sqlite');
    const hash = await hashPassword(PASSWORD, TEST_SCRYPT);
    for (let i = 0; i < 40; i++) {
      await insertAccount(s.t.db, {
        username: `pegawai.${i}`,
        password_hash: hash,
        role: 'agency_admin',
        employee_id: null,
        unit_id: null,
        active: 1,
        created_at: NOW,
        password_changed_at: NOW,
      });
    }
  });
  afterAll(() => s?.close());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** A fresh server process (an empty throttle) behind a trusted proxy. */
  async function fresh(overrides: Partial<Config> = {}): Promise<void> {
    app = await buildApp(testConfig({ trustProxy: true, loginMaxPerAddress: 30, ...overrides }), {
      handle: s.t,
      now: () => NOW,
      passwordParams: TEST_SCRYPT,
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  }

  const signIn = (from: string, username: string, password: string, deviceToken?: string) =>
    call<LoginResponse & { code?: string; retryAfter?: number }>(url, 'POST', LOGIN, {
      headers: { 'x-forwarded-for': from },
      body: { username, password, ...(deviceToken !== undefined && { deviceToken }) },
    });

  it("slows an attacker's address for that account only: the employee elsewhere signs in", async () => {
    await fresh();
    for (let i = 0; i < 5; i++)
      expect((await signIn('203.0.113.66', NIP_A, `tebakan-${i}`)).status).toBe(401);
    for (const password of ['tebakan-6', PASSWORD]) {
      const r = await signIn('203.0.113.66', NIP_A, password);
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ code: 'too_many_attempts', retryAfter: 900 });
      expect(r.headers.get('retry-after')).toBe('900');
    }
    expect((await signIn('198.51.100.7', NIP_A, PASSWORD)).status).toBe(200);
  });

  it('stops new clients after guesses from many addresses, yet lets the known phone in', async () => {
    await fresh();
    const earlier = await signIn('198.51.100.7', NIP_A, PASSWORD);
    expect(earlier.status).toBe(200);
    const known = earlier.body.deviceToken;
    expect(typeof known).toBe('string');
    // 20 wrong guesses from five addresses, four each (under the per-address limit).
    for (let a = 0; a < 5; a++)
      for (let i = 0; i < 4; i++)
        expect((await signIn(`203.0.113.${a + 1}`, NIP_A, `tebakan-${a}-${i}`)).status).toBe(401);
    const stranger = await signIn('192.0.2.50', NIP_A, PASSWORD);
    expect(stranger.status).toBe(429);
    // The employee's own phone (any address) still gets in with the right password…
    expect((await signIn('192.0.2.50', NIP_A, PASSWORD, known)).status).toBe(200);
    // …and a forged or foreign token is no key.
    expect((await signIn('192.0.2.50', NIP_A, PASSWORD, `${known!.slice(0, -2)}xx`)).status).toBe(429);
    const otherToken = (await signIn('198.51.100.8', 'pegawai.0', PASSWORD)).body.deviceToken;
    expect((await signIn('192.0.2.50', NIP_A, PASSWORD, otherToken)).status).toBe(429);
  });

  it('wrong passwords on a known phone count for that phone only', async () => {
    await fresh();
    const known = (await signIn('198.51.100.7', NIP_A, PASSWORD)).body.deviceToken!;
    for (let i = 0; i < 5; i++)
      expect((await signIn('198.51.100.7', NIP_A, `lupa-${i}`, known)).status).toBe(401);
    expect((await signIn('198.51.100.7', NIP_A, PASSWORD, known)).status).toBe(429);
    // The same address without the token is another client.
    expect((await signIn('198.51.100.7', NIP_A, PASSWORD)).status).toBe(200);
  });

  it('does not lock a shared office address: typos corrected by a right password do not add up', async () => {
    await fresh();
    // 07:25 behind the office NAT: 40 people each mistype once, then get it right.
    for (let i = 0; i < 40; i++) {
      expect((await signIn('192.0.2.1', `pegawai.${i}`, 'salah-ketik')).status).toBe(401);
      expect((await signIn('192.0.2.1', `pegawai.${i}`, PASSWORD)).status).toBe(200);
    }
  });

  it('stops an address spraying many accounts, but not the known phones behind it', async () => {
    await fresh();
    const phone = (await signIn('192.0.2.1', 'pegawai.1', PASSWORD)).body.deviceToken!;
    for (let i = 0; i < 30; i++)
      expect((await signIn('192.0.2.1', `tidak.ada.${i}`, 'password1')).status).toBe(401);
    expect((await signIn('192.0.2.1', 'pegawai.2', PASSWORD)).status).toBe(429);
    expect((await signIn('192.0.2.1', 'pegawai.1', PASSWORD, phone)).status).toBe(200);
    expect((await signIn('198.51.100.9', 'pegawai.2', PASSWORD)).status).toBe(200);
  });

  it('treats the addresses of one IPv6 /64 as one address', async () => {
    await fresh();
    for (let i = 0; i < 5; i++)
      expect((await signIn(`2001:db8:1:2::${i + 1}`, NIP_A, `tebakan-${i}`)).status).toBe(401);
    expect((await signIn('2001:db8:1:2:ffff::9', NIP_A, PASSWORD)).status).toBe(429);
    expect((await signIn('2001:db8:1:3::1', NIP_A, PASSWORD)).status).toBe(200);
  });

  it("an admin's unlock clears every place of the account", async () => {
    await fresh();
    for (let i = 0; i < 5; i++)
      expect((await signIn('203.0.113.66', NIP_A, `tebakan-${i}`)).status).toBe(401);
    expect((await signIn('203.0.113.66', NIP_A, PASSWORD)).status).toBe(429);
    const admin = await signIn('198.51.100.1', 'admin.dinkes', PASSWORD);
    const r = await call(url, 'POST', `/api/v1/accounts/${s.seeded.accounts.a}/unlock`, {
      token: admin.body.accessToken,
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(r.status).toBe(204);
    expect((await signIn('203.0.113.66', NIP_A, PASSWORD)).status).toBe(200);
  });
});
