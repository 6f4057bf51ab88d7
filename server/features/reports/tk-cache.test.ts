/**
 * The TK count of closed months kept by the report worker (tk-cache.ts), on both engines:
 * a count served from it equals the count made from the events by a handle that keeps
 * nothing, after every kind of change a closed month can see — a punch arriving late, a
 * leave approved, an admin's entry, a review, a holiday added by another process, a move
 * — and a warm count loads no closed month again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import type { YearlyTk } from '../../../core/attendance/index.js';
import { addDays } from '../../../core/time.js';
import { uuidV7 } from '../../../core/uuid.js';
import { ChangeFeed, publishChange } from '../../platform/changes/feed.js';
import { openDatabase } from '../../platform/db/engine.js';
import type { DbHandle } from '../../platform/db/engine.js';
import { insertHoliday } from '../calendar/store.js';
import { insertPunches } from '../check-ins/store.js';
import { placeEmployee } from '../employees/placements.store.js';
import { updateEmployee } from '../employees/store.js';
import { insertAttendanceEntry } from '../entries/store.js';
import { insertLeaveRequest } from '../requests/store.js';
import { insertReview } from '../reviews/store.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { seed } from '../../test-support/http-fixtures.js';
import type { Seeded } from '../../test-support/http-fixtures.js';
import { syntheticPunch } from './punch-rows.js';
import { yearToDateTk, yearToDateTkOf } from './service.js';
import { TkCache } from './tk-cache.js';

const at = (date: string, hh: number) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:00:00+08:00`);

describe.each(ENGINES)('the kept TK count of closed months on %s', (engine) => {
  let t: TestDatabase;
  /** Another process's handle: keeps nothing, so it counts from the events. */
  let other: DbHandle;
  let feed: ChangeFeed;
  let cache: TkCache;
  let s: Seeded;
  const scope = () => ({ unitIds: Object.values(s.units) });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    s = await seed(t);
    await insertRuleSet(t.db, s.units.pemda, permentan68Preset('2026-01-01'), 0, null);
    other = openDatabase(t.options);
    feed = await ChangeFeed.open(t, { pollMs: 0 });
    cache = TkCache.attach(t.db, feed);
  });
  afterAll(async () => {
    cache?.detach();
    await feed?.close();
    await other?.close();
    await t?.drop();
  });

  /** The kept count and the count from the events, which must agree; returns the kept one. */
  async function count(month = '2026-11'): Promise<Map<number, YearlyTk>> {
    const kept = await yearToDateTkOf(t.db, scope(), month);
    const fromEvents = await yearToDateTkOf(other.db, scope(), month);
    expect(kept).toEqual(fromEvents);
    // One person's card counts the same, from the same cache.
    expect(await yearToDateTk(t.db, s.employees.a, month)).toEqual(fromEvents.get(s.employees.a));
    return kept;
  }
  const tkOf = (m: Map<number, YearlyTk>, id: number) => m.get(id)!.tkDays;

  it('counts a warm year without loading a closed month again', async () => {
    const first = await count();
    expect(tkOf(first, s.employees.a)).toBeGreaterThan(200);
    expect(cache.size).toBeGreaterThanOrEqual(3 * 11);
    const misses = cache.stats.misses;
    const hits = cache.stats.hits;
    expect(await yearToDateTkOf(t.db, scope(), '2026-11')).toEqual(first);
    expect(cache.stats.misses).toBe(misses);
    expect(cache.stats.hits - hits).toBeGreaterThanOrEqual(3 * 11);
  });

  it('sees a punch that arrives weeks late', async () => {
    const before = tkOf(await count(), s.employees.a);
    const rows = (['in', 'out'] as const).map((kind, i) =>
      syntheticPunch(
        uuidV7(at('2026-03-02', 7 + i * 10), Buffer.alloc(10, 1 + i)),
        s.employees.a,
        kind,
        at('2026-03-02', 7 + i * 10),
        'Asia/Makassar',
      ),
    );
    expect(await insertPunches(t.db, rows)).toHaveLength(2);
    expect(tkOf(await count(), s.employees.a)).toBe(before - 1);
  });

  it('sees an approved leave and an admin entry of a closed month', async () => {
    const before = await count();
    await insertLeaveRequest(t.db, {
      id: 'leave-april',
      employeeId: s.employees.b,
      type: 'cuti_tahunan',
      from: '2026-04-06',
      to: '2026-04-07',
      reason: 'urusan keluarga',
      attachmentSha256: null,
      status: 'approved',
      requestedAt: at('2026-04-01', 8),
      requestedBy: s.accounts.b,
      decidedAt: at('2026-04-02', 8),
      decidedBy: s.accounts.agency,
      decisionReason: null,
    });
    for (const kind of ['in', 'out'] as const)
      await insertAttendanceEntry(t.db, {
        id: `entry-may-${kind}`,
        employeeId: s.employees.a,
        kind,
        at: at('2026-05-04', kind === 'in' ? 7 : 17),
        workDate: '2026-05-04',
        source: 'admin',
        author: s.accounts.agency,
        note: 'mesin rusak',
        voids: null,
        requestId: null,
        createdAt: at('2026-05-05', 8),
      });
    const after = await count();
    expect(tkOf(after, s.employees.b)).toBe(tkOf(before, s.employees.b) - 2);
    expect(tkOf(after, s.employees.a)).toBe(tkOf(before, s.employees.a) - 1);
  });

  it("sees a review that rejects a closed month's punch", async () => {
    const before = tkOf(await count(), s.employees.a);
    const punches = await t.db
      .selectFrom('punches')
      .select('id')
      .where('employee_id', '=', s.employees.a)
      .where('work_date', '=', '2026-03-02')
      .execute();
    expect(punches).toHaveLength(2);
    // Both punches of the day rejected: the day is TK again.
    for (const p of punches)
      await insertReview(t.db, {
        punchId: p.id,
        decision: 'rejected',
        reason: 'bukan yang bersangkutan',
        decidedBy: s.accounts.agency,
        decidedAt: at('2026-03-10', 9),
      });
    expect(tkOf(await count(), s.employees.a)).toBe(before + 1);
  });

  it('sees a holiday added by another process, and a move into another unit', async () => {
    const before = await count();
    // Monday 8 June, added through the other handle: this one learns it from the log.
    await insertHoliday(other.db, { date: '2026-06-08', name: 'Hari Jadi Kabupaten', kind: 'regional' });
    const after = await count();
    for (const id of [s.employees.a, s.employees.b]) expect(tkOf(after, id)).toBe(tkOf(before, id) - 1);
    // B moves to the puskesmas on 15 July: July is counted by placement every time, not kept.
    await placeEmployee(t.db, {
      employeeId: s.employees.b,
      unitId: s.units.puskesmas,
      fromDate: '2026-07-15',
      previousUnitId: s.units.disdik,
      at: at('2026-07-10', 9),
      by: s.accounts.agency,
    });
    await updateEmployee(t.db, s.employees.b, { unitId: s.units.puskesmas });
    const moved = await count();
    expect(moved.get(s.employees.b)).toBeDefined();
    // Only the puskesmas: B counts from the day of the move.
    const puskesmas = await yearToDateTkOf(t.db, { unitIds: [s.units.puskesmas] }, '2026-11');
    expect(puskesmas).toEqual(await yearToDateTkOf(other.db, { unitIds: [s.units.puskesmas] }, '2026-11'));
    expect(tkOf(puskesmas, s.employees.b)).toBeLessThan(tkOf(moved, s.employees.b));
  });

  it('does not keep a month counted while a change of that person arrived', async () => {
    await count();
    const since = cache.begin();
    try {
      await publishChange(other.db, 'attendance', String(s.employees.a));
      await cache.fresh();
      expect(cache.get('2026-01', s.employees.a)).toBeUndefined();
      cache.put(
        '2026-01',
        s.employees.a,
        { seg: { tkDays: 0, lead: 0, trail: 0, longest: 0, allTk: true }, kind: 'pns' },
        since,
      );
      expect(cache.get('2026-01', s.employees.a)).toBeUndefined();
      // Someone else's month counted meanwhile is kept.
      cache.put(
        '2026-01',
        s.employees.admin,
        { seg: { tkDays: 1, lead: 1, trail: 1, longest: 1, allTk: true }, kind: 'pns' },
        since,
      );
      expect(cache.get('2026-01', s.employees.admin)?.seg.tkDays).toBe(1);
    } finally {
      cache.end();
    }
    // The planted segment is dropped by the next change of that person, and counts agree again.
    await publishChange(other.db, 'employee', String(s.employees.admin));
    await count();
  });

  it('comes back from its file after a restart, with the changes made meanwhile applied', async () => {
    const warm = await count();
    const dir = mkdtempSync(join(tmpdir(), 'hadir-tk-'));
    const file = join(dir, 'tk-months.bin');
    const restarted = openDatabase(t.options);
    let feed2: ChangeFeed | null = null;
    let cache2: TkCache | null = null;
    try {
      await cache.save(file);
      const saved = cache.size;
      // While this worker is down, another process stores a February punch of Andi's.
      const day = '2026-02-02';
      await insertPunches(other.db, [
        syntheticPunch(
          uuidV7(at(day, 7), Buffer.alloc(10, 9)),
          s.employees.a,
          'in',
          at(day, 7),
          'Asia/Makassar',
        ),
        syntheticPunch(
          uuidV7(at(day, 17), Buffer.alloc(10, 8)),
          s.employees.a,
          'out',
          at(day, 17),
          'Asia/Makassar',
        ),
      ]);
      feed2 = await ChangeFeed.open(restarted, { pollMs: 0 });
      cache2 = TkCache.attach(restarted.db, feed2);
      const restored = await cache2.restore(file);
      // Everyone's months but Andi's, which the punch dropped.
      expect(restored).toBe(saved - 11);
      expect(cache2.get('2026-01', s.employees.a)).toBeUndefined();
      expect(cache2.get('2026-01', s.employees.admin)).toBeDefined();
      const misses = cache2.stats.misses;
      const after = await yearToDateTkOf(restarted.db, scope(), '2026-11');
      expect(after).toEqual(await yearToDateTkOf(other.db, scope(), '2026-11'));
      expect(after.get(s.employees.a)!.tkDays).toBe(warm.get(s.employees.a)!.tkDays - 1);
      // Only the months not in the file were counted from the events: Andi's eleven, and
      // Budi's before his move to the puskesmas (not kept: he was not in his current unit).
      expect(cache2.stats.misses - misses).toBe(11 + 7);

      // A file of another database, or ahead of this log (an older backup restored), is ignored.
      const bytes = readFileSync(file);
      const foreign = Buffer.from(bytes);
      foreign.write('00000000-0000-4000-8000-000000000000', 8, 'latin1');
      writeFileSync(file, foreign);
      cache2.detach();
      cache2 = TkCache.attach(restarted.db, feed2);
      expect(await cache2.restore(file)).toBe(0);
      const ahead = Buffer.from(bytes);
      ahead.writeDoubleLE(1e12, 8 + 36);
      writeFileSync(file, ahead);
      expect(await cache2.restore(file)).toBe(0);
      writeFileSync(file, bytes.subarray(0, bytes.length - 3));
      expect(await cache2.restore(file)).toBe(0);
      expect(cache2.size).toBe(0);
    } finally {
      cache2?.detach();
      await feed2?.close();
      await restarted.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps only months over for a few days', () => {
    const now = Date.UTC(2026, 11, 7, 1);
    expect(TkCache.keeps('2026-11-30', now)).toBe(true);
    expect(TkCache.keeps(addDays('2026-12-07', -3), now)).toBe(false);
    expect(TkCache.keeps('2026-12-31', now)).toBe(false);
  });
});
