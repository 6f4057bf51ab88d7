import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffMs } from './backoff.js';

describe('backoff', () => {
  it('doubles per failure, with jitter in the upper half, capped', () => {
    expect(backoffMs(1, undefined, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffMs(1, undefined, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(3, undefined, () => 1)).toBe(BACKOFF_BASE_MS * 4);
    expect(backoffMs(40, undefined, () => 1)).toBe(BACKOFF_MAX_MS);
  });

  it('never comes back before Retry-After, and spreads at most half of it again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ra, n, r) => {
          const ms = backoffMs(n, ra, () => r);
          expect(ms).toBeGreaterThanOrEqual(ra * 1000);
          expect(ms).toBeLessThanOrEqual(ra * 1500);
        },
      ),
    );
  });

  it('spreads phones refused together over a range instead of one instant', () => {
    const waits = new Set(Array.from({ length: 50 }, (_, i) => backoffMs(4, undefined, () => i / 50)));
    expect(waits.size).toBe(50);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(BACKOFF_BASE_MS * 4);
      expect(w).toBeLessThanOrEqual(BACKOFF_BASE_MS * 8);
    }
  });
});
