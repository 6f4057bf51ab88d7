/**
 * A refresh whose answer was lost: the previous refresh token is accepted once within
 * the grace period (the pair it was rotated into ends); never twice, never after the
 * grace (then it ends the chain), never after the new pair was used, never for a
 * session ended by sign-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../../core/wire.js';
import { call, login, NIP_A, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { REFRESH_GRACE_MS } from './service.js';

const REFRESH = '/api/v1/auth/refresh';
const TODAY = '/api/v1/me/today';

describe.each(ENGINES)('refresh grace on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
  });
  afterAll(() => s?.close());

  const refresh = (refreshToken: string) =>
    call<LoginResponse>(s.url, 'POST', REFRESH, { body: { refreshToken } });
  const today = (token: string) => call(s.url, 'GET', TODAY, { token });

  it('accepts the previous refresh token once within the grace period, ending the lost pair', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    const lost = await refresh(first.refresh);
    expect(lost.status).toBe(200);
    clock = NOW + REFRESH_GRACE_MS;
    const retry = await refresh(first.refresh);
    expect(retry.status).toBe(200);
    expect(retry.body.refreshToken).not.toBe(lost.body.refreshToken);
    expect((await today(retry.body.accessToken)).status).toBe(200);
    // The pair whose answer was lost is over; so is a second retry.
    expect((await today(lost.body.accessToken)).status).toBe(401);
    expect((await refresh(lost.body.refreshToken)).status).toBe(401);
    expect((await refresh(first.refresh)).status).toBe(401);
    // The chain goes on from the retry's pair.
    expect((await refresh(retry.body.refreshToken)).status).toBe(200);
    clock = NOW;
  });

  it('refuses the previous refresh token after the grace period', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    const next = await refresh(first.refresh);
    expect(next.status).toBe(200);
    clock = NOW + REFRESH_GRACE_MS + 1;
    const late = await refresh(first.refresh);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ code: 'unauthorized' });
    // The refused replay handed out nothing, and ended the chain (session-lifetime.test.ts).
    expect((await refresh(next.body.refreshToken)).status).toBe(401);
    clock = NOW;
  });

  it('refuses it once the new pair was used, and for a session ended by sign-out', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    const next = await refresh(first.refresh);
    expect((await refresh(next.body.refreshToken)).status).toBe(200);
    expect((await refresh(first.refresh)).status).toBe(401);

    const other = await login(s.url, NIP_A);
    expect((await call(s.url, 'POST', '/api/v1/auth/logout', { token: other.token })).status).toBe(204);
    expect((await refresh(other.refresh)).status).toBe(401);
  });

  it('lets only one of two concurrent retries claim the grace', async () => {
    clock = NOW;
    const first = await login(s.url, NIP_A);
    expect((await refresh(first.refresh)).status).toBe(200);
    const both = await Promise.all([refresh(first.refresh), refresh(first.refresh)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
  });
});
