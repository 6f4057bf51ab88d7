/**
 * The access matrix: every route of docs/openapi.json, called as every role — no token,
 * an employee (A, at the puskesmas), the unit admin whose subtree holds A (Dinas
 * Kesehatan), a unit admin outside it (Dinas Pendidikan), the agency admin — against
 * targets inside the Dinas Kesehatan subtree. It checks the rule of platform/access:
 * 401 without a token, 403 for a role the route is never for, 404 for an id (in the path
 * or the body) out of the caller's scope, answered exactly as a missing id, and no
 * refusal for a role the route is for (OWASP ASVS 5.0 V8.2.1, V8.2.2, V8.3.1). A route
 * the table below does not list fails the test, so a new route must say who may call it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPunches } from '../../features/check-ins/store.js';
import { insertDevice } from '../../features/devices/store.js';
import { insertKiosk } from '../../features/kiosks/store.js';
import { syntheticPunch } from '../../features/reports/punch-rows.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, newId, NIP_A, NIP_B, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

/** Who a route is for: nobody signed in, every role, employees only, admins, the agency admin. */
type Who = 'public' | 'any' | 'employee' | 'admin' | 'agency';

/** The ids of targets in the Dinas Kesehatan subtree, and a missing one of each kind. */
interface Ids {
  unit: number;
  /** A unit above `unit`, in the same subtree (a destination of moves). */
  parent: number;
  employee: number;
  leave: string;
  correction: string;
  attachment: string;
  punch: string;
  device: string;
  account: number;
  site: number;
  holiday: number;
  override: number;
  personSchedule: number;
  kiosk: string;
}

interface Probe {
  /** Path parameters → the kind of target they name. */
  params?: Record<string, keyof Ids>;
  /** The query string; a function when it names targets (so only the scope can refuse it). */
  query?: string | ((ids: Ids) => string);
  /** A valid body naming the targets (so only the scope can refuse it). */
  body?: (ids: Ids) => unknown;
}

interface Rule extends Probe {
  who: Who;
  /** Whether the route refuses targets outside the caller's scope as missing (404). */
  scoped?: boolean;
  /**
   * Skip the check that an allowed role gets through: the route changes something even
   * with a refused-looking request (no body to make invalid).
   */
  changes?: true;
  /**
   * Why an allowed role may still get 404 here: the target has nothing to give (a punch
   * without a stored selfie). The out-of-scope checks still apply.
   */
  empty?: string;
}

const MONTH = 'month=2026-02';
const RANGE = 'from=2026-02-01&to=2026-02-28';
const DAY = {
  start: 480,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 720,
  checkOutFrom: 720,
  checkOutUntil: 1320,
};
const WEEK = [DAY, DAY, DAY, DAY, DAY, null, null];

const ROUTES: Record<string, Rule> = {
  'POST /api/v1/auth/login': { who: 'public' },
  'POST /api/v1/auth/refresh': { who: 'public' },
  'POST /api/v1/auth/activate': { who: 'public' },
  'GET /api/v1/health': { who: 'public' },
  'POST /api/v1/auth/logout': { who: 'any', changes: true },
  'POST /api/v1/auth/password': { who: 'any' },
  'GET /api/v1/leave-types': { who: 'any' },
  'GET /api/v1/holidays': { who: 'any', query: 'year=2026' },

  'POST /api/v1/check-ins': { who: 'employee' },
  'POST /api/v1/check-ins/batch': { who: 'employee' },
  'GET /api/v1/me/today': { who: 'employee' },
  'GET /api/v1/me/attendance': { who: 'employee', query: RANGE },
  'GET /api/v1/me/photos': { who: 'employee', query: RANGE },
  'GET /api/v1/me/recap': { who: 'employee', query: MONTH },
  'POST /api/v1/me/leave-requests': { who: 'employee' },
  'GET /api/v1/me/leave-requests': { who: 'employee' },
  'POST /api/v1/me/correction-requests': { who: 'employee' },
  'GET /api/v1/me/correction-requests': { who: 'employee' },
  'POST /api/v1/devices': { who: 'employee' },
  'GET /api/v1/time': { who: 'employee' },

  'GET /api/v1/employees/{id}/attendance': {
    who: 'any',
    scoped: true,
    params: { id: 'employee' },
    query: RANGE,
  },
  'GET /api/v1/employees/{id}/card': { who: 'any', scoped: true, params: { id: 'employee' }, query: MONTH },
  'GET /api/v1/employees/{id}/card/export': {
    who: 'any',
    scoped: true,
    params: { id: 'employee' },
    query: `${MONTH}&format=csv`,
  },
  'GET /api/v1/employees/{id}/person-schedules': { who: 'any', scoped: true, params: { id: 'employee' } },
  'GET /api/v1/attachments/{id}': { who: 'any', scoped: true, params: { id: 'attachment' } },
  'GET /api/v1/check-ins/{id}/photo': {
    who: 'any',
    scoped: true,
    params: { id: 'punch' },
    empty: 'the punch carries no stored selfie',
  },
  'PUT /api/v1/check-ins/{id}/photo': { who: 'employee', params: { id: 'punch' } },

  'GET /api/v1/leave-requests': { who: 'admin' },
  'GET /api/v1/check-ins/reviews': { who: 'admin' },
  'POST /api/v1/check-ins/{id}/review': {
    who: 'admin',
    scoped: true,
    params: { id: 'punch' },
    body: () => ({ decision: 'accept', reason: 'tugas luar kantor' }),
  },
  'GET /api/v1/correction-requests': { who: 'admin' },
  'POST /api/v1/leave-requests/{id}/decision': {
    who: 'admin',
    scoped: true,
    params: { id: 'leave' },
    body: () => ({ decision: 'reject', reason: 'tidak' }),
  },
  'POST /api/v1/correction-requests/{id}/decision': {
    who: 'admin',
    scoped: true,
    params: { id: 'correction' },
    body: () => ({ decision: 'reject', reason: 'tidak' }),
  },
  'POST /api/v1/attendance-entries': {
    who: 'admin',
    scoped: true,
    body: (x) => ({
      employeeId: x.employee,
      kind: 'in',
      at: '2026-02-03T07:20:00+08:00',
      reason: 'mesin rusak',
    }),
  },
  'GET /api/v1/incidents': { who: 'admin', query: MONTH },
  'POST /api/v1/incidents': { who: 'agency' },
  'POST /api/v1/holidays': { who: 'agency' },
  'PUT /api/v1/holidays/{id}': { who: 'agency', params: { id: 'holiday' } },
  'DELETE /api/v1/holidays/{id}': { who: 'agency', params: { id: 'holiday' }, changes: true },
  'GET /api/v1/rule-sets': { who: 'admin' },
  'POST /api/v1/rule-sets': { who: 'agency' },
  'GET /api/v1/units/{id}/attendance-settings': { who: 'admin', scoped: true, params: { id: 'unit' } },
  'PUT /api/v1/units/{id}/attendance-settings': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    body: () => ({ selfieRequired: null }),
  },
  'POST /api/v1/schedule-overrides': {
    who: 'admin',
    scoped: true,
    body: (x) => ({ name: 'Ramadan', from: '2027-02-08', to: '2027-03-09', unitIds: [x.unit], days: WEEK }),
  },
  'GET /api/v1/schedule-overrides': { who: 'admin', query: RANGE },
  'POST /api/v1/schedule-overrides/{id}/end': {
    who: 'admin',
    scoped: true,
    params: { id: 'override' },
    body: () => ({ to: '2027-02-10' }),
  },
  'POST /api/v1/employees/{id}/person-schedules': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    body: () => ({ effectiveFrom: '2027-01-01', effectiveTo: null, days: WEEK }),
  },
  'POST /api/v1/employees/{id}/person-schedules/{scheduleId}/end': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee', scheduleId: 'personSchedule' },
    body: () => ({ to: '2027-01-10' }),
  },
  'GET /api/v1/shift-types': { who: 'admin' },
  'POST /api/v1/shift-types': {
    who: 'admin',
    scoped: true,
    body: (x) => ({
      unitId: x.unit,
      code: 'P',
      name: 'Pagi',
      start: 420,
      end: 840,
      checkInFrom: 360,
      checkInUntil: 540,
      checkOutFrom: 780,
      checkOutUntil: 960,
    }),
  },
  'POST /api/v1/rosters': {
    who: 'admin',
    scoped: true,
    body: (x) => ({ entries: [{ employeeId: x.employee, date: '2027-05-03', shiftCode: null }] }),
  },
  'POST /api/v1/rosters/rotations': {
    who: 'admin',
    scoped: true,
    body: (x) => ({
      pattern: { code: 'PSM', cycle: ['P', null] },
      people: [{ employeeId: x.employee, offset: 0 }],
      from: '2027-05-03',
      to: '2027-05-04',
    }),
  },
  'POST /api/v1/rosters/swaps': {
    who: 'admin',
    scoped: true,
    body: (x) => ({
      a: { employeeId: x.employee, date: '2027-05-03' },
      b: { employeeId: x.employee, date: '2027-05-04' },
    }),
  },
  'GET /api/v1/units/{id}/daily': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    query: 'date=2026-02-02',
  },
  'GET /api/v1/units/{id}/recap': { who: 'admin', scoped: true, params: { id: 'unit' }, query: MONTH },
  'GET /api/v1/units/{id}/daily/export': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    query: 'date=2026-02-02&format=csv',
  },
  'GET /api/v1/units/{id}/recap/export': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    query: `${MONTH}&format=csv`,
  },

  'GET /api/v1/devices': { who: 'admin' },
  'POST /api/v1/devices/{id}/approve': {
    who: 'admin',
    scoped: true,
    params: { id: 'device' },
    changes: true,
  },
  'POST /api/v1/devices/{id}/revoke': { who: 'admin', scoped: true, params: { id: 'device' }, changes: true },

  'GET /api/v1/live/board': { who: 'admin' },
  'GET /api/v1/live/people': { who: 'admin' },
  'GET /api/v1/live/missed/export': { who: 'admin', query: 'format=csv' },
  'GET /api/v1/live/stream': { who: 'admin' },
  'GET /api/v1/console/units': { who: 'admin' },
  'GET /api/v1/console/daily': { who: 'admin', query: 'date=2026-02-02' },
  'GET /api/v1/console/recap': { who: 'admin', query: MONTH },
  'GET /api/v1/console/rosters': { who: 'admin', query: MONTH },
  'GET /api/v1/console/inbox': { who: 'admin', query: 'kind=leave' },
  'GET /api/v1/console/adoption': { who: 'admin', query: RANGE },
  'GET /api/v1/console/adoption/never-activated': { who: 'admin' },
  'GET /api/v1/console/audit': { who: 'admin' },
  'GET /api/v1/console/employees/{id}/overview': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    query: MONTH,
  },
  'GET /api/v1/console/map': { who: 'admin' },
  'GET /api/v1/console/punches': { who: 'admin', query: 'date=2026-02-02' },
  'POST /api/v1/console/import/headers': { who: 'admin' },

  // Machines: the fixture registers none, so a named serial is missing for every admin;
  // these rows check the roles (and that no role is let through to a 5xx).
  'GET /api/v1/machines': { who: 'admin' },
  'GET /api/v1/machines/{serial}': { who: 'admin', empty: 'no machine in the fixture' },
  'GET /api/v1/machines/{serial}/reconciliations/{id}': { who: 'admin', empty: 'no machine in the fixture' },
  'POST /api/v1/machines/{serial}/accept': { who: 'admin', empty: 'no machine in the fixture' },
  'POST /api/v1/machines/{serial}/pins': { who: 'admin', empty: 'no machine in the fixture' },
  'POST /api/v1/machines/{serial}/push-users': { who: 'admin', empty: 'no machine in the fixture' },
  'POST /api/v1/machines/{serial}/reconciliations': { who: 'admin', empty: 'no machine in the fixture' },
  'POST /api/v1/machines/{serial}/retire': { who: 'admin', empty: 'no machine in the fixture' },

  // Kiosks: the tablet's routes carry no token (the kiosk signs with its key, and its
  // own tests check those refusals); the admin routes are scoped by the kiosk's site.
  'POST /api/v1/kiosk/enrol': { who: 'public' },
  'POST /api/v1/kiosk/hello': { who: 'public' },
  'POST /api/v1/kiosk/captures': { who: 'public' },
  'PUT /api/v1/kiosk/captures/{id}/photo': { who: 'public' },
  'GET /api/v1/kiosks': { who: 'admin' },
  'POST /api/v1/kiosks': {
    who: 'admin',
    scoped: true,
    body: (x) => ({ siteId: x.site, label: 'Pintu depan' }),
  },
  'POST /api/v1/kiosks/{id}/revoke': { who: 'admin', scoped: true, params: { id: 'kiosk' }, changes: true },
  'POST /api/v1/employees/{id}/kiosk-credentials': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    body: () => ({ pin: '482915' }),
  },

  'GET /api/v1/units': { who: 'admin' },
  'POST /api/v1/units': {
    who: 'admin',
    scoped: true,
    body: (x) => ({ parentId: x.unit, name: 'Puskesmas Baru', kind: 'upt' }),
  },
  'GET /api/v1/units/{id}': { who: 'admin', scoped: true, params: { id: 'unit' } },
  'PATCH /api/v1/units/{id}': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    body: () => ({ code: 'X1' }),
  },
  'POST /api/v1/units/{id}/move': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    body: (x) => ({ parentId: x.parent }),
  },
  'POST /api/v1/units/{id}/close': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    body: () => ({ from: '2027-01-01' }),
  },
  'GET /api/v1/units/{id}/schedules': { who: 'admin', scoped: true, params: { id: 'unit' } },
  'POST /api/v1/units/{id}/schedules': {
    who: 'admin',
    scoped: true,
    params: { id: 'unit' },
    body: () => ({ name: 'Lima hari', effectiveFrom: '2027-01-01', template: 'five_day' }),
  },
  'GET /api/v1/employees': { who: 'admin' },
  'POST /api/v1/employees': { who: 'admin' },
  'GET /api/v1/employees/{id}': { who: 'admin', scoped: true, params: { id: 'employee' } },
  'PATCH /api/v1/employees/{id}': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    body: () => ({ position: 'Perawat' }),
  },
  'POST /api/v1/employees/{id}/move': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    body: (x) => ({ unitId: x.parent, from: '2027-01-01' }),
  },
  'POST /api/v1/employees/{id}/deactivate': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    body: () => ({ from: '2027-01-01', reason: 'pensiun' }),
  },
  'POST /api/v1/employees/{id}/reactivate': {
    who: 'admin',
    scoped: true,
    params: { id: 'employee' },
    changes: true,
  },
  'GET /api/v1/sites': { who: 'admin' },
  'POST /api/v1/sites': { who: 'admin' },
  'GET /api/v1/sites/{id}': { who: 'admin', scoped: true, params: { id: 'site' } },
  'PUT /api/v1/sites/{id}': { who: 'admin', params: { id: 'site' } },
  'GET /api/v1/accounts': { who: 'admin', scoped: true, query: (x) => `unitId=${x.unit}` },
  'POST /api/v1/accounts/activation': { who: 'admin', scoped: true, body: (x) => ({ unitId: x.unit }) },
  'POST /api/v1/accounts/admins': { who: 'admin' },
  'POST /api/v1/accounts/{id}/reset': {
    who: 'admin',
    scoped: true,
    params: { id: 'account' },
    changes: true,
  },
  'POST /api/v1/accounts/{id}/disable': {
    who: 'admin',
    scoped: true,
    params: { id: 'account' },
    changes: true,
  },
  'POST /api/v1/accounts/{id}/enable': {
    who: 'admin',
    scoped: true,
    params: { id: 'account' },
    changes: true,
  },
  'POST /api/v1/accounts/{id}/unlock': {
    who: 'admin',
    scoped: true,
    params: { id: 'account' },
    changes: true,
  },
  'POST /api/v1/accounts/{id}/end-sessions': {
    who: 'admin',
    scoped: true,
    params: { id: 'account' },
    changes: true,
  },
  'POST /api/v1/import/employees': { who: 'admin' },
  'POST /api/v1/import/units': { who: 'admin' },
  'POST /api/v1/import/sites': { who: 'admin' },
};

type Role = 'none' | 'employee' | 'employeeOutside' | 'unitAdmin' | 'unitAdminOutside' | 'agency';
const ROLE_OF: Record<Exclude<Role, 'none'>, 'employee' | 'unit_admin' | 'agency_admin'> = {
  employee: 'employee',
  employeeOutside: 'employee',
  unitAdmin: 'unit_admin',
  unitAdminOutside: 'unit_admin',
  agency: 'agency_admin',
};

function allows(who: Who, role: Exclude<Role, 'none'>): boolean {
  const r = ROLE_OF[role];
  switch (who) {
    case 'public':
    case 'any':
      return true;
    case 'employee':
      return r === 'employee';
    case 'admin':
      return r !== 'employee';
    case 'agency':
      return r === 'agency_admin';
  }
}

/** The routes of the committed OpenAPI document, as 'METHOD /path/{param}'. */
function documentedRoutes(): string[] {
  const doc = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

describe('the access matrix', () => {
  it('lists every route of the OpenAPI document, and no other', () => {
    const documented = documentedRoutes().sort();
    expect(Object.keys(ROUTES).sort()).toEqual(documented);
  });
});

describe.each(ENGINES)('access matrix on %s', (engine) => {
  let s: TestServer;
  const tokens = {} as Record<Exclude<Role, 'none'>, string>;
  let inside: Ids;
  let missing: Ids;

  beforeAll(async () => {
    s = await startServer(engine);
    const x = s.seeded;
    const [empA, empB, dinkes, disdik, agency] = await Promise.all(
      [NIP_A, NIP_B, 'admin.dinkes', 'admin.disdik', 'admin'].map((u) => login(s.url, u)),
    );
    Object.assign(tokens, {
      employee: empA!.token,
      employeeOutside: empB!.token,
      unitAdmin: dinkes!.token,
      unitAdminOutside: disdik!.token,
      agency: agency!.token,
    });
    // A minimal real PDF (attachments are checked): one object, xref, trailer, startxref.
    const body = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
    const pdf = Buffer.from(
      `${body}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n` +
        `startxref\n${body.length}\n%%EOF\n`,
    ).toString('base64');
    const leave = await call<{ id: string; attachmentSha256: string }>(
      s.url,
      'POST',
      '/api/v1/me/leave-requests',
      {
        token: tokens.employee,
        body: {
          type: 'cuti_tahunan',
          from: '2026-02-09',
          to: '2026-02-09',
          reason: 'keluarga',
          attachment: pdf,
        },
      },
    );
    const correction = await call<{ id: string }>(s.url, 'POST', '/api/v1/me/correction-requests', {
      token: tokens.employee,
      body: { kind: 'out', at: '2026-02-02T16:05:00+08:00', reason: 'lupa absen pulang' },
    });
    const holiday = await call<{ id: number }>(s.url, 'POST', '/api/v1/holidays', {
      token: tokens.agency,
      body: { date: '2026-07-10', name: 'Hari Jadi', kind: 'regional', unitIds: [x.units.dinkes] },
    });
    const override = await call<{ id: number }>(s.url, 'POST', '/api/v1/schedule-overrides', {
      token: tokens.unitAdmin,
      body: {
        name: 'Ramadan',
        from: '2027-02-08',
        to: '2027-03-09',
        unitIds: [x.units.puskesmas],
        days: WEEK,
      },
    });
    const person = await call<{ id: number }>(
      s.url,
      'POST',
      `/api/v1/employees/${x.employees.a}/person-schedules`,
      {
        token: tokens.unitAdmin,
        body: { effectiveFrom: '2027-01-01', effectiveTo: null, days: WEEK },
      },
    );
    for (const r of [leave, correction, holiday, override, person])
      if (r.status !== 201) throw new Error(`fixture refused: ${JSON.stringify(r.body)}`);
    const punch = newId();
    await insertPunches(s.t.db, [syntheticPunch(punch, x.employees.a, 'in', NOW, 'Asia/Makassar')]);
    const device = randomUUID();
    await insertDevice(s.t.db, {
      id: device,
      employee_id: x.employees.a,
      label: 'Chrome',
      key: 'k',
      status: 'pending',
      created_at: NOW,
      approved_at: null,
      approved_by: null,
      revoked_at: null,
    });
    const kiosk = newId();
    await insertKiosk(s.t.db, {
      id: kiosk,
      site_id: x.locations.makassar,
      label: 'Pintu depan',
      key: 'enrol:0',
      status: 'active',
      created_at: NOW,
      created_by: x.accounts.dinkesAdmin,
      revoked_at: null,
    });
    inside = {
      unit: x.units.puskesmas,
      parent: x.units.dinkes,
      employee: x.employees.a,
      leave: leave.body.id,
      correction: correction.body.id,
      attachment: leave.body.attachmentSha256,
      punch,
      device,
      account: x.accounts.a,
      site: x.locations.makassar,
      holiday: holiday.body.id,
      override: override.body.id,
      personSchedule: person.body.id,
      kiosk,
    };
    missing = {
      unit: 999_999,
      parent: x.units.dinkes,
      employee: 999_999,
      leave: randomUUID(),
      correction: randomUUID(),
      attachment: 'f'.repeat(64),
      punch: newId(),
      device: randomUUID(),
      account: 999_999,
      site: 999_999,
      holiday: 999_999,
      override: 999_999,
      personSchedule: 999_999,
      kiosk: newId(),
    };
  });
  afterAll(() => s?.close());

  /** Status and body of the route's request for `ids`, as `role`; a streaming answer is not read past its head. */
  async function send(key: string, rule: Rule, ids: Ids, role: Role, body: unknown) {
    const [method, template] = key.split(' ') as [string, string];
    let path = template;
    for (const [name, kind] of Object.entries(rule.params ?? {}))
      path = path.replace(`{${name}}`, String(ids[kind]));
    const query = typeof rule.query === 'function' ? rule.query(ids) : rule.query;
    if (query) path += `?${query}`;
    const headers: Record<string, string> = {};
    if (role !== 'none') headers['authorization'] = `Bearer ${tokens[role]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(s.url + path, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, body: null };
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a file): the status is what the matrix checks.
    }
    return { status: res.status, body: parsed };
  }

  /** A body a route's schema refuses (an unknown field), so an allowed call changes nothing. */
  const PROBE = { notAField: true };

  it.each(Object.entries(ROUTES))('answers %s as its rule says for every role', async (key, rule) => {
    const wrong: string[] = [];
    const method = key.split(' ')[0]!;
    const hasBody = method !== 'GET' && method !== 'DELETE';
    const valid = rule.body?.(inside);
    const refusedBody = hasBody ? (valid ?? PROBE) : undefined;
    // 1. No token.
    if (rule.who !== 'public') {
      const r = await send(key, rule, inside, 'none', refusedBody);
      if (r.status !== 401) wrong.push(`${key} without a token: ${r.status}`);
    }
    for (const role of Object.keys(ROLE_OF) as Exclude<Role, 'none'>[]) {
      if (rule.who === 'public') continue;
      if (!allows(rule.who, role)) {
        // 2. A role the route is never for.
        const r = await send(key, rule, inside, role, refusedBody);
        if (r.status !== 403) wrong.push(`${key} as ${role}: ${r.status}, not 403`);
        continue;
      }
      const outside =
        rule.scoped === true &&
        (role === 'unitAdminOutside' || (role === 'employeeOutside' && rule.who === 'any'));
      if (outside) {
        // 3. Out of scope: exactly as missing.
        const out = await send(key, rule, inside, role, hasBody ? (valid ?? {}) : undefined);
        const gone = await send(key, rule, missing, role, hasBody ? (rule.body?.(missing) ?? {}) : undefined);
        if (out.status !== 404) wrong.push(`${key} as ${role} out of scope: ${out.status}, not 404`);
        else if (JSON.stringify(out.body) !== JSON.stringify(gone.body))
          wrong.push(
            `${key} as ${role}: out of scope ${JSON.stringify(out.body)} ≠ missing ${JSON.stringify(gone.body)}`,
          );
        continue;
      }
      if (rule.changes || role === 'employeeOutside' || role === 'unitAdminOutside') continue;
      // 4. Allowed: not refused for who the caller is (a body of the wrong shape may be).
      const r = await send(key, rule, inside, role, hasBody ? PROBE : undefined);
      const refused = rule.empty ? [401, 403] : [401, 403, 404];
      if (refused.includes(r.status)) wrong.push(`${key} as ${role}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    expect(wrong).toEqual([]);
  });
});
