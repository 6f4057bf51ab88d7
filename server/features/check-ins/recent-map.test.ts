import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentMap } from './contacts.js';

describe('RecentMap (the device contacts kept in memory)', () => {
  it('answers the latest value of a key, holds at most its bound, and forgets the oldest first', () => {
    const m = new RecentMap<number>(10);
    for (let i = 0; i < 100; i++) {
      m.set(`k${i}`, i);
      expect(m.size).toBeLessThanOrEqual(10);
      expect(m.get(`k${i}`)).toBe(i);
    }
    // The newest half at least is kept; the first keys are gone.
    for (let i = 95; i < 100; i++) expect(m.get(`k${i}`)).toBe(i);
    expect(m.get('k0')).toBeUndefined();
    expect(m.get('k50')).toBeUndefined();
  });

  it('keeps a key noted again over a change of generation, with its newest value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer()), { maxLength: 300 }),
        fc.integer({ min: 2, max: 20 }),
        (ops, max) => {
          const m = new RecentMap<number>(max);
          const latest = new Map<string, number>();
          const order: string[] = [];
          for (const [k, v] of ops) {
            const key = `d${k}`;
            m.set(key, v);
            latest.set(key, v);
            order.push(key);
            expect(m.size).toBeLessThanOrEqual(max);
            // Whatever it still holds is the newest value, never a stale one.
            for (const [kk, vv] of latest) {
              const got = m.get(kk);
              if (got !== undefined) expect(got).toBe(vv);
            }
            // The key just noted, and the last few distinct keys, are always there.
            const recent = [...new Set(order.slice().reverse())].slice(0, Math.floor(max / 2));
            for (const r of recent) expect(m.get(r)).toBe(latest.get(r));
          }
        },
      ),
    );
  });
});
