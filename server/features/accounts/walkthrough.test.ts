/**
 * Onboarding a regency from an empty database without SQL, over HTTP on both engines:
 * the first agency admin (made as `hadir accounts admin` makes it) activates, creates the
 * units (one in WIT), imports an employee sheet, draws a site, sets a schedule, issues
 * activation slips (PDF, XLSX), and an employee activates and checks in. Then the
 * account operations: scope per role, reset, disable, enable, unlock, admin accounts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNip } from '../../../core/nip.js';
import { uuidV7 } from '../../../core/uuid.js';
import { buildApp } from '../../platform/http/app.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { call, TEST_SCRYPT, testConfig } from '../../test-support/http-fixtures.js';
import { makeXlsx } from '../../test-support/sheets.js';
import { CLI_ACTOR } from '../units/access.js';
import { createAdminAccount } from './service.js';

const V = '/api/v1';
/** Monday 2 March 2026, 07:20 WIT (Asia/Jayapura, UTC+9). */
const NOW = Date.UTC(2026, 2, 1, 22, 20);
const JAYAPURA = { lat: -2.5337, lon: 140.7181 };
const NIP = formatNip({
  kind: 'pns',
  birthDate: '1988-04-12',
  appointmentYear: 2012,
  appointmentMonth: 3,
  contract: null,
  sex: 'female',
  serial: 7,
});

describe.each(ENGINES)('onboarding walkthrough on %s', (engine) => {
  let t: TestDatabase;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const app = await buildApp(testConfig({ publicUrl: 'https://presensi.example.go.id' }), {
      handle: t,
      now: () => NOW,
      passwordParams: TEST_SCRYPT,
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await t.drop();
    };
  });
  afterAll(() => close?.());

  const login = async (username: string, password: string) => {
    const r = await call<{ accessToken: string }>(url, 'POST', `${V}/auth/login`, {
      body: { username, password },
    });
    expect(r.status).toBe(200);
    return r.body.accessToken;
  };

  it('goes from an empty database to an employee checking in', async () => {
    // 1. The operator makes the first agency admin; the slip's code is the way in.
    const first = await createAdminAccount({ db: t.db, now: () => NOW }, CLI_ACTOR, {
      username: 'admin.bkpsdm',
      role: 'agency_admin',
      unitId: null,
    });
    expect(
      (
        await call(url, 'POST', `${V}/auth/login`, {
          body: { username: 'admin.bkpsdm', password: first.code },
        })
      ).status,
    ).toBe(403);
    const act = await call(url, 'POST', `${V}/auth/activate`, {
      body: { username: 'admin.bkpsdm', code: first.code.toLowerCase(), password: 'rahasia-bkpsdm' },
    });
    expect(act.status).toBe(200);
    const again = await call<{ code: string }>(url, 'POST', `${V}/auth/activate`, {
      body: { username: 'admin.bkpsdm', code: first.code, password: 'rahasia-lain' },
    });
    expect(again.body.code).toBe('activation_invalid');
    const admin = await login('admin.bkpsdm', 'rahasia-bkpsdm');

    // 2. Units: the regency in WIT and its health office.
    const root = await call<{ id: number }>(url, 'POST', `${V}/units`, {
      token: admin,
      body: {
        parentId: null,
        name: 'Pemerintah Kabupaten Jayapura',
        kind: 'pemda',
        zone: 'Asia/Jayapura',
        code: '91.03',
      },
    });
    expect(root.status).toBe(201);
    const dinkes = await call<{ id: number; zone: string }>(url, 'POST', `${V}/units`, {
      token: admin,
      body: { parentId: root.body.id, name: 'Dinas Kesehatan', kind: 'opd', code: '91.03.02' },
    });
    expect(dinkes.body.zone).toBe('Asia/Jayapura');

    // 3. The employee sheet, dry run then apply.
    const sheet = await makeXlsx(
      ['NIP Baru', 'Nama', 'Jabatan', 'Kode Unit Kerja', 'Status Kepegawaian', 'Golongan'],
      [[NIP, 'Yohana Wenda', 'Perawat', '91.03.02', 'PNS', 'III/b']],
    );
    const upload = (q: string) =>
      fetch(`${url}${V}/import/employees?${q}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(sheet),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { summary: { create: number }; fingerprint: string },
      }));
    const dry = await upload('dryRun=true');
    expect(dry.body.summary.create).toBe(1);
    expect((await upload(`expect=${dry.body.fingerprint}`)).body.summary.create).toBe(1);

    // 4. The office site and 5. the weekly schedule.
    const site = await call(url, 'POST', `${V}/sites`, {
      token: admin,
      body: {
        unitId: dinkes.body.id,
        name: 'Kantor Dinas Kesehatan',
        mode: 'office',
        shape: { type: 'circle', center: JAYAPURA, radiusM: 100 },
      },
    });
    expect(site.status).toBe(201);
    const week = await call(url, 'POST', `${V}/units/${root.body.id}/schedules`, {
      token: admin,
      body: { name: 'Jam kerja 5 hari', effectiveFrom: '2026-01-01', template: 'five_day' },
    });
    expect(week.status).toBe(201);
    const badWeek = await call(url, 'POST', `${V}/units/${root.body.id}/schedules`, {
      token: admin,
      body: {
        name: 'Salah',
        effectiveFrom: '2026-01-01',
        days: [
          { start: 900, end: 800, checkInFrom: 0, checkInUntil: 0, checkOutFrom: 0, checkOutUntil: 0 },
          null,
          null,
          null,
          null,
          null,
          null,
        ],
      },
    });
    expect(badWeek.status).toBe(400);
    const listed = await call<{ inherited: { unitName: string }[] }>(
      url,
      'GET',
      `${V}/units/${dinkes.body.id}/schedules`,
      { token: admin },
    );
    expect(listed.body.inherited.map((s) => s.unitName)).toEqual(['Pemerintah Kabupaten Jayapura']);

    // 6. Slips: a PDF and an XLSX for the OPD admin, and the codes as data.
    const pdf = await fetch(`${url}${V}/accounts/activation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitId: dinkes.body.id, format: 'pdf' }),
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const xlsx = await fetch(`${url}${V}/accounts/activation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitId: dinkes.body.id, format: 'xlsx' }),
    });
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const slips = await call<{ items: { username: string; code: string; name: string; unitName: string }[] }>(
      url,
      'POST',
      `${V}/accounts/activation`,
      { token: admin, body: { unitId: dinkes.body.id } },
    );
    expect(slips.body.items).toEqual([
      expect.objectContaining({ username: NIP, name: 'Yohana Wenda', unitName: 'Dinas Kesehatan' }),
    ]);

    // 7. The employee activates with the slip and checks in at the office, 07:20 WIT.
    // Signing in before that says what to do, not "wrong password".
    const early = await call<{ code: string; message: { id: string; en: string } }>(
      url,
      'POST',
      `${V}/auth/login`,
      { body: { username: NIP, password: 'tebakan-saja' } },
    );
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('account_not_activated');
    expect(early.body.message.id).toContain('belum diaktifkan');
    const code = slips.body.items[0]!.code;
    const weak = await call<{ code: string }>(url, 'POST', `${V}/auth/activate`, {
      body: { username: NIP, code, password: NIP },
    });
    expect(weak.body.code).toBe('weak_password');
    // Common passwords, the person's own name and a NIP are refused too (OWASP ASVS 5.0
    // 6.2.4, 6.2.11), and the code stays usable after the refusal.
    for (const guessable of ['bismillah123', 'yohana-2026', 'Yohana Wenda', '198609262015051001']) {
      const r = await call<{ code: string }>(url, 'POST', `${V}/auth/activate`, {
        body: { username: NIP, code, password: guessable },
      });
      expect([r.status, r.body.code]).toEqual([400, 'common_password']);
    }
    expect(
      (
        await call(url, 'POST', `${V}/auth/activate`, {
          body: {
            username: NIP.replace(/^(\d{8})(\d{6})(\d)(\d{3})$/, '$1 $2 $3 $4'),
            code,
            password: 'kopi-papua-pagi',
          },
        })
      ).status,
    ).toBe(200);
    const token = await login(NIP, 'kopi-papua-pagi');
    const checkIn = await call<{
      verdict: { fence: { status: string; locationName: string }; zone: string; timing: { window: string } };
    }>(url, 'POST', `${V}/check-ins`, {
      token,
      body: {
        id: uuidV7(NOW, randomBytes(10)),
        kind: 'in',
        capturedAt: new Date(NOW).toISOString(),
        location: { ...JAYAPURA, accuracy: 10 },
      },
    });
    expect(checkIn.status).toBeLessThan(300);
    expect(JSON.stringify(checkIn.body)).toContain('inside');
    expect(JSON.stringify(checkIn.body)).toContain('Kantor Dinas Kesehatan');
  });

  it('manages accounts within scope: OPD admins, reset, disable, enable, unlock', async () => {
    const admin = await login('admin.bkpsdm', 'rahasia-bkpsdm');
    const units = await call<{ items: { id: number; name: string }[] }>(url, 'GET', `${V}/units`, {
      token: admin,
    });
    const dinkes = units.body.items.find((u) => u.name === 'Dinas Kesehatan')!.id;
    const root = units.body.items.find((u) => u.name.startsWith('Pemerintah'))!.id;
    const opd = await call<{ accountId: number; code: string }>(url, 'POST', `${V}/accounts/admins`, {
      token: admin,
      body: { username: 'admin.dinkes', role: 'unit_admin', unitId: dinkes },
    });
    expect(opd.status).toBe(201);
    expect(
      (
        await call(url, 'POST', `${V}/accounts/admins`, {
          token: admin,
          body: { username: 'admin.dinkes', role: 'unit_admin', unitId: dinkes },
        })
      ).status,
    ).toBe(409);
    await call(url, 'POST', `${V}/auth/activate`, {
      body: { username: 'admin.dinkes', code: opd.body.code, password: 'rahasia-dinkes' },
    });
    const unitAdmin = await login('admin.dinkes', 'rahasia-dinkes');
    // The unit admin may not make agency admins nor reach the root; may issue slips for Dinkes.
    expect(
      (
        await call(url, 'POST', `${V}/accounts/admins`, {
          token: unitAdmin,
          body: { username: 'x', role: 'agency_admin', unitId: null },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(url, 'POST', `${V}/accounts/activation`, { token: unitAdmin, body: { unitId: root } }))
        .status,
    ).toBe(404);
    const none = await call<{ items: unknown[] }>(url, 'POST', `${V}/accounts/activation`, {
      token: unitAdmin,
      body: { unitId: dinkes },
    });
    expect(none.body.items).toEqual([]); // everyone there has activated
    const emp = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('role', '=', 'employee')
      .executeTakeFirstOrThrow();
    const employeeToken = await login(NIP, 'kopi-papua-pagi');
    expect((await call(url, 'POST', `${V}/accounts/${emp.id}/reset`, { token: employeeToken })).status).toBe(
      403,
    );
    // Disable: sign-in refused; enable: back. Reset: the old password ends, a new code works.
    expect((await call(url, 'POST', `${V}/accounts/${emp.id}/disable`, { token: unitAdmin })).status).toBe(
      204,
    );
    expect(
      (
        await call<{ code: string }>(url, 'POST', `${V}/auth/login`, {
          body: { username: NIP, password: 'kopi-papua-pagi' },
        })
      ).body.code,
    ).toBe('account_inactive');
    expect((await call(url, 'POST', `${V}/accounts/${emp.id}/enable`, { token: unitAdmin })).status).toBe(
      204,
    );
    expect((await call(url, 'POST', `${V}/accounts/${emp.id}/unlock`, { token: unitAdmin })).status).toBe(
      204,
    );
    const reset = await call<{ code: string }>(url, 'POST', `${V}/accounts/${emp.id}/reset`, {
      token: unitAdmin,
    });
    expect(
      (await call(url, 'POST', `${V}/auth/login`, { body: { username: NIP, password: 'kopi-papua-pagi' } }))
        .status,
    ).toBe(403);
    expect(
      (
        await call(url, 'POST', `${V}/auth/activate`, {
          body: { username: NIP, code: reset.body.code, password: 'yohana-baru-1' },
        })
      ).status,
    ).toBe(200);
    await login(NIP, 'yohana-baru-1');
    // The agency admin's own account is out of a unit admin's reach.
    const top = await t.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'admin.bkpsdm')
      .executeTakeFirstOrThrow();
    expect((await call(url, 'POST', `${V}/accounts/${top.id}/disable`, { token: unitAdmin })).status).toBe(
      404,
    );
    const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'account.create',
        'account.activated',
        'account.disable',
        'account.enable',
        'account.unlock',
        'account.reset',
        'account.activation_issued',
      ]),
    );
    // Each admin change through the API names the request it came from (issue 8 item 3).
    const viaApi = await t.db
      .selectFrom('audit_log')
      .select(['action', 'request_id'])
      .where('action', 'in', ['account.disable', 'account.enable', 'account.unlock', 'account.reset'])
      .execute();
    expect(viaApi.length).toBeGreaterThanOrEqual(4);
    for (const row of viaApi) expect(row.request_id, row.action).toMatch(/\S/);
  });
});
