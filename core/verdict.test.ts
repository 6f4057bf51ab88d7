import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { LatLon, Location, Position, Unit, WeeklySchedule, WorkDay, Zone } from './model.js';
import { evaluatePunch } from './verdict.js';
import type { EmployeeContext, PunchInput } from './verdict.js';
import { zonedToInstant } from './time.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

// Sites in each zone: Kota Bandung (WIB), Kota Makassar (WITA), Kota Jayapura (WIT).
const SITES: Record<'WIB' | 'WITA' | 'WIT', { zone: Zone; center: LatLon }> = {
  WIB: { zone: 'Asia/Jakarta', center: { lat: -6.9175, lon: 107.6191 } },
  WITA: { zone: 'Asia/Makassar', center: { lat: -5.1477, lon: 119.4327 } },
  WIT: { zone: 'Asia/Jayapura', center: { lat: -2.5337, lon: 140.7181 } },
};

/** Perpres 21/2023: 07:30 start; Mon-Thu to 16:00, Fri to 16:30; check-in 06:00-10:00, check-out 14:00-20:00. */
function day(end: number): WorkDay {
  return { start: 450, end, checkInFrom: 360, checkInUntil: 600, checkOutFrom: 840, checkOutUntil: 1200 };
}
const SCHEDULE: WeeklySchedule = {
  id: 1,
  unitId: 1,
  name: 'Lima hari kerja',
  effectiveFrom: '2025-01-01',
  days: [day(960), day(960), day(960), day(960), day(990), null, null],
};

function ctxAt(zone: Zone, center: LatLon, extra: Partial<EmployeeContext> = {}): EmployeeContext {
  const unit: Unit = { id: 1, parentId: null, name: 'Pemda', kind: 'pemda', zone };
  const site: Location = {
    id: 10,
    unitId: 1,
    name: 'Kantor',
    zone,
    shape: { type: 'circle', center, radiusM: 100 },
    active: true,
  };
  return { unitChain: [unit], locations: [site], schedules: [SCHEDULE], ...extra };
}

function at(center: LatLon, accuracy = 10): Position {
  return { ...center, accuracy };
}

// Monday 2 March 2026; Saturday 7 March 2026.
const MONDAY = '2026-03-02';

describe('evaluatePunch: lateness in the site zone', () => {
  it('counts 07:31 WITA as 07:31 local (1 minute late), not 06:31', () => {
    const { zone, center } = SITES.WITA;
    const v = evaluatePunch(
      { kind: 'in', at: utc(2026, 3, 1, 23, 31), position: at(center) },
      ctxAt(zone, center),
    );
    expect(v).toEqual({
      workDate: MONDAY,
      zone: 'Asia/Makassar',
      localTime: '07:31:00',
      fence: { status: 'inside', locationId: 10, locationName: 'Kantor', distanceM: 0, byAccuracy: false },
      timing: {
        window: 'ok',
        lateMinutes: 1,
        earlyMinutes: 0,
        scheduledStart: '07:30',
        scheduledEnd: '16:00',
      },
    });
  });

  it.each([
    // zone, UTC instant, local time, late minutes
    ['WITA', utc(2026, 3, 1, 23, 30, 59, 999), '07:30:59', 0],
    ['WITA', utc(2026, 3, 1, 23, 30, 0), '07:30:00', 0],
    ['WITA', utc(2026, 3, 1, 23, 0, 0), '07:00:00', 0],
    ['WITA', utc(2026, 3, 2, 0, 31, 0), '08:31:00', 61],
    ['WIT', utc(2026, 3, 1, 22, 31, 0), '07:31:00', 1],
    ['WIT', utc(2026, 3, 1, 22, 30, 59), '07:30:59', 0],
    ['WIB', utc(2026, 3, 2, 0, 31, 0), '07:31:00', 1],
    ['WIB', utc(2026, 3, 2, 0, 30, 59), '07:30:59', 0],
  ] as const)('%s punch-in at %d is %s local, %d minutes late', (name, ms, localTime, late) => {
    const { zone, center } = SITES[name];
    const v = evaluatePunch({ kind: 'in', at: ms, position: at(center) }, ctxAt(zone, center));
    expect(v.zone).toBe(zone);
    expect(v.workDate).toBe(MONDAY);
    expect(v.localTime).toBe(localTime);
    expect(v.timing).toMatchObject({ window: 'ok', lateMinutes: late, earlyMinutes: 0 });
  });

  it('takes the work date from the site zone: 23:30 UTC Sunday is Monday in WIT', () => {
    const { zone, center } = SITES.WIT;
    const v = evaluatePunch(
      { kind: 'in', at: utc(2026, 3, 1, 23, 30), position: at(center) },
      ctxAt(zone, center),
    );
    expect(v).toMatchObject({ workDate: MONDAY, localTime: '08:30:00' });
    expect(v.timing).toMatchObject({ window: 'ok', lateMinutes: 60 });
  });
});

describe('evaluatePunch: early leave', () => {
  it.each([
    // zone, UTC instant, local time, early minutes
    ['WITA', utc(2026, 3, 2, 7, 59, 0), '15:59:00', 1],
    ['WITA', utc(2026, 3, 2, 7, 59, 30), '15:59:30', 0],
    ['WITA', utc(2026, 3, 2, 8, 0, 0), '16:00:00', 0],
    ['WITA', utc(2026, 3, 2, 7, 0, 0), '15:00:00', 60],
    ['WIT', utc(2026, 3, 2, 6, 59, 0), '15:59:00', 1],
    ['WIT', utc(2026, 3, 2, 6, 59, 30), '15:59:30', 0],
    ['WIB', utc(2026, 3, 2, 8, 59, 0), '15:59:00', 1],
    ['WIB', utc(2026, 3, 2, 8, 59, 30), '15:59:30', 0],
    ['WIB', utc(2026, 3, 2, 11, 0, 0), '18:00:00', 0],
  ] as const)('%s punch-out at %d is %s local, %d minutes early', (name, ms, localTime, early) => {
    const { zone, center } = SITES[name];
    const v = evaluatePunch({ kind: 'out', at: ms, position: at(center) }, ctxAt(zone, center));
    expect(v.localTime).toBe(localTime);
    expect(v.timing).toMatchObject({
      window: 'ok',
      lateMinutes: 0,
      earlyMinutes: early,
      scheduledEnd: '16:00',
    });
  });

  it('uses the Friday end (16:30)', () => {
    const { zone, center } = SITES.WIB;
    const v = evaluatePunch(
      { kind: 'out', at: utc(2026, 3, 6, 9, 0), position: at(center) },
      ctxAt(zone, center),
    );
    expect(v.timing).toMatchObject({ earlyMinutes: 30, scheduledEnd: '16:30' });
  });

  it('counts whole minutes in every zone, for any second of the day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SITES.WIB, SITES.WITA, SITES.WIT),
        fc.integer({ min: 0, max: 2 * 3600 }),
        ({ zone, center }, s) => {
          const ctx = ctxAt(zone, center);
          const late = evaluatePunch(
            { kind: 'in', at: zonedToInstant(MONDAY, 450, zone) + s * 1000, position: at(center) },
            ctx,
          );
          expect(late.timing.lateMinutes).toBe(Math.floor(s / 60));
          const early = evaluatePunch(
            { kind: 'out', at: zonedToInstant(MONDAY, 960, zone) - s * 1000, position: at(center) },
            ctx,
          );
          expect(early.timing.earlyMinutes).toBe(Math.floor(s / 60));
          const before = evaluatePunch(
            { kind: 'in', at: zonedToInstant(MONDAY, 450, zone) - s * 1000, position: at(center) },
            ctx,
          );
          expect(before.timing.lateMinutes).toBe(0);
        },
      ),
    );
  });
});

describe('evaluatePunch: windows and days', () => {
  const { zone, center } = SITES.WIB;
  const ctx = ctxAt(zone, center);
  const punch = (kind: PunchInput['kind'], ms: number) =>
    evaluatePunch({ kind, at: ms, position: at(center) }, ctx);

  it.each([
    // kind, UTC instant (WIB = UTC+7), window, late, early
    ['in', utc(2026, 3, 1, 22, 59, 59), 'before_window', 0, 0], // 05:59:59
    ['in', utc(2026, 3, 1, 23, 0, 0), 'ok', 0, 0], // 06:00:00
    ['in', utc(2026, 3, 2, 3, 0, 59), 'ok', 150, 0], // 10:00:59, still the minute 10:00
    ['in', utc(2026, 3, 2, 3, 1, 0), 'after_window', 151, 0], // 10:01:00
    ['out', utc(2026, 3, 2, 6, 59, 59), 'before_window', 0, 120], // 13:59:59
    ['out', utc(2026, 3, 2, 7, 0, 0), 'ok', 0, 120], // 14:00:00
    ['out', utc(2026, 3, 2, 13, 0, 59), 'ok', 0, 0], // 20:00:59
    ['out', utc(2026, 3, 2, 13, 1, 0), 'after_window', 0, 0], // 20:01:00
  ] as const)('%s at %d → %s (late %d, early %d)', (kind, ms, window, late, early) => {
    expect(punch(kind, ms).timing).toMatchObject({ window, lateMinutes: late, earlyMinutes: early });
  });

  it('says day_off on a Saturday of a 5-day week', () => {
    const v = punch('in', utc(2026, 3, 7, 1, 0));
    expect(v.workDate).toBe('2026-03-07');
    expect(v.timing).toEqual({
      window: 'day_off',
      lateMinutes: 0,
      earlyMinutes: 0,
      scheduledStart: null,
      scheduledEnd: null,
    });
  });

  it('says no_schedule without a schedule in force', () => {
    const none = evaluatePunch(
      { kind: 'in', at: utc(2026, 3, 2, 1, 0), position: at(center) },
      { ...ctx, schedules: [] },
    );
    expect(none.timing).toEqual({
      window: 'no_schedule',
      lateMinutes: 0,
      earlyMinutes: 0,
      scheduledStart: null,
      scheduledEnd: null,
    });
    const future = { ...SCHEDULE, effectiveFrom: '2026-04-01' };
    expect(
      evaluatePunch(
        { kind: 'in', at: utc(2026, 3, 2, 1, 0), position: at(center) },
        { ...ctx, schedules: [future] },
      ).timing.window,
    ).toBe('no_schedule');
  });
});

describe('evaluatePunch: which zone', () => {
  it("uses the matched location's zone over the unit's", () => {
    const { zone, center } = SITES.WIT;
    const ctx = ctxAt(zone, center);
    ctx.unitChain = [{ ...ctx.unitChain[0]!, zone: 'Asia/Jakarta' }];
    const v = evaluatePunch({ kind: 'in', at: utc(2026, 3, 1, 22, 31), position: at(center) }, ctx);
    expect(v).toMatchObject({ zone: 'Asia/Jayapura', localTime: '07:31:00', workDate: MONDAY });
  });

  it("uses the nearest location's zone when outside every fence", () => {
    const { zone, center } = SITES.WITA;
    const ctx = ctxAt(zone, center);
    ctx.unitChain = [{ ...ctx.unitChain[0]!, zone: 'Asia/Jakarta' }];
    const away = { lat: center.lat + 0.01, lon: center.lon };
    const v = evaluatePunch({ kind: 'in', at: utc(2026, 3, 1, 23, 31), position: at(away) }, ctx);
    expect(v.fence).toMatchObject({ status: 'outside', locationId: 10 });
    expect(v).toMatchObject({ zone: 'Asia/Makassar', localTime: '07:31:00' });
    expect(v.timing.lateMinutes).toBe(1);
  });

  it("uses the unit's zone without any location", () => {
    const { center } = SITES.WIT;
    const ctx = ctxAt('Asia/Jayapura', center, { locations: [] });
    const v = evaluatePunch({ kind: 'in', at: utc(2026, 3, 1, 23, 30), position: at(center) }, ctx);
    expect(v.fence.status).toBe('no_location');
    expect(v).toMatchObject({ zone: 'Asia/Jayapura', workDate: MONDAY, localTime: '08:30:00' });
  });

  it('uses the schedule inherited from a parent unit', () => {
    const { zone, center } = SITES.WIB;
    const ctx = ctxAt(zone, center);
    const child: Unit = { id: 2, parentId: 1, name: 'Puskesmas', kind: 'puskesmas', zone };
    const v = evaluatePunch(
      { kind: 'in', at: utc(2026, 3, 2, 0, 45), position: at(center) },
      { ...ctx, unitChain: [child, ...ctx.unitChain] },
    );
    expect(v.timing).toMatchObject({ window: 'ok', lateMinutes: 15 });
  });

  it('throws on an empty unit chain (a bug in the caller)', () => {
    const { zone, center } = SITES.WIB;
    expect(() =>
      evaluatePunch({ kind: 'in', at: 0, position: at(center) }, { ...ctxAt(zone, center), unitChain: [] }),
    ).toThrow(/empty unit chain/);
  });
});
