/**
 * An admin ends every session of an account in their scope — a lost phone, a colleague
 * who saw the password — without disabling it or resetting the password (OWASP ASVS 5.0
 * 7.4.5: an administrator can terminate a user's sessions). Scoped as every account
 * operation (404 outside, exactly as missing), audited with the request that did it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, NIP_A, NIP_B, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

const TODAY = '/api/v1/me/today';

describe.each(ENGINES)('admin ends the sessions of an account on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  const end = (accountId: number, token: string) =>
    call<{ sessionsEnded: number }>(s.url, 'POST', `/api/v1/accounts/${accountId}/end-sessions`, { token });
  const live = () =>
    s.t.db
      .selectFrom('sessions')
      .select(['account_id'])
      .where('revoked_at', 'is', null)
      .execute()
      .then((rows) => rows.map((r) => r.account_id));

  it('ends every session of an employee in scope at once; they can sign in again', async () => {
    const phone = await login(s.url, NIP_A);
    const tablet = await login(s.url, NIP_A);
    const admin = await login(s.url, 'admin.dinkes');
    const r = await end(s.seeded.accounts.a, admin.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ sessionsEnded: 2 });
    for (const t of [phone, tablet]) {
      // Refused by this process at once (no waiting for the change feed).
      expect((await call(s.url, 'GET', TODAY, { token: t.token })).status).toBe(401);
      expect(
        (await call(s.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: t.refresh } })).status,
      ).toBe(401);
    }
    expect(await live()).not.toContain(s.seeded.accounts.a);
    // The admin's own session is untouched; the account still works.
    expect(await live()).toContain(s.seeded.accounts.dinkesAdmin);
    expect((await call(s.url, 'GET', TODAY, { token: (await login(s.url, NIP_A)).token })).status).toBe(200);

    const entry = await s.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.end_sessions')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_account_id: s.seeded.accounts.dinkesAdmin,
      actor_label: `unit_admin:${s.seeded.accounts.dinkesAdmin}`,
      target: `account:${s.seeded.accounts.a}`,
    });
    expect(entry.request_id).toEqual(expect.any(String));
    expect(JSON.parse(entry.detail)).toMatchObject({ sessionsEnded: 2 });
  });

  it('answers outside the scope exactly as a missing account, and ends nothing', async () => {
    const phone = await login(s.url, NIP_B);
    const dinkes = await login(s.url, 'admin.dinkes');
    const outside = await end(s.seeded.accounts.b, dinkes.token);
    const missing = await end(999_999, dinkes.token);
    expect(outside.status).toBe(404);
    expect(outside.body).toEqual(missing.body);
    // A unit admin cannot end an agency admin's sessions either.
    expect((await end(s.seeded.accounts.agency, dinkes.token)).status).toBe(404);
    // An employee may not call it at all.
    expect((await end(s.seeded.accounts.b, phone.token)).status).toBe(403);
    expect((await call(s.url, 'GET', TODAY, { token: phone.token })).status).toBe(200);
    const entries = await s.t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'account.end_sessions')
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('lets the agency admin end the sessions of a unit admin', async () => {
    const disdik = await login(s.url, 'admin.disdik');
    const agency = await login(s.url, 'admin');
    const r = await end(s.seeded.accounts.disdikAdmin, agency.token);
    expect(r.status).toBe(200);
    expect(r.body.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await call(s.url, 'GET', '/api/v1/units', { token: disdik.token })).status).toBe(401);
  });
});
