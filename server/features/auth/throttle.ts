/**
 * Failed-attempt throttle: at most `max` failures per key within a sliding window, kept
 * in memory. The sign-in uses three (service.ts, `AuthService.login`: per account and
 * place, per account over all unknown clients, per address), the password change one.
 *
 * Memory is bounded: past `maxKeys` the oldest key is forgotten first. With several API
 * nodes each keeps its own count, which only loosens the limit by the number of nodes.
 */
export interface ThrottleOptions {
  max: number;
  windowMs: number;
  /** Most keys remembered; default 100 000. */
  maxKeys?: number;
}

export class FailureThrottle {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  /** key → failure instants, oldest first. Map order = insertion order, used for eviction. */
  readonly #failures = new Map<string, number[]>();

  constructor(opts: ThrottleOptions) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs;
    this.#maxKeys = opts.maxKeys ?? 100_000;
  }

  #recent(key: string, now: number): number[] | undefined {
    const list = this.#failures.get(key);
    if (!list) return undefined;
    const cutoff = now - this.#windowMs;
    let drop = 0;
    while (drop < list.length && (list[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) {
      this.#failures.delete(key);
      return undefined;
    }
    return list;
  }

  /**
   * Seconds until another attempt is allowed, or 0 when one is allowed now.
   *
   * @example throttle.retryAfter('198503302003121002', Date.now()) // 0
   */
  retryAfter(key: string, now: number): number {
    const list = this.#recent(key, now);
    if (!list || list.length < this.#max) return 0;
    // The attempt is allowed again once enough old failures leave the window.
    const freeing = list[list.length - this.#max] ?? now;
    return Math.max(1, Math.ceil((freeing + this.#windowMs - now) / 1000));
  }

  /** Records one failed attempt. */
  fail(key: string, now: number): void {
    const list = this.#recent(key, now);
    if (list) {
      list.push(now);
      // Keep no more than needed to decide.
      if (list.length > this.#max) list.splice(0, list.length - this.#max);
      return;
    }
    if (this.#failures.size >= this.#maxKeys) {
      const oldest = this.#failures.keys().next();
      if (!oldest.done) this.#failures.delete(oldest.value);
    }
    this.#failures.set(key, [now]);
  }

  /** Takes back one failure recorded at `at` (an attempt counted in advance that succeeded). */
  undo(key: string, at: number): void {
    const list = this.#failures.get(key);
    if (!list) return;
    const i = list.lastIndexOf(at);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#failures.delete(key);
  }

  /** The instants of the key's failures still in the window, oldest first. */
  failures(key: string, now: number): readonly number[] {
    return [...(this.#recent(key, now) ?? [])];
  }

  /** Forgets a key's failures (after a successful login). */
  clear(key: string): void {
    this.#failures.delete(key);
  }

  /** Forgets the failures of every key that starts with `prefix` (an admin's unlock; walks every key). */
  clearPrefix(prefix: string): void {
    for (const key of [...this.#failures.keys()]) if (key.startsWith(prefix)) this.#failures.delete(key);
  }

  /** The keys refused right now (their failures reached `max` within the window; walks every key). */
  blocked(now: number): string[] {
    return [...this.#failures.keys()].filter((key) => this.retryAfter(key, now) > 0);
  }

  /** Keys currently remembered. */
  get size(): number {
    return this.#failures.size;
  }
}
