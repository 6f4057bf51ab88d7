/**
 * Migration 0022: review decisions on punches are append-only, name a real punch and a
 * real account, say accepted or rejected and give a reason; a later decision is a new
 * row and the latest is the one in force — on both engines.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAccount } from '../../../features/auth/accounts.store.js';
import { insertPunches } from '../../../features/check-ins/store.js';
import { insertEmployee } from '../../../features/employees/store.js';
import { syntheticPunch } from '../../../features/reports/punch-rows.js';
import {
  insertReview,
  latestReviews,
  latestReviewsOfPeriod,
  reviewsOfPunch,
} from '../../../features/reviews/store.js';
import { insertUnit } from '../../../features/units/store.js';
import { ENGINES, openTestDatabase } from '../../../test-support/engines.js';
import type { TestDatabase } from '../../../test-support/engines.js';

const AT = Date.UTC(2026, 2, 2, 0, 20);

describe.each(ENGINES)('migration 0022 (punch reviews) on %s', (engine) => {
  let t: TestDatabase;
  const punch = '01956c3a-5e00-7abc-8def-0123456789ab';
  const other = '01956c3a-5e00-7abc-8def-0123456789ac';
  let admin = 0;
  let employeeId = 0;
  let unitId = 0;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const unit = await insertUnit(t.db, {
      parentId: null,
      name: 'Pemda',
      kind: 'pemda',
      zone: 'Asia/Jakarta',
    });
    unitId = unit.id;
    const e = await insertEmployee(t.db, {
      kind: 'pns',
      nip: '198609262015051001',
      internalId: null,
      name: 'Andi',
      unitId: unit.id,
      position: 'Staf',
      active: true,
    });
    employeeId = e.id;
    const acc = await insertAccount(t.db, {
      username: 'admin.bkd',
      password_hash: 'x',
      role: 'agency_admin',
      employee_id: null,
      unit_id: null,
      active: 1,
      created_at: AT,
      password_changed_at: AT,
    });
    admin = acc.id;
    await insertPunches(t.db, [
      syntheticPunch(punch, e.id, 'in', AT, 'Asia/Jakarta', { fence_status: 'outside' }),
      syntheticPunch(other, e.id, 'out', AT + 9 * 3_600_000, 'Asia/Jakarta', { fence_status: 'outside' }),
    ]);
  });
  afterAll(() => t?.drop());

  const row = (over: Record<string, unknown> = {}) => ({
    punch_id: punch,
    decision: 'accepted',
    reason: 'tugas ke kantor camat',
    decided_by: admin,
    decided_at: AT + 3_600_000,
    ...over,
  });

  it('keeps every decision, and the latest one is in force', async () => {
    await insertReview(t.db, {
      punchId: punch,
      decision: 'accepted',
      reason: 'tugas ke kantor camat',
      decidedBy: admin,
      decidedAt: AT + 3_600_000,
    });
    await insertReview(t.db, {
      punchId: punch,
      decision: 'rejected',
      reason: 'surat tugas tidak ada',
      decidedBy: admin,
      decidedAt: AT + 7_200_000,
    });
    expect((await reviewsOfPunch(t.db, punch)).map((r) => r.decision)).toEqual(['accepted', 'rejected']);
    const latest = await latestReviews(t.db, [punch, other]);
    expect([...latest.keys()]).toEqual([punch]);
    expect(latest.get(punch)).toMatchObject({
      decision: 'rejected',
      reason: 'surat tugas tidak ada',
      by: 'admin.bkd',
      decidedBy: admin,
      at: AT + 7_200_000,
    });
    const byPeriod = await latestReviewsOfPeriod(t.db, { unitIds: [unitId] }, '2026-03-02', '2026-03-02');
    expect(byPeriod.get(punch)?.decision).toBe('rejected');
    expect(
      (await latestReviewsOfPeriod(t.db, { employeeIds: [employeeId] }, '2026-03-03', '2026-03-31')).size,
    ).toBe(0);
  });

  it('refuses UPDATE and DELETE: a decision is never edited or removed', async () => {
    await expect(sql`update punch_reviews set decision = 'accepted'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from punch_reviews`.execute(t.db)).rejects.toThrow(/append-only/);
    if (engine === 'postgres')
      await expect(sql`truncate punch_reviews`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await reviewsOfPunch(t.db, punch)).toHaveLength(2);
  });

  it('refuses a decision other than accepted or rejected, a blank reason, an unknown punch or account', async () => {
    const insert = (over: Record<string, unknown>) =>
      t.db.insertInto('punch_reviews').values(row(over)).execute();
    await expect(insert({ decision: 'maybe' })).rejects.toThrow();
    await expect(insert({ reason: '   ' })).rejects.toThrow();
    await expect(insert({ reason: null })).rejects.toThrow();
    await expect(insert({ punch_id: '01956c3a-5e00-7abc-8def-000000000000' })).rejects.toThrow();
    await expect(insert({ decided_by: 999_999 })).rejects.toThrow();
    expect(await reviewsOfPunch(t.db, punch)).toHaveLength(2);
  });
});
