/**
 * How long to wait before the next automatic send. Exponential with jitter so that a
 * regency's phones, refused together at 07:00, do not all come back in the same second;
 * never earlier than the server's Retry-After.
 */

/** First wait after a failure, ms. */
export const BACKOFF_BASE_MS = 2_000;
/** Longest wait between automatic tries, ms. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait after `failures` consecutive failed flushes (1 = the first failure).
 * Without Retry-After: "equal jitter", a uniformly random point in the upper half of
 * min(max, base·2^(failures−1)). With Retry-After: that many seconds, plus up to half
 * again at random.
 *
 * @example backoffMs(1, undefined, () => 0) // 1000
 * @example backoffMs(3, 10, () => 0) // 10000
 */
export function backoffMs(failures: number, retryAfterSec: number | undefined, random: () => number): number {
  if (retryAfterSec !== undefined && retryAfterSec > 0) {
    const floor = retryAfterSec * 1000;
    return Math.round(floor + random() * floor * 0.5);
  }
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
