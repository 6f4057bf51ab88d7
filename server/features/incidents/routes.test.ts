/**
 * Incidents over HTTP on both engines: declared by the agency admin with real instants
 * only, read by admins within their scope (OWASP ASVS 5.0 V8.2.2: a unit admin sees no
 * other unit's incident, reason or people).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit/audit.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('incidents API on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;

  beforeAll(async () => {
    s = await startServer(engine);
    const tokens = await Promise.all(['admin', 'admin.dinkes', 'admin.disdik'].map((u) => login(s.url, u)));
    [agency, dinkes, disdik] = tokens.map((l) => l.token) as [string, string, string];
  });
  afterAll(() => s?.close());

  const declare = (body: Record<string, unknown>, token = agency) =>
    call<{ id: string; from: string; to: string }>(s.url, 'POST', '/api/v1/incidents', {
      token,
      body: { from: '2026-01-05T07:00:00+08:00', to: '2026-01-05T08:00:00+08:00', ...body },
    });

  it('refuses a window with a date or time that does not exist, instead of moving it to March', async () => {
    for (const [field, value] of [
      ['from', '2026-02-30T10:00Z'],
      ['from', '2026-02-29T07:00:00+08:00'],
      ['to', '2026-03-02T24:00:00+08:00'],
      ['to', '2026-04-31T08:00+08:00'],
    ] as const) {
      const r = await declare({ [field]: value, unitIds: null, reason: 'salah tanggal' });
      expect(r, `${field} ${value}`).toMatchObject({
        status: 400,
        body: { code: 'invalid_date', details: [{ field: `/${field}`, reason: 'format' }] },
      });
      const { message } = r.body as unknown as { message: { id: string; en: string } };
      expect(message.id).toContain('30 Februari');
      expect(message.en).toContain('30 February');
    }
    const noSeconds = await declare({
      from: '2026-02-28T07:00+08:00',
      to: '2026-02-28T08:00+08:00',
      unitIds: null,
      reason: 'jaringan',
    });
    expect(noSeconds).toMatchObject({
      status: 201,
      body: { from: '2026-02-27T23:00:00.000Z', to: '2026-02-28T00:00:00.000Z' },
    });
    expect(
      (await declare({ to: '2026-01-05T07:00:00+08:00', unitIds: null, reason: 'x' })).body,
    ).toMatchObject({ code: 'invalid_body', details: [{ field: '/to', reason: 'before_from' }] });
  });

  it('audits a declaration with its actor, the incident and the request behind it', async () => {
    const r = await declare({ unitIds: [s.seeded.units.dinkes], reason: 'listrik padam' });
    expect(r.status).toBe(201);
    const entry = (await listAudit(s.t.db, { limit: 10 })).find((e) => e.target === `incident:${r.body.id}`);
    expect(entry).toMatchObject({
      action: 'incident.declare',
      actor_account_id: s.seeded.accounts.agency,
      actor_label: `agency_admin:${s.seeded.accounts.agency}`,
    });
    expect(entry?.request_id).toMatch(/^req-/);
    expect(JSON.parse(entry!.detail)).toMatchObject({
      after: { id: r.body.id, unitIds: [s.seeded.units.dinkes], reason: 'listrik padam' },
    });
  });

  it('refuses people and units out of a unit admin’s reach as missing, and unit admins altogether', async () => {
    expect((await declare({ unitIds: null, reason: 'x' }, dinkes)).status).toBe(403);
    const missing = await declare({ unitIds: null, employeeIds: [999_999], reason: 'x' });
    expect(missing).toMatchObject({ status: 404, body: { details: [{ field: '/employeeIds/0' }] } });
  });

  it('shows a unit admin only the incidents that concern their units, with their people only', async () => {
    const u = s.seeded.units;
    const e = s.seeded.employees;
    const at = { from: '2026-06-05T07:00:00+08:00', to: '2026-06-05T08:00:00+08:00' };
    const everyone = await declare({ ...at, unitIds: null, reason: 'server pusat mati' });
    const disdikOnly = await declare({ ...at, unitIds: [u.disdik], reason: 'listrik padam di Disdik' });
    const personB = await declare({ ...at, unitIds: null, employeeIds: [e.b], reason: 'dinas luar Budi' });
    const both = await declare({
      ...at,
      unitIds: [u.puskesmas, u.disdik],
      employeeIds: [e.a, e.b],
      reason: 'banjir',
    });
    expect([everyone, disdikOnly, personB, both].map((r) => r.status)).toEqual([201, 201, 201, 201]);

    type List = {
      incidents: { id: string; unitIds: number[] | null; employeeIds?: number[]; reason: string }[];
    };
    const list = async (token: string) =>
      (await call<List>(s.url, 'GET', '/api/v1/incidents?month=2026-06', { token })).body.incidents;
    const seenByDinkes = await list(dinkes);
    expect(seenByDinkes.map((i) => i.id).sort()).toEqual([everyone.body.id, both.body.id].sort());
    expect(seenByDinkes.map((i) => i.reason)).not.toContain('listrik padam di Disdik');
    expect(seenByDinkes.map((i) => i.reason)).not.toContain('dinas luar Budi');
    expect(seenByDinkes.find((i) => i.id === both.body.id)).toMatchObject({
      unitIds: [u.puskesmas],
      employeeIds: [e.a],
    });
    const seenByDisdik = await list(disdik);
    expect(seenByDisdik.map((i) => i.id).sort()).toEqual(
      [everyone.body.id, disdikOnly.body.id, personB.body.id, both.body.id].sort(),
    );
    expect((await list(agency)).find((i) => i.id === both.body.id)).toMatchObject({
      unitIds: [u.puskesmas, u.disdik],
      employeeIds: [e.a, e.b],
    });
  });
});
