/**
 * How long to wait before the next automatic send. Exponential with jitter so that a
 * regency's phones, refused together at 07:00 or cut off together by an outage, do not
 * all come back in the same second; never earlier than the server's Retry-After.
 */

/** First wait after a failure, ms. */
export const BACKOFF_BASE_MS = 2_000;
/** Longest wait between automatic tries, ms. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait after `failures` consecutive failed flushes (1 = the first failure): "equal
 * jitter", a uniformly random point in the upper half of min(max, base·2^(failures−1)).
 * Retry-After is a floor, not the whole answer: the wait never comes before it, and
 * still grows with the failures, so a server that keeps saying "1 s" through a long
 * overload is not called every second by every phone. Above a Retry-After longer than
 * the exponential wait, up to half of it again is added at random.
 *
 * @example backoffMs(1, undefined, () => 0) // 1000
 * @example backoffMs(5, 1, () => 0) // 16000
 * @example backoffMs(1, 30, () => 0) // 30000
 */
export function backoffMs(failures: number, retryAfterSec: number | undefined, random: () => number): number {
  const floor = retryAfterSec !== undefined && retryAfterSec > 0 ? retryAfterSec * 1000 : 0;
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  const low = Math.max(floor, exp / 2);
  const span = Math.max(exp / 2, floor / 2);
  return Math.round(Math.min(low + random() * span, Math.max(BACKOFF_MAX_MS, floor * 1.5)));
}
