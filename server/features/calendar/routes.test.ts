/** Holidays over HTTP on both engines: read by everyone, changed by the agency admin, audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/audit.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('holidays API on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let empA: string;

  beforeAll(async () => {
    s = await startServer(engine);
    const tokens = await Promise.all(['admin', 'admin.dinkes', NIP_A].map((u) => login(s.url, u)));
    [agency, dinkes, empA] = tokens.map((l) => l.token) as [string, string, string];
  });
  afterAll(() => s?.close());

  it('lets everyone read the holidays and only the agency admin change them', async () => {
    const r = await call<{ holidays: unknown[] }>(s.url, 'GET', '/api/v1/holidays?year=2026', {
      token: empA,
    });
    expect(r.body.holidays).toHaveLength(25);
    const body = {
      date: '2026-02-12',
      name: 'Hari Jadi Kabupaten',
      kind: 'regional',
      unitIds: [s.seeded.units.disdik],
    };
    expect((await call(s.url, 'POST', '/api/v1/holidays', { token: dinkes, body })).status).toBe(403);
    expect((await call(s.url, 'POST', '/api/v1/holidays', { token: agency, body })).status).toBe(201);
  });

  it('refuses a date that does not exist', async () => {
    const body = { date: '2026-02-30', name: 'Tidak ada', kind: 'national' };
    expect(await call(s.url, 'POST', '/api/v1/holidays', { token: agency, body })).toMatchObject({
      status: 400,
      body: { code: 'invalid_date', details: [{ field: '/date', reason: 'format' }] },
    });
  });

  it('edits and removes a holiday, auditing it before and after; a missing one is not found', async () => {
    const body = { date: '2026-07-10', name: 'Hari Jadi', kind: 'regional', unitIds: [s.seeded.units.pemda] };
    const added = await call<{ id: number }>(s.url, 'POST', '/api/v1/holidays', { token: agency, body });
    const id = added.body.id;
    const edited = await call(s.url, 'PUT', `/api/v1/holidays/${id}`, {
      token: agency,
      body: { ...body, name: 'Hari Jadi Kab. Suka Maju' },
    });
    expect(edited).toMatchObject({ status: 200, body: { id, name: 'Hari Jadi Kab. Suka Maju' } });
    expect((await call(s.url, 'DELETE', `/api/v1/holidays/${id}`, { token: agency })).status).toBe(204);
    expect((await call(s.url, 'DELETE', `/api/v1/holidays/${id}`, { token: agency })).status).toBe(404);
    expect((await call(s.url, 'PUT', `/api/v1/holidays/${id}`, { token: agency, body })).body).toMatchObject({
      code: 'not_found',
    });

    const entries = (await listAudit(s.t.db, { limit: 10 })).filter((e) => e.target === `holiday:${id}`);
    expect(entries.map((e) => e.action)).toEqual(['holiday.remove', 'holiday.edit', 'holiday.add']);
    const [removed, edit] = entries.map((e) => JSON.parse(e.detail) as Record<string, { name: string }>);
    expect(edit).toMatchObject({
      before: { name: 'Hari Jadi' },
      after: { name: 'Hari Jadi Kab. Suka Maju' },
    });
    expect(removed).toMatchObject({ before: { name: 'Hari Jadi Kab. Suka Maju' } });
    expect(entries.every((e) => e.actor_label === `agency_admin:${s.seeded.accounts.agency}`)).toBe(true);
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(3);
  });
});
