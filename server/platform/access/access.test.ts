/**
 * The access decisions on both engines, against the fixtures' organisation: Pemda →
 * Dinas Kesehatan → Puskesmas (employee A), Pemda → Dinas Pendidikan (employee B), and
 * Citra at Dinas Kesehatan. Whatever the kind of target, an id outside the caller's
 * scope is refused exactly like a missing one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import type { AccountRole } from '../../../core/model.js';
import { insertPunches } from '../../features/check-ins/store.js';
import { insertDevice } from '../../features/devices/store.js';
import { syntheticPunch } from '../../features/reports/punch-rows.js';
import { insertCorrectionRequest, insertLeaveRequest } from '../../features/requests/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { NOW, seed } from '../../test-support/http-fixtures.js';
import type { Seeded } from '../../test-support/http-fixtures.js';
import type { TokenClaims } from '../crypto/token.js';
import {
  ADMIN_ROLES,
  AGENCY_ROLES,
  authorize,
  authorizeMany,
  authorizeUnit,
  mayCall,
  requireRole,
  scopeOf,
  unitFilter,
} from './access.js';
import type { Target } from './access.js';

function claims(role: AccountRole, unit: number | null, emp: number | null): TokenClaims {
  return { sub: 1, sid: 's', role, unit, emp, iat: 0, exp: 1 };
}

/** The code of the refusal `p` ends in, or 'allowed'. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

describe('roles', () => {
  it('lets only the listed roles call', () => {
    expect(mayCall(claims('unit_admin', 1, null), ADMIN_ROLES)).toBe(true);
    expect(mayCall(claims('employee', 1, 2), ADMIN_ROLES)).toBe(false);
    expect(() => requireRole(claims('unit_admin', 1, null), AGENCY_ROLES)).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403 }),
    );
    expect(() => requireRole(claims('agency_admin', null, null), AGENCY_ROLES)).not.toThrow();
  });
});

describe.each(ENGINES)('access on %s', (engine) => {
  let t: TestDatabase;
  let x: Seeded;
  const ids = { punchA: randomUUID(), punchB: randomUUID(), deviceA: randomUUID(), deviceB: randomUUID() };
  const leave = { a: randomUUID(), b: randomUUID() };
  const correction = { a: randomUUID(), b: randomUUID() };
  const sha = { a: 'a'.repeat(64), b: 'b'.repeat(64), shared: 'c'.repeat(64) };

  let agency: TokenClaims;
  let dinkes: TokenClaims;
  let disdik: TokenClaims;
  let empA: TokenClaims;
  let empB: TokenClaims;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    x = await seed(t);
    agency = claims('agency_admin', null, null);
    dinkes = claims('unit_admin', x.units.dinkes, null);
    disdik = claims('unit_admin', x.units.disdik, null);
    empA = claims('employee', x.units.puskesmas, x.employees.a);
    empB = claims('employee', x.units.disdik, x.employees.b);
    const { a, b } = x.employees;
    await insertPunches(t.db, [
      syntheticPunch(ids.punchA, a, 'in', NOW, 'Asia/Makassar'),
      syntheticPunch(ids.punchB, b, 'in', NOW, 'Asia/Jakarta'),
    ]);
    for (const [id, employee] of [
      [ids.deviceA, a],
      [ids.deviceB, b],
    ] as const) {
      await insertDevice(t.db, {
        id,
        employee_id: employee,
        label: 'Chrome',
        key: 'k',
        status: 'active',
        created_at: NOW,
        approved_at: NOW,
        approved_by: null,
        revoked_at: null,
      });
    }
    await t.db
      .insertInto('attachments')
      .values(
        Object.values(sha).map((h) => ({
          sha256: h,
          content_type: 'application/pdf',
          bytes: 1,
          storage_key: `${h}.pdf`,
          stored_at: NOW,
        })),
      )
      .execute();
    const request = {
      type: 'cuti_tahunan',
      from: '2026-03-03',
      to: '2026-03-03',
      reason: 'keluarga',
      status: 'pending' as const,
      requestedAt: NOW,
      requestedBy: 1,
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
    };
    await insertLeaveRequest(t.db, { ...request, id: leave.a, employeeId: a, attachmentSha256: sha.a });
    await insertLeaveRequest(t.db, { ...request, id: leave.b, employeeId: b, attachmentSha256: sha.shared });
    const corr = {
      kind: 'out' as const,
      at: NOW,
      workDate: '2026-03-02',
      reason: 'lupa',
      status: 'pending' as const,
      requestedAt: NOW,
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
    };
    await insertCorrectionRequest(t.db, {
      ...corr,
      id: correction.a,
      employeeId: a,
      attachmentSha256: sha.shared,
    });
    await insertCorrectionRequest(t.db, {
      ...corr,
      id: correction.b,
      employeeId: b,
      attachmentSha256: sha.b,
    });
  });
  afterAll(() => t?.drop());

  it('scopes an agency admin to everything, a unit admin to the subtree, an employee to nothing', async () => {
    expect(await scopeOf(t.db, agency)).toMatchObject({ all: true });
    expect(unitFilter(await scopeOf(t.db, agency))).toBeUndefined();
    expect(await scopeOf(t.db, dinkes)).toEqual({
      all: false,
      unitIds: [x.units.dinkes, x.units.puskesmas],
      above: [x.units.pemda],
      employeeId: null,
    });
    expect(await scopeOf(t.db, empA)).toEqual({
      all: false,
      unitIds: [],
      above: [],
      employeeId: x.employees.a,
    });
    // A unit admin whose unit is gone manages nothing.
    expect(await scopeOf(t.db, claims('unit_admin', 999_999, null))).toMatchObject({ unitIds: [] });
  });

  it('answers an id outside the scope exactly like a missing one, for every kind of target', async () => {
    const cases: [Target, Target, Target][] = [
      // [inside dinkes' scope, outside it, missing]
      [
        { kind: 'unit', id: x.units.puskesmas },
        { kind: 'unit', id: x.units.disdik },
        { kind: 'unit', id: 999_999 },
      ],
      [
        { kind: 'employee', id: x.employees.a },
        { kind: 'employee', id: x.employees.b },
        { kind: 'employee', id: 999_999 },
      ],
      [
        { kind: 'leave_request', id: leave.a },
        { kind: 'leave_request', id: leave.b },
        { kind: 'leave_request', id: randomUUID() },
      ],
      [
        { kind: 'correction_request', id: correction.a },
        { kind: 'correction_request', id: correction.b },
        { kind: 'correction_request', id: randomUUID() },
      ],
      [
        { kind: 'punch', id: ids.punchA },
        { kind: 'punch', id: ids.punchB },
        { kind: 'punch', id: randomUUID() },
      ],
      [
        { kind: 'device', id: ids.deviceA },
        { kind: 'device', id: ids.deviceB },
        { kind: 'device', id: randomUUID() },
      ],
      [
        { kind: 'attachment', sha256: sha.a },
        { kind: 'attachment', sha256: sha.b },
        { kind: 'attachment', sha256: 'd'.repeat(64) },
      ],
    ];
    for (const [inside, outside, missing] of cases) {
      expect(await outcome(authorize(t.db, dinkes, inside)), inside.kind).toBe('allowed');
      expect(await outcome(authorize(t.db, agency, outside)), outside.kind).toBe('allowed');
      expect(await outcome(authorize(t.db, dinkes, outside)), outside.kind).toBe('not_found');
      expect(await outcome(authorize(t.db, dinkes, missing)), missing.kind).toBe('not_found');
      expect(await outcome(authorize(t.db, agency, missing)), missing.kind).toBe('not_found');
    }
  });

  it('lets an employee reach their own things only where the endpoint serves the owner', async () => {
    const own: Target = { kind: 'punch', id: ids.punchA };
    expect(await authorize(t.db, empA, own, { own: true })).toEqual({
      unitId: x.units.puskesmas,
      employeeId: x.employees.a,
    });
    expect(await outcome(authorize(t.db, empA, own))).toBe('not_found');
    expect(await outcome(authorize(t.db, empB, own, { own: true }))).toBe('not_found');
    expect(await outcome(authorize(t.db, empA, { kind: 'unit', id: x.units.puskesmas }, { own: true }))).toBe(
      'not_found',
    );
  });

  it('finds an attachment through any request that carries it', async () => {
    // The shared file backs A's correction and B's leave: both admins (and both employees) see it.
    const shared: Target = { kind: 'attachment', sha256: sha.shared };
    expect(await authorize(t.db, dinkes, shared)).toMatchObject({ employeeId: x.employees.a });
    expect(await authorize(t.db, disdik, shared)).toMatchObject({ employeeId: x.employees.b });
    expect(await authorize(t.db, empB, shared, { own: true })).toMatchObject({ employeeId: x.employees.b });
  });

  it('gives a unit in scope with its subtree', async () => {
    expect(await authorizeUnit(t.db, dinkes, x.units.dinkes)).toEqual({
      id: x.units.dinkes,
      subtree: [x.units.dinkes, x.units.puskesmas],
    });
    expect(await outcome(authorizeUnit(t.db, dinkes, x.units.pemda))).toBe('not_found');
  });

  it('checks the ids a body names and names the first one refused', async () => {
    const people = [x.employees.a, x.employees.admin, x.employees.a];
    await expect(
      authorizeMany(t.db, dinkes, 'employee', people, (i) => `/people/${i}`),
    ).resolves.toBeUndefined();
    const refused = authorizeMany(
      t.db,
      dinkes,
      'employee',
      [x.employees.a, x.employees.b],
      (i) => `/people/${i}`,
    );
    await expect(refused).rejects.toMatchObject({
      code: 'not_found',
      details: [{ field: '/people/1', reason: 'not_found' }],
    });
    await expect(
      authorizeMany(t.db, agency, 'unit', [x.units.pemda, 424_242], (i) => `/unitIds/${i}`),
    ).rejects.toMatchObject({ details: [{ field: '/unitIds/1' }] });
    await expect(authorizeMany(t.db, agency, 'unit', [x.units.pemda], () => '')).resolves.toBeUndefined();
    expect(await outcome(authorizeMany(t.db, empA, 'employee', [x.employees.a], () => '/x'))).toBe(
      'not_found',
    );
  });
});
