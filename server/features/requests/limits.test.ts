/**
 * Leave limits over all of a person's requests, over HTTP on both engines (issue 9 item 6):
 * the yearly entitlement summed over pending and approved requests in each year a request
 * touches, no overlapping requests, also when two arrive at once, and a correction window
 * set by the rule set. OWASP ASVS 5.0 2.3.2 (business limits enforced as documented),
 * 2.3.4 (no double booking by concurrent requests), 2.2.3 (combinations of requests
 * checked against the rules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESET_BUILDERS } from '../../../core/attendance/index.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, NIP_B, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('leave and correction limits on %s', (engine) => {
  let s: TestServer;
  let empA: string;
  let empB: string;
  let admin: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [empA, empB, admin] = await Promise.all([
      login(s.url, NIP_A).then((l) => l.token),
      login(s.url, NIP_B).then((l) => l.token),
      login(s.url, 'admin').then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  const askLeave = (token: string, from: string, to: string, type = 'cuti_tahunan') =>
    call<{ id: string; code?: string; details?: unknown }>(s.url, 'POST', '/api/v1/me/leave-requests', {
      token,
      body: { type, from, to, reason: 'urusan keluarga' },
    });

  it('sums the cuti tahunan of all pending and approved requests in a year', async () => {
    // 6-14 July 2026: 7 working days.
    expect(await askLeave(empA, '2026-07-06', '2026-07-14')).toMatchObject({ status: 201 });
    // 20-27 July: 6 more, 13 in 2026.
    expect(await askLeave(empA, '2026-07-20', '2026-07-27')).toMatchObject({
      status: 422,
      body: {
        code: 'leave_entitlement_exceeded',
        message: { id: expect.stringContaining('Jatah cuti') as unknown, en: expect.any(String) as unknown },
        details: [
          { field: '/to', reason: 'yearly_max' },
          { field: '/year', reason: '2026' },
          { field: '/remaining', reason: '5' },
        ],
      },
    });
    // 20-24 July: 5, exactly 12.
    expect(await askLeave(empA, '2026-07-20', '2026-07-24')).toMatchObject({ status: 201 });
    expect(await askLeave(empA, '2026-08-03', '2026-08-03')).toMatchObject({
      status: 422,
      body: { code: 'leave_entitlement_exceeded' },
    });
  });

  it('counts a request across the year end in each year', async () => {
    // 1-11 December 2026: 9 working days.
    expect(await askLeave(empB, '2026-12-01', '2026-12-11')).toMatchObject({ status: 201 });
    // 28 Dec 2026 - 8 Jan 2027: 4 days in 2026 (13 with the 9), 6 in 2027.
    expect(await askLeave(empB, '2026-12-28', '2027-01-08')).toMatchObject({
      status: 422,
      body: { code: 'leave_entitlement_exceeded', details: [{}, { field: '/year', reason: '2026' }, {}] },
    });
    // 29 Dec - 8 Jan: 3 in 2026 (12 in all), 6 in 2027.
    expect(await askLeave(empB, '2026-12-29', '2027-01-08')).toMatchObject({ status: 201 });
  });

  it('refuses a request sharing a day with another pending or approved one, of any type', async () => {
    const first = await askLeave(empB, '2026-10-05', '2026-10-07', 'izin');
    expect(first.status).toBe(201);
    for (const [from, to, type] of [
      ['2026-10-05', '2026-10-07', 'izin'],
      ['2026-10-07', '2026-10-09', 'wfh'],
      ['2026-10-01', '2026-10-05', 'cuti_tahunan'],
    ] as const)
      expect(await askLeave(empB, from, to, type), `${from} ${type}`).toMatchObject({
        status: 409,
        body: {
          code: 'leave_overlap',
          details: [
            { field: '/from', reason: 'overlap' },
            { field: '/overlaps', reason: first.body.id },
          ],
        },
      });
    // Once rejected, the days are free again.
    const rejected = await call(s.url, 'POST', `/api/v1/leave-requests/${first.body.id}/decision`, {
      token: admin,
      body: { decision: 'reject', reason: 'bentrok jadwal' },
    });
    expect(rejected.status).toBe(200);
    expect(await askLeave(empB, '2026-10-07', '2026-10-09', 'wfh')).toMatchObject({ status: 201 });
  });

  it('lets only one of two requests sent at once take the same entitlement', async () => {
    // 1-9 March 2027 and 5-13 April 2027: 7 working days each, 14 together.
    const both = await Promise.all([
      askLeave(empA, '2027-03-01', '2027-03-09'),
      askLeave(empA, '2027-04-05', '2027-04-13'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    // And two identical ones: one is taken, the other overlaps it.
    const twins = await Promise.all([
      askLeave(empA, '2027-05-03', '2027-05-04', 'izin'),
      askLeave(empA, '2027-05-03', '2027-05-04', 'izin'),
    ]);
    expect(twins.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('takes a correction at most the rule set’s number of days back, 31 by default', async () => {
    const ask = (at: string) =>
      call(s.url, 'POST', '/api/v1/me/correction-requests', {
        token: empA,
        body: { kind: 'out', at, reason: 'lupa absen pulang' },
      });
    // Today is 2 March 2026 in Makassar.
    expect(await ask('2026-01-30T16:05+08:00')).toMatchObject({ status: 201 });
    for (const at of ['2026-01-29T16:05+08:00', '2024-06-03T16:05+08:00'])
      expect(await ask(at), at).toMatchObject({
        status: 422,
        body: {
          code: 'correction_too_old',
          details: [
            { field: '/at', reason: 'too_old' },
            { field: '/maxDays', reason: '31' },
          ],
        },
      });
    // The organisation allows 60 days from a new rule set version.
    const rules = { ...PRESET_BUILDERS['permentan-68-2012']('2026-01-01'), id: 'permentan-60@2026-01-01' };
    const added = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: admin,
      body: { ruleSet: { ...rules, correctionMaxDays: 60 } },
    });
    expect(added.status).toBe(201);
    expect(await ask('2026-01-15T16:05+08:00')).toMatchObject({ status: 201 });
    expect(await ask('2025-12-31T16:05+08:00')).toMatchObject({
      status: 422,
      body: { code: 'correction_too_old', details: [{}, { field: '/maxDays', reason: '60' }] },
    });
    expect(
      await call(s.url, 'POST', '/api/v1/rule-sets', {
        token: admin,
        body: {
          ruleSet: { ...rules, id: 'bad@2026-02-01', effectiveFrom: '2026-02-01', correctionMaxDays: -1 },
        },
      }),
    ).toMatchObject({ status: 400, body: { details: [{ field: '/ruleSet/correctionMaxDays' }] } });
  });
});

describe.each(ENGINES)('the correction window at approval on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;
  let empA: string;
  let admin: string;
  const signIn = async () => {
    [empA, admin] = (await Promise.all([NIP_A, 'admin'].map(async (u) => (await login(s.url, u)).token))) as [
      string,
      string,
    ];
  };

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
    await signIn();
  });
  afterAll(() => s?.close());

  const ask = async (at: string) => {
    const r = await call<{ id: string }>(s.url, 'POST', '/api/v1/me/correction-requests', {
      token: empA,
      body: { kind: 'out', at, reason: 'lupa absen pulang' },
    });
    expect(r.status, at).toBe(201);
    return r.body.id;
  };
  const decide = (id: string, decision: 'approve' | 'reject', reason?: string) =>
    call<{ status?: string; code?: string; details?: unknown }>(
      s.url,
      'POST',
      `/api/v1/correction-requests/${id}/decision`,
      { token: admin, body: { decision, ...(reason && { reason }) } },
    );

  it('counts the window from the day it was asked, under the rule set in force when approved', async () => {
    // 2 March 2026: both within the default 31 days.
    const tenDaysBack = await ask('2026-02-20T16:05+08:00');
    const sevenDaysBack = await ask('2026-02-23T16:05+08:00');
    // Two months later the admin approves the first: the employee asked in time.
    clock = NOW + 61 * 86_400_000;
    await signIn();
    expect(await decide(tenDaysBack, 'approve')).toMatchObject({ status: 200, body: { status: 'approved' } });
    // Then the organisation narrows the window to 5 days from May.
    const rules = { ...PRESET_BUILDERS['permentan-68-2012']('2026-05-01'), id: 'permentan-5@2026-05-01' };
    const added = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: admin,
      body: { ruleSet: { ...rules, correctionMaxDays: 5 } },
    });
    expect(added.status).toBe(201);
    expect(await decide(sevenDaysBack, 'approve')).toMatchObject({
      status: 422,
      body: {
        code: 'correction_window_closed',
        details: [
          { field: '/at', reason: 'too_old' },
          { field: '/maxDays', reason: '5' },
        ],
      },
    });
    // Nothing was decided: it can still be rejected, with a reason.
    expect(await decide(sevenDaysBack, 'reject', 'Di luar batas koreksi')).toMatchObject({
      status: 200,
      body: { status: 'rejected' },
    });
  });
});
