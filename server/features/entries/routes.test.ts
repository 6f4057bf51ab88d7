/** Manual entries over HTTP on both engines: a real instant, a reason, an employee in scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('manual entries on %s', (engine) => {
  let s: TestServer;
  let dinkes: string;

  beforeAll(async () => {
    s = await startServer(engine);
    dinkes = (await login(s.url, 'admin.dinkes')).token;
  });
  afterAll(() => s?.close());

  const post = (at: string) =>
    call<{ at: string; workDate: string }>(s.url, 'POST', '/api/v1/attendance-entries', {
      token: dinkes,
      body: { employeeId: s.seeded.employees.a, kind: 'in', at, reason: 'mesin rusak' },
    });

  it('refuses an instant that does not exist instead of dating the entry into March', async () => {
    for (const at of ['2026-02-30T10:00Z', '2026-02-29T07:20:00+08:00', '2026-03-02T25:00:00+08:00'])
      expect(await post(at), at).toMatchObject({
        status: 400,
        body: { code: 'invalid_date', details: [{ field: '/at', reason: 'format' }] },
      });
    expect(await post('2026-02-27T07:20+08:00')).toMatchObject({
      status: 201,
      body: { at: '2026-02-26T23:20:00.000Z', workDate: '2026-02-27' },
    });
  });
});
