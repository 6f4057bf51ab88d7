/**
 * Authentication events and sensitive reads land in the audit trail, on both engines
 * (OWASP ASVS 5.0 16.3.1 sign-in success and failure, sign-out, refresh; 16.3.2 refused
 * authorisation; 16.2.1 who read what): none of these was logged before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, PASSWORD, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('audited authentication and access on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  async function entries(
    action: string,
  ): Promise<{ actor_account_id: number | null; target: string; detail: string }[]> {
    return s.t.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'target', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  }

  it('ASVS 16.3.1: sign-in success and failure, refresh and sign-out are logged, never the password', async () => {
    const bad = await call(s.url, 'POST', '/api/v1/auth/login', {
      body: { username: NIP_A, password: 'salah-salah' },
    });
    expect(bad.status).toBe(401);
    const nobody = await call(s.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody', password: 'x' },
    });
    expect(nobody.status).toBe(401);
    const { token, refresh } = await login(s.url, NIP_A);
    const r = await call<{ accessToken: string }>(s.url, 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: refresh },
    });
    expect(r.status).toBe(200);
    expect((await call(s.url, 'POST', '/api/v1/auth/logout', { token: r.body.accessToken })).status).toBe(
      204,
    );
    void token;

    const a = s.seeded.accounts.a;
    const failed = await entries('auth.sign_in_failed');
    expect(
      failed.map((e) => [e.actor_account_id, (JSON.parse(e.detail) as { reason: string }).reason]),
    ).toEqual([
      [a, 'wrong_password'],
      [null, 'unknown_user'],
    ]);
    expect((await entries('auth.sign_in')).map((e) => e.actor_account_id)).toEqual([a]);
    expect((await entries('auth.refresh')).map((e) => e.actor_account_id)).toEqual([a]);
    expect((await entries('auth.sign_out')).map((e) => e.actor_account_id)).toEqual([a]);
    const all = await s.t.db.selectFrom('audit_log').select('detail').execute();
    for (const e of all) {
      expect(e.detail).not.toContain(PASSWORD);
      expect(e.detail).not.toContain('salah-salah');
      expect(e.detail).not.toContain(refresh);
    }
    expect(JSON.parse(failed[0]!.detail)).toMatchObject({ address: '127.0.0.1' });
  });

  it('ASVS 16.3.2: a refused (403) request is logged with its caller and route', async () => {
    const { token } = await login(s.url, NIP_A);
    const r = await call(s.url, 'GET', '/api/v1/live/board', { token });
    expect(r.status).toBe(403);
    const refused = await entries('access.refused');
    expect(refused.at(-1)).toMatchObject({
      actor_account_id: s.seeded.accounts.a,
      target: 'GET /api/v1/live/board',
    });
  });
});
