/**
 * When the outbox is flushed: at app start, when the phone comes online, when the page
 * becomes visible, when the service worker relays a Background Sync, when the employee
 * presses "Kirim sekarang", and on a timer that backs off exponentially (with jitter,
 * never before Retry-After) while sends keep failing. One flush at a time; a trigger
 * during a flush runs one more after it.
 */
import { backoffMs } from './backoff.js';
import type { FlushOutcome } from './sync.js';

export type Trigger = 'start' | 'online' | 'visible' | 'sync' | 'timer' | 'manual' | 'saved';

export interface SchedulerDeps {
  flush: () => Promise<FlushOutcome>;
  /** Called after every flush (the page re-reads the outbox). */
  onSettled?: (outcome: FlushOutcome) => void;
  now?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class FlushScheduler {
  private running: Promise<void> | null = null;
  private again = false;
  /**
   * "Kirim sekarang" was pressed, or the phone came back online, while a flush ran: that
   * flush may have been stuck on a dead request or failed for want of a network that is
   * here now, so its failure says nothing about the next try.
   */
  private urgentAgain = false;
  private failures = 0;
  private timer: unknown = null;
  /** The server asked not to be called before this instant (Retry-After). */
  private notBefore = 0;
  /** When the next timed try is due, ms (for display), or null. */
  nextTryAt: number | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Consecutive failed flushes so far. */
  get failureCount(): number {
    return this.failures;
  }

  /**
   * Asks for a flush. Automatic triggers inside a Retry-After window wait for the timer;
   * the employee's own "send now" and a fresh press go at once.
   */
  trigger(reason: Trigger): Promise<void> {
    const automatic = reason !== 'manual' && reason !== 'saved' && reason !== 'timer';
    if (automatic && this.now() < this.notBefore) return Promise.resolve();
    if (this.running !== null) {
      this.again = true;
      if (reason === 'manual' || reason === 'online') this.urgentAgain = true;
      return this.running;
    }
    this.cancelTimer();
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer (sign-out, page teardown). */
  stop(): void {
    this.cancelTimer();
  }

  private async loop(): Promise<void> {
    let outcome: FlushOutcome;
    let urgentRetried = false;
    for (;;) {
      this.again = false;
      this.urgentAgain = false;
      try {
        outcome = await this.deps.flush();
      } catch {
        // A bug or a broken IndexedDB: keep trying on the backoff timer rather than never.
        outcome = { kind: 'retry' };
      }
      if (this.again && outcome.kind === 'done') continue;
      // The employee pressed "Kirim sekarang" while this flush was stuck (a request that
      // timed out, say), or the network came back while it failed without one: one more
      // try now, unless the server asked to wait. Otherwise the punch would sit out the
      // whole backoff (minutes after a long outage) with the network already there.
      const urgent = this.urgentAgain;
      if (urgent && !urgentRetried && outcome.kind === 'retry' && outcome.retryAfter === undefined) {
        urgentRetried = true;
        continue;
      }
      break;
    }
    this.settle(outcome);
    this.deps.onSettled?.(outcome);
  }

  private settle(outcome: FlushOutcome): void {
    if (outcome.kind !== 'retry') {
      this.failures = 0;
      this.notBefore = 0;
      return;
    }
    this.failures++;
    const wait = backoffMs(this.failures, outcome.retryAfter, this.random);
    this.notBefore = outcome.retryAfter !== undefined ? this.now() + outcome.retryAfter * 1000 : 0;
    this.nextTryAt = this.now() + wait;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.nextTryAt = null;
      void this.trigger('timer');
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.nextTryAt = null;
  }
}
