/**
 * The input limits of input.ts, on both engines (OWASP ASVS 5.0 V2.2.1 input validation
 * against limits, 16.5.3 fail securely): each of these answered 500 before — a NUL byte
 * on PostgreSQL, integers past 2^31-1 in bodies and path ids, dates at the validator's
 * limits, `/attachments/%00`. The fuzzer (fuzz.test.ts) sends thousands more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('input limits on %s', (engine) => {
  let s: TestServer;
  let admin: string;
  let employee: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = (await login(s.url, 'admin')).token;
    employee = (await login(s.url, NIP_A)).token;
  });
  afterAll(() => s?.close());

  it('ASVS 2.2.1: a NUL byte in a text field is refused as the field, also on the unauthenticated login', async () => {
    const r = await call(s.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'adm\u0000in', password: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid_body', details: [{ field: '/username', reason: 'nul' }] });
    const q = await call(s.url, 'GET', `/api/v1/live/board?date=2026-03-02%00`, { token: admin });
    expect(q.status).toBe(400);
    expect(q.body).toMatchObject({ code: 'invalid_query', details: [{ field: 'date', reason: 'nul' }] });
  });

  it('ASVS 2.2.1: ids past 2^31-1 in a path are refused like any malformed id, and /attachments/%00 too', async () => {
    for (const p of ['/api/v1/attachments/%00', '/api/v1/units/2147483648', '/api/v1/units/9999999999']) {
      const r = await call(s.url, 'GET', p, { token: admin });
      expect(r.status, p).toBeLessThan(500);
      expect(r.status, p).toBe(400);
    }
    const largest = await call(s.url, 'GET', '/api/v1/units/2147483647', { token: admin });
    expect(largest.status).toBe(404);
  });

  it('ASVS 2.2.1: integers past 2^31-1 in a body are refused by the schema', async () => {
    const big = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: admin,
      body: { organisationId: 2147483648, ruleSet: {} },
    });
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ details: [{ field: '/organisationId', reason: 'maximum' }] });
    const r = await call(s.url, 'POST', '/api/v1/check-ins', {
      token: employee,
      body: {
        id: '01900000-0000-7000-8000-000000000000',
        kind: 'in',
        capturedAt: '2026-03-02T07:30:00+08:00',
        location: { lat: -5.1477, lon: 119.4327, accuracy: 10 },
        time: { deviceTime: '2026-03-02T07:30:00+08:00', elapsedMs: 1e20 },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ details: [{ field: '/time/elapsedMs', reason: 'maximum' }] });
  });

  it('ASVS 2.2.1: dates at the validator limits (0000-01-01, 9999-12-31) are refused, not expanded', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '1899-12-31', '2200-01-01']) {
      const board = await call(s.url, 'GET', `/api/v1/live/board?date=${date}`, { token: admin });
      expect(board.status, date).toBe(400);
      expect(board.body, date).toMatchObject({ details: [{ field: 'date', reason: 'date_range' }] });
      const mine = await call(s.url, 'GET', `/api/v1/me/attendance?from=${date}&to=${date}`, {
        token: employee,
      });
      expect(mine.status, date).toBe(400);
    }
    const fine = await call(s.url, 'GET', '/api/v1/live/board?date=2026-03-02', { token: admin });
    expect(fine.status).toBeLessThan(500);
  });
});
