import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './throttle.js';

describe('failed-login throttle (sliding window)', () => {
  const t0 = 1_000_000;

  it('allows max failures, then asks to wait until the oldest leaves the window', () => {
    const th = new FailureThrottle({ max: 3, windowMs: 60_000 });
    th.fail('a', t0);
    th.fail('a', t0 + 10_000);
    expect(th.retryAfter('a', t0 + 10_000)).toBe(0);
    th.fail('a', t0 + 20_000);
    expect(th.retryAfter('a', t0 + 20_000)).toBe(40);
    expect(th.retryAfter('a', t0 + 59_999)).toBe(1);
    // The first failure leaves the window at t0 + 60 s.
    expect(th.retryAfter('a', t0 + 60_000)).toBe(0);
  });

  it('keeps keys apart and forgets on clear', () => {
    const th = new FailureThrottle({ max: 1, windowMs: 60_000 });
    th.fail('a', t0);
    expect(th.retryAfter('a', t0)).toBeGreaterThan(0);
    expect(th.retryAfter('b', t0)).toBe(0);
    th.clear('a');
    expect(th.retryAfter('a', t0)).toBe(0);
  });

  it('lists the keys refused now, and only while their failures are in the window', () => {
    const th = new FailureThrottle({ max: 2, windowMs: 60_000 });
    th.fail('a', t0);
    th.fail('a', t0 + 1);
    th.fail('b', t0);
    expect(th.blocked(t0 + 1)).toEqual(['a']);
    expect(th.blocked(t0 + 60_001)).toEqual([]);
  });

  it('undo takes back one failure', () => {
    const th = new FailureThrottle({ max: 2, windowMs: 60_000 });
    th.fail('a', t0);
    th.fail('a', t0 + 1);
    th.undo('a', t0 + 1);
    expect(th.retryAfter('a', t0 + 1)).toBe(0);
  });

  it('bounds memory by forgetting the oldest key', () => {
    const th = new FailureThrottle({ max: 1, windowMs: 60_000, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd']) th.fail(k, t0);
    expect(th.size).toBe(3);
    expect(th.retryAfter('a', t0)).toBe(0);
    expect(th.retryAfter('d', t0)).toBeGreaterThan(0);
  });
});
