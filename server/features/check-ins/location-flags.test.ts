import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLAG_IMPOSSIBLE_SPEED,
  FLAG_SAME_COORDINATES,
  RECENT_PER_EMPLOYEE,
  RecentPunches,
  locationFlags,
  punchKey,
  recentPunch,
  type RecentPunch,
} from './location-flags.js';

/** What the kept punches must be: a list per employee, sorted by time, the oldest dropped. */
class ListModel {
  readonly #by = new Map<number, RecentPunch[]>();
  get(id: number): RecentPunch[] {
    return this.#by.get(id) ?? [];
  }
  note(id: number, p: RecentPunch): void {
    const list = this.#by.get(id) ?? [];
    this.#by.set(id, list);
    if (list.some((q) => q.key === p.key)) return;
    list.push(p);
    list.sort((a, b) => a.at - b.at);
    if (list.length > RECENT_PER_EMPLOYEE) list.shift();
  }
}

const punchArb = fc.record({
  key: fc.integer({ min: 0, max: 30 }),
  at: fc.integer({ min: 0, max: 20 }),
  day: fc.integer({ min: 20_000, max: 20_010 }),
  lat: fc.double({ min: -10, max: 5, noNaN: true }),
  lon: fc.double({ min: 95, max: 141, noNaN: true }),
  accuracy: fc.integer({ min: 0, max: 200 }),
});

describe('RecentPunches', () => {
  it('keeps what a sorted list of the last few per employee keeps, across growth of its storage', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), punchArb), { maxLength: 120 }),
        fc.array(fc.tuple(fc.integer({ min: 5, max: 3000 }), punchArb), { maxLength: 400 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), punchArb), { maxLength: 80 }),
        (first, spread, again) => {
          const kept = new RecentPunches();
          const model = new ListModel();
          // A few employees in neighbouring slots, filled; then many (the storage grows past
          // its first size); then the few again.
          const all = [...first, ...spread, ...again];
          for (const [id, p] of all) {
            kept.note(id, p);
            model.note(id, p);
          }
          for (const id of new Set(all.map(([id]) => id))) expect(kept.get(id)).toEqual(model.get(id));
          expect(kept.get(99_999)).toEqual([]);
        },
      ),
    );
  });

  it('drops a punch older than all of a full slot without touching the neighbouring slot', () => {
    const kept = new RecentPunches();
    const p = (key: number, at: number): RecentPunch => ({
      key,
      at,
      day: 20_000,
      lat: -6,
      lon: 106,
      accuracy: 5,
    });
    for (const id of [1, 2])
      for (let k = 1; k <= RECENT_PER_EMPLOYEE; k++) kept.note(id, p(id * 100 + k, k * 10));
    const before = [kept.get(1), kept.get(2)];
    kept.note(2, p(299, 5));
    expect([kept.get(1), kept.get(2)]).toEqual(before);
    kept.note(2, p(298, 15));
    expect(kept.get(1)).toEqual(before[0]);
    expect(kept.get(2).map((q) => q.at)).toEqual([15, 20, 30, 40]);
  });

  it('holds more employees than its first storage without mixing them up', () => {
    const kept = new RecentPunches();
    for (let id = 1; id <= 5000; id++) {
      kept.note(id, { key: id, at: id * 10, day: 20_000, lat: -6 - id / 1e5, lon: 106, accuracy: id % 50 });
    }
    expect(kept.size).toBe(5000);
    expect(kept.get(1)).toEqual([{ key: 1, at: 10, day: 20_000, lat: -6.00001, lon: 106, accuracy: 1 }]);
    expect(kept.get(4321)).toEqual([
      { key: 4321, at: 43_210, day: 20_000, lat: -6 - 4321 / 1e5, lon: 106, accuracy: 21 },
    ]);
  });
});

describe('punchKey', () => {
  it('tells apart the ids of one employee’s days and is a whole number a double holds exactly', () => {
    const ids = [
      '019af6a0-0000-7000-8000-000000000001',
      '019af6a0-0000-7000-8000-000000000002',
      '019af6a0-0000-7000-8000-000000000010',
      '019af6a1-0000-7000-8000-000000000001',
    ];
    const keys = ids.map(punchKey);
    expect(new Set(keys).size).toBe(ids.length);
    for (const k of keys) expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
    expect(punchKey(ids[0]!)).toBe(keys[0]);
  });
});

describe('locationFlags with kept punches', () => {
  const base = { id: '019af6a0-0000-7000-8000-0000000000aa', lat: -6.2, lon: 106.8, accuracy: 10 };
  it('flags the same coordinates as on an earlier day, and an impossible trip, never against itself', () => {
    const yesterday = recentPunch({
      ...base,
      id: '019af6a0-0000-7000-8000-0000000000ab',
      at: 0,
      workDate: '2026-12-06',
    });
    const today = recentPunch({ ...base, at: 86_400_000, workDate: '2026-12-07' });
    expect(locationFlags(today, [yesterday], null)).toEqual([FLAG_SAME_COORDINATES]);
    // The same punch again (a resend) is not its own neighbour.
    expect(locationFlags(today, [today], null)).toEqual([]);
    const far = recentPunch({
      ...base,
      id: '019af6a0-0000-7000-8000-0000000000ac',
      at: 86_400_000 + 60_000,
      workDate: '2026-12-07',
      lat: -7.2,
    });
    expect(locationFlags(far, [yesterday, today], null)).toEqual([FLAG_IMPOSSIBLE_SPEED]);
  });
});
