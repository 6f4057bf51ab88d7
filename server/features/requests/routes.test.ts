/** Leave and correction requests over HTTP on both engines: only real dates and instants are taken. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('requests on %s', (engine) => {
  let s: TestServer;
  let empA: string;

  beforeAll(async () => {
    s = await startServer(engine);
    empA = (await login(s.url, NIP_A)).token;
  });
  afterAll(() => s?.close());

  it('refuses a correction at an instant that does not exist', async () => {
    const ask = (at: string) =>
      call<{ workDate: string }>(s.url, 'POST', '/api/v1/me/correction-requests', {
        token: empA,
        body: { kind: 'out', at, reason: 'lupa absen pulang' },
      });
    for (const at of ['2026-02-30T16:05Z', '2026-02-29T16:05:00+08:00', '2026-02-27T16:60:00+08:00'])
      expect(await ask(at), at).toMatchObject({
        status: 400,
        body: { code: 'invalid_date', details: [{ field: '/at', reason: 'format' }] },
      });
    expect(await ask('2026-02-27T16:05+08:00')).toMatchObject({
      status: 201,
      body: { workDate: '2026-02-27' },
    });
  });

  /** Employee A asks for annual leave (cuti tahunan) from `from` to `to`. */
  const askLeave = (from: string, to: string) =>
    call(s.url, 'POST', '/api/v1/me/leave-requests', {
      token: empA,
      body: { type: 'cuti_tahunan', from, to, reason: 'urusan keluarga' },
    });

  it('refuses leave on dates that do not exist', async () => {
    expect(await askLeave('2026-02-30', '2026-03-02')).toMatchObject({
      status: 400,
      body: { code: 'invalid_date', details: [{ field: '/from', reason: 'format' }] },
    });
    expect(await askLeave('2026-02-26', '2026-02-29')).toMatchObject({
      status: 400,
      body: { code: 'invalid_date', details: [{ field: '/to', reason: 'format' }] },
    });
  });

  it('counts an annual leave across the year end in both years, so the 12-day limit holds', async () => {
    // 28 Dec 2026 - 15 Jan 2027: 4 working days in December and 11 in January, 15 in all.
    expect(await askLeave('2026-12-28', '2027-01-15')).toMatchObject({
      status: 400,
      body: { code: 'invalid_body', details: [{ field: 'to', reason: 'max_days' }] },
    });
    // 28 Dec - 8 Jan: 4 + 6 = 10 working days (2027's holidays are not entered here), within the limit.
    expect(await askLeave('2026-12-28', '2027-01-08')).toMatchObject({ status: 201 });
  });
});
