/**
 * A unit's attendance settings over real HTTP on both engines: read and write within
 * the admin's scope, audited, and the selfie setting reaching the check-in path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse, TodayResponse } from '../../../core/wire.js';
import { listAudit } from '../../platform/audit/audit.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

interface Settings {
  unitId: number;
  worksOnHolidays: boolean;
  flex: { flexMinutes: number; lateGraceMinutes: number; earlyGraceMinutes: number };
  rulesFromUnitId: number | null;
  selfieRequired: boolean | null;
  selfieRequiredEffective: boolean;
}

describe.each(ENGINES)('unit attendance settings on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  let empA: string;
  let minute = 0;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik, empA] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  const path = (unitId: number) => `/api/v1/units/${unitId}/attendance-settings`;
  const read = (token: string, unitId: number) => call<Settings>(s.url, 'GET', path(unitId), { token });
  const write = (token: string, unitId: number, body: unknown) =>
    call<Settings & { code?: string }>(s.url, 'PUT', path(unitId), { token, body });
  /** A plain check-in of employee A at the puskesmas, with or without a declared selfie. */
  const checkIn = (photo: boolean) => {
    const at = wita(7, 0) + ++minute * 1000;
    return call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
      token: empA,
      body: {
        id: newId(at),
        kind: 'in',
        capturedAt: new Date(at).toISOString(),
        location: { ...MAKASSAR, accuracy: 8 },
        ...(photo ? { photo: { sha256: 'a'.repeat(64), bytes: 20_000 } } : {}),
      },
    });
  };

  it('reads the defaults of a unit nobody has configured', async () => {
    const r = await read(dinkes, s.seeded.units.puskesmas);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      unitId: s.seeded.units.puskesmas,
      worksOnHolidays: false,
      flex: { flexMinutes: 0, lateGraceMinutes: 0, earlyGraceMinutes: 0 },
      rulesFromUnitId: null,
      selfieRequired: null,
      selfieRequiredEffective: false,
    });
    expect((await checkIn(false)).body.flags).not.toContain('selfie_missing');
  });

  it('keeps unit admins to their subtree and employees out', async () => {
    expect((await read(disdik, s.seeded.units.puskesmas)).status).toBe(404);
    expect((await write(disdik, s.seeded.units.puskesmas, { selfieRequired: true })).status).toBe(404);
    expect((await write(dinkes, s.seeded.units.pemda, { selfieRequired: true })).status).toBe(404);
    expect((await read(empA, s.seeded.units.puskesmas)).status).toBe(403);
    expect((await write(empA, s.seeded.units.puskesmas, { selfieRequired: true })).status).toBe(403);
    expect((await read(agency, 999_999)).status).toBe(404);
    const r = await read(agency, s.seeded.units.puskesmas);
    expect(r.body.selfieRequiredEffective).toBe(false);
  });

  it('refuses rule fields sent only in part, and an empty body', async () => {
    const part = await write(dinkes, s.seeded.units.dinkes, { flexMinutes: 30 });
    expect(part.status).toBe(400);
    expect(part.body).toMatchObject({
      code: 'invalid_body',
      details: [
        { field: '/worksOnHolidays', reason: 'required' },
        { field: '/lateGraceMinutes', reason: 'required' },
        { field: '/earlyGraceMinutes', reason: 'required' },
      ],
    });
    expect((await write(dinkes, s.seeded.units.dinkes, {})).status).toBe(400);
    expect((await write(dinkes, s.seeded.units.dinkes, { selfieRequired: 'yes' })).status).toBe(400);
  });

  it('turns the selfie on for a subtree: captures without a photo are flagged and /me/today says so', async () => {
    const before = (await listAudit(s.t.db, { limit: 1000 })).length;
    const set = await write(dinkes, s.seeded.units.dinkes, { selfieRequired: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      unitId: s.seeded.units.dinkes,
      selfieRequired: true,
      selfieRequiredEffective: true,
    });

    // The puskesmas (below Dinas Kesehatan) inherits it.
    const child = await read(dinkes, s.seeded.units.puskesmas);
    expect(child.body).toMatchObject({ selfieRequired: null, selfieRequiredEffective: true });

    const audits = await listAudit(s.t.db, { limit: 1000 });
    expect(audits).toHaveLength(before + 1);
    expect(audits[0]).toMatchObject({
      actor_account_id: s.seeded.accounts.dinkesAdmin,
      action: 'unit.attendance_settings',
      target: `unit:${s.seeded.units.dinkes}`,
    });
    expect(JSON.parse(audits[0]?.detail ?? '{}')).toMatchObject({
      selfieRequired: true,
      before: { selfieRequired: null, selfieRequiredEffective: false },
      after: { selfieRequired: true, selfieRequiredEffective: true },
    });

    const without = await checkIn(false);
    expect(without.status).toBe(201);
    expect(without.body.flags).toContain('selfie_missing');
    const withPhoto = await checkIn(true);
    expect(withPhoto.status).toBe(201);
    expect(withPhoto.body.flags).not.toContain('selfie_missing');

    const today = await call<TodayResponse>(s.url, 'GET', '/api/v1/me/today', { token: empA });
    expect(today.status).toBe(200);
    expect(today.body.selfieRequired).toBe(true);
  });

  it('lets the agency admin opt a unit out, and null inherit again', async () => {
    const out = await write(agency, s.seeded.units.puskesmas, { selfieRequired: false });
    expect(out.body).toMatchObject({ selfieRequired: false, selfieRequiredEffective: false });
    expect((await checkIn(false)).body.flags).not.toContain('selfie_missing');
    expect(
      (await call<TodayResponse>(s.url, 'GET', '/api/v1/me/today', { token: empA })).body.selfieRequired,
    ).toBe(false);

    const inherit = await write(agency, s.seeded.units.puskesmas, { selfieRequired: null });
    expect(inherit.body).toMatchObject({ selfieRequired: null, selfieRequiredEffective: true });
    expect((await checkIn(false)).body.flags).toContain('selfie_missing');
  });

  it('sets the rules without touching the selfie, and children inherit them', async () => {
    const r = await write(dinkes, s.seeded.units.dinkes, {
      worksOnHolidays: true,
      flexMinutes: 30,
      lateGraceMinutes: 5,
      earlyGraceMinutes: 0,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      worksOnHolidays: true,
      flex: { flexMinutes: 30, lateGraceMinutes: 5, earlyGraceMinutes: 0 },
      rulesFromUnitId: s.seeded.units.dinkes,
      selfieRequired: true,
    });
    const child = await read(dinkes, s.seeded.units.puskesmas);
    expect(child.body).toMatchObject({
      worksOnHolidays: true,
      flex: { flexMinutes: 30, lateGraceMinutes: 5, earlyGraceMinutes: 0 },
      rulesFromUnitId: s.seeded.units.dinkes,
      selfieRequiredEffective: true,
    });
  });
});
