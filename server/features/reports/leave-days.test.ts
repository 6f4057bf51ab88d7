/**
 * The working days of a leave grant, for the length limit (cuti tahunan: 12 working
 * days). A grant crossing the year end counted 0 days, so 28 Dec - 15 Jan passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAVE_BY_CODE, checkLeaveGrant } from '../../../core/attendance/index.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { seed } from '../../test-support/http-fixtures.js';
import type { Seeded } from '../../test-support/http-fixtures.js';
import { grantWorkingDays } from './service.js';

describe.each(ENGINES)('working days of a leave grant on %s', (engine) => {
  let t: TestDatabase;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    seeded = await seed(t);
  });
  afterAll(() => t?.drop());

  it('counts a grant across the year end in both years, so the length limit applies', async () => {
    const a = seeded.employees.a;
    // Mon-Fri schedule: 28-31 Dec 2026 are 4 working days; 1-15 Jan 2027 are 11.
    const december = await grantWorkingDays(t.db, a, '2026-12-28', '2026-12-31');
    const january = await grantWorkingDays(t.db, a, '2027-01-01', '2027-01-15');
    expect([december, january]).toEqual([4, 11]);
    const days = await grantWorkingDays(t.db, a, '2026-12-28', '2027-01-15');
    expect(days).toBe(december + january);
    const grant = { id: 'l1', employeeId: a, type: 'cuti_tahunan', from: '2026-12-28', to: '2027-01-15' };
    expect(checkLeaveGrant(grant, 'pns', LEAVE_BY_CODE, days)).toMatchObject({
      ok: false,
      details: [{ field: 'to', reason: 'max_days' }],
    });
  });

  it('counts 0 for reversed dates and skips holidays', async () => {
    expect(await grantWorkingDays(t.db, seeded.employees.a, '2026-03-05', '2026-03-02')).toBe(0);
    // 16-20 March 2026: Nyepi (19th) and cuti bersama (18th, 20th) are no working days.
    expect(await grantWorkingDays(t.db, seeded.employees.a, '2026-03-16', '2026-03-20')).toBeLessThan(5);
  });
});
