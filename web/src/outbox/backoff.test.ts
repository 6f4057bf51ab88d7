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

  it('never comes back before Retry-After, and spreads above it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3600 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ra, n, r) => {
          const ms = backoffMs(n, ra, () => r);
          expect(ms).toBeGreaterThanOrEqual(ra * 1000);
          expect(ms).toBeLessThanOrEqual(Math.max(ra * 1500, BACKOFF_MAX_MS));
        },
      ),
    );
  });

  it('still grows with the failures while the server keeps advising a short Retry-After', () => {
    // A server at its limit says "1 s" every time; phones must not answer every second.
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => backoffMs(n, 1, () => 0));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 150000, 150000]);
    expect(backoffMs(20, 1, () => 1)).toBe(BACKOFF_MAX_MS);
  });

  it('never waits longer than the cap, or half again a Retry-After longer than the cap', () => {
    // A Retry-After just under the cap, after many failures: the jitter on top of it must
    // not carry the wait past the cap.
    expect(backoffMs(9, 200, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(9, 250, () => 1)).toBe(375_000);
    // Every Retry-After up to an hour, at the highest jitter, whatever the failure count.
    for (let ra = 1; ra <= 3600; ra++) {
      for (const n of [1, 5, 9, 20]) {
        const ms = backoffMs(n, ra, () => 1);
        expect(ms).toBeGreaterThanOrEqual(ra * 1000);
        expect(ms).toBeLessThanOrEqual(Math.max(BACKOFF_MAX_MS, ra * 1500));
      }
    }
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
