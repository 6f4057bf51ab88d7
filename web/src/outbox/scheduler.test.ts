import { describe, expect, it } from 'vitest';
import { FlushScheduler } from './scheduler.js';
import type { FlushOutcome } from './sync.js';

/** A scheduler over a scripted flush and a hand-driven timer. */
function harness(outcomes: FlushOutcome[]) {
  let now = 1_000_000;
  const timers: { fn: () => void; at: number }[] = [];
  const calls: number[] = [];
  const s = new FlushScheduler({
    flush: () => {
      calls.push(now);
      return Promise.resolve(outcomes.shift() ?? { kind: 'done' });
    },
    now: () => now,
    random: () => 0,
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  return {
    s,
    calls,
    timers,
    /** Moves time to the next timer and fires it. */
    async fire() {
      const t = timers.shift();
      if (!t) throw new Error('no timer');
      now = t.at;
      t.fn();
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('flush scheduler', () => {
  it('backs off exponentially while flushes fail, and resets after a success', async () => {
    const h = harness([{ kind: 'retry' }, { kind: 'retry' }, { kind: 'retry' }, { kind: 'done' }]);
    await h.s.trigger('start');
    expect(h.timers.map((t) => t.at - h.calls[0]!)).toEqual([1000]);
    await h.fire();
    expect(h.timers[0]!.at - h.calls[1]!).toBe(2000);
    await h.fire();
    expect(h.timers[0]!.at - h.calls[2]!).toBe(4000);
    await h.fire();
    expect(h.calls).toHaveLength(4);
    expect(h.timers).toHaveLength(0);
    expect(h.s.failureCount).toBe(0);
  });

  it('honours Retry-After: automatic triggers inside the window wait, the employee’s own press does not', async () => {
    const h = harness([{ kind: 'retry', retryAfter: 30 }, { kind: 'done' }]);
    await h.s.trigger('start');
    expect(h.timers[0]!.at - h.calls[0]!).toBe(30_000);
    h.advance(10_000);
    await h.s.trigger('online');
    await h.s.trigger('visible');
    await h.s.trigger('sync');
    expect(h.calls).toHaveLength(1);
    await h.s.trigger('manual');
    expect(h.calls).toHaveLength(2);
    // The success cleared the timer.
    expect(h.timers).toHaveLength(0);
  });

  it('runs one flush at a time and one more for triggers that came during it', async () => {
    let release: () => void = () => {};
    let running = 0;
    let maxRunning = 0;
    let count = 0;
    const s = new FlushScheduler({
      flush: async () => {
        count++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (count === 1) await new Promise<void>((r) => (release = r));
        running--;
        return { kind: 'done' };
      },
    });
    const first = s.trigger('start');
    void s.trigger('online');
    void s.trigger('saved');
    release();
    await first;
    expect(count).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('the network coming back during a failing flush is tried at once, not after the backoff', async () => {
    // Offline for a while: three failures, the backoff at 4 s and growing.
    let release: (o: FlushOutcome) => void = () => {};
    const outcomes: FlushOutcome[] = [{ kind: 'retry' }, { kind: 'retry' }, { kind: 'retry' }];
    const timers: number[] = [];
    let calls = 0;
    const s = new FlushScheduler({
      flush: () => {
        calls++;
        const next = outcomes.shift();
        if (next !== undefined) return Promise.resolve(next);
        // The fourth flush is under way when the phone comes online; it fails (its request
        // left while offline), the one after it succeeds.
        if (calls === 4) return new Promise<FlushOutcome>((r) => (release = r));
        return Promise.resolve({ kind: 'done' });
      },
      random: () => 0,
      setTimer: (_fn, ms) => timers.push(ms),
      clearTimer: () => {},
    });
    await s.trigger('start');
    await s.trigger('timer');
    await s.trigger('timer');
    expect(timers).toEqual([1000, 2000, 4000]);
    const fourth = s.trigger('timer');
    void s.trigger('online');
    release({ kind: 'retry' });
    await fourth;
    expect(calls).toBe(5);
    expect(s.failureCount).toBe(0);
    expect(timers).toEqual([1000, 2000, 4000]);
  });

  it('a trigger other than the network or the employee during a failing flush waits for the timer', async () => {
    let release: (o: FlushOutcome) => void = () => {};
    let calls = 0;
    const timers: number[] = [];
    const s = new FlushScheduler({
      flush: () => {
        calls++;
        return calls === 1
          ? new Promise<FlushOutcome>((r) => (release = r))
          : Promise.resolve({ kind: 'done' });
      },
      random: () => 0,
      setTimer: (_fn, ms) => timers.push(ms),
      clearTimer: () => {},
    });
    const first = s.trigger('start');
    void s.trigger('visible');
    release({ kind: 'retry' });
    await first;
    expect(calls).toBe(1);
    expect(timers).toEqual([1000]);
  });

  it('a flush that throws (a bug, a broken store) is retried on the timer rather than never', async () => {
    let n = 0;
    const timers: number[] = [];
    const s = new FlushScheduler({
      flush: () =>
        n++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve({ kind: 'done' as const }),
      random: () => 0,
      setTimer: (_fn, ms) => timers.push(ms),
      clearTimer: () => {},
    });
    await s.trigger('start');
    expect(timers).toEqual([1000]);
  });
});
