/**
 * A session ends for good: at an absolute lifetime counted from its sign-in, however
 * often it is refreshed (OWASP ASVS 5.0 7.3.2), and at once, with every token of its
 * chain, when a refresh token it already rotated away is presented again after the
 * grace period (ASVS 5.0 10.4.5, refresh-token replay: the token was copied).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../core/wire.js';
import { call, login, NIP_A, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { REFRESH_GRACE_MS } from './service.js';

const REFRESH = '/api/v1/auth/refresh';
const TODAY = '/api/v1/me/today';
const DAY = 86_400_000;
const HOUR = 3_600_000;

describe.each(ENGINES)('session lifetime and refresh-token reuse on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
  });
  afterAll(() => s?.close());

  const refresh = (refreshToken: string) =>
    call<LoginResponse>(s.url, 'POST', REFRESH, { body: { refreshToken } });
  const sessionRows = () => s.t.db.selectFrom('sessions').selectAll().execute();

  it('ASVS 7.3.2: refuses a refresh past the absolute lifetime (30 days for employees), however fresh', async () => {
    expect(s.config.sessionMaxAgeSec).toBe(30 * 86400);
    clock = NOW;
    const first = await login(s.url, NIP_A);
    clock = NOW + 20 * DAY;
    const mid = await refresh(first.refresh);
    expect(mid.status).toBe(200);
    // The access token does not reach past the end of the session either.
    clock = NOW + 30 * DAY - 60_000;
    const late = await refresh(mid.body.refreshToken);
    expect(late.status).toBe(200);
    expect(late.body.expiresIn).toBeLessThanOrEqual(60);
    clock = NOW + 30 * DAY;
    const r = await refresh(late.body.refreshToken);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'token_expired' });
    // The refused refresh ended nothing and issued nothing.
    expect((await sessionRows()).filter((x) => x.revoked_at === null)).toHaveLength(1);
    clock = NOW;
  });

  it('ASVS 7.3.2: gives admin sessions a shorter absolute lifetime (12 hours)', async () => {
    expect(s.config.adminSessionMaxAgeSec).toBe(12 * 3600);
    clock = NOW;
    const first = await login(s.url, 'admin.dinkes');
    clock = NOW + 11 * HOUR;
    const next = await refresh(first.refresh);
    expect(next.status).toBe(200);
    clock = NOW + 12 * HOUR;
    expect((await refresh(next.body.refreshToken)).status).toBe(401);
    clock = NOW;
  });

  it('revokes the whole chain when a rotated refresh token comes back after the grace period', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    const second = await refresh(first.refresh);
    expect(second.status).toBe(200);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
    expect((await call(s.url, 'GET', TODAY, { token: third.body.accessToken })).status).toBe(200);

    clock = NOW + REFRESH_GRACE_MS + 1;
    // Someone replays the first token (copied from the phone): refused, and the chain ends.
    const replay = await refresh(first.refresh);
    expect(replay.status).toBe(401);
    expect((await call(s.url, 'GET', TODAY, { token: third.body.accessToken })).status).toBe(401);
    expect((await refresh(third.body.refreshToken)).status).toBe(401);

    const entries = await s.t.db
      .selectFrom('audit_log')
      .select(['actor_account_id', 'action', 'detail'])
      .where('action', '=', 'auth.refresh_replayed')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actor_account_id).toBe(s.seeded.accounts.a);
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({ sessionsRevoked: 1, address: '127.0.0.1' });
    expect(entries[0]!.detail).not.toContain(first.refresh);

    // Other sessions of the same person (another phone) are not part of the chain.
    clock = NOW;
    const other = await login(s.url, NIP_A);
    clock = NOW + REFRESH_GRACE_MS + 1;
    expect((await refresh(first.refresh)).status).toBe(401);
    expect((await call(s.url, 'GET', TODAY, { token: other.token })).status).toBe(200);
    clock = NOW;
  });

  it('still treats a retry within the grace period as a lost answer, not a replay', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    const lost = await refresh(first.refresh);
    expect(lost.status).toBe(200);
    const retry = await refresh(first.refresh);
    expect(retry.status).toBe(200);
    expect((await call(s.url, 'GET', TODAY, { token: retry.body.accessToken })).status).toBe(200);
  });
});
