/**
 * Device enrolment is bounded (OWASP ASVS 5.0 2.4.1 anti-automation, 6.7 device
 * binding): an employee holds at most HADIR_DEVICE_MAX_PER_EMPLOYEE phones that are
 * active or waiting for approval, and enrols at most HADIR_DEVICE_ENROL_PER_DAY a day,
 * so a stolen password cannot flood the admins' approval queue or the devices table.
 * A refused enrolment stores nothing and audits nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEnrolResponse } from '../../../core/wire.js';
import { call, login, NIP_A, NIP_B, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

describe.each(ENGINES)('device enrolment limits on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
  });
  afterAll(() => s?.close());

  const enrol = (token: string, label = 'Chrome di Android') =>
    call<DeviceEnrolResponse & { code?: string; retryAfter?: number }>(s.url, 'POST', '/api/v1/devices', {
      token,
      body: { label },
    });
  const counts = async (employeeId: number) => ({
    devices: (await s.t.db.selectFrom('devices').select('id').where('employee_id', '=', employeeId).execute())
      .length,
    audits: (await s.t.db.selectFrom('audit_log').select('id').where('action', '=', 'device.enrol').execute())
      .length,
  });

  it('refuses a fourth live device with device_limit, storing nothing', async () => {
    expect(s.config.deviceMaxPerEmployee).toBe(3);
    clock = NOW;
    const { token } = await login(s.url, NIP_A);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await enrol(token, `Ponsel ${i}`)).body.status);
    expect(statuses).toEqual(['active', 'pending', 'pending']);
    const before = await counts(s.seeded.employees.a);
    const r = await enrol(token, 'Ponsel 4');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'device_limit' });
    expect(await counts(s.seeded.employees.a)).toEqual(before);

    // Once an admin revokes one, there is room again.
    const admin = await login(s.url, 'admin.dinkes');
    const pending = await call<{ devices: { id: string; status: string }[] }>(
      s.url,
      'GET',
      '/api/v1/devices?status=pending',
      { token: admin.token },
    );
    const revoke = await call(s.url, 'POST', `/api/v1/devices/${pending.body.devices[0]!.id}/revoke`, {
      token: admin.token,
    });
    expect(revoke.status).toBe(200);
    expect((await enrol(token, 'Ponsel 5')).status).toBe(201);
  });

  it('refuses more than five enrolments a day with Retry-After, however many were revoked', async () => {
    expect(s.config.deviceEnrolPerDay).toBe(5);
    clock = NOW;
    const { token } = await login(s.url, NIP_B);
    const admin = await login(s.url, 'admin.disdik');
    for (let i = 0; i < 5; i++) {
      const r = await enrol(token, `Ponsel ${i}`);
      expect(r.status).toBe(201);
      // The admin revokes each at once, so the live limit never bites.
      expect(
        (await call(s.url, 'POST', `/api/v1/devices/${r.body.deviceId}/revoke`, { token: admin.token }))
          .status,
      ).toBe(200);
    }
    clock = NOW + 3_600_000;
    const later = (await login(s.url, NIP_B)).token;
    const before = await counts(s.seeded.employees.b);
    const r = await enrol(later, 'Ponsel 6');
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ code: 'device_enrol_too_often', retryAfter: 23 * 3600 });
    expect(r.headers.get('retry-after')).toBe(String(23 * 3600));
    expect(await counts(s.seeded.employees.b)).toEqual(before);
    // A day after the first, one more is allowed.
    clock = NOW + 86_400_000;
    expect((await enrol((await login(s.url, NIP_B)).token, 'Ponsel 6')).status).toBe(201);
    clock = NOW;
  });
});
