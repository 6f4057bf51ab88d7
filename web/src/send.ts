/**
 * Delivers a capture to the server and returns its verdict. Idempotent on the capture's
 * id, so sending the same capture again (after a lost answer) stores it once.
 *
 * While the page stays open, a busy server (503 with Retry-After) or a dropped
 * connection is retried a few times with the same capture; the IndexedDB outbox will
 * take over this job so a capture also survives closing the page.
 */
import type { CheckInResponse } from '../../core/wire.js';
import { ApiError, postCheckIn } from './api.js';
import type { Capture } from './capture.js';

export interface SendOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_WAIT_MS = 10_000;

/** A failure that says nothing about the capture itself: sending it again may work. */
export function isRetryable(e: unknown): e is ApiError {
  return e instanceof ApiError && (e.code === 'network' || e.status === 503);
}

/** The server's Retry-After when it gave one, else 1 s, 2 s, 4 s… with jitter so phones spread out. */
function waitMs(e: ApiError, attempt: number): number {
  const base = e.retryAfter !== undefined ? e.retryAfter * 1000 : 1000 * 2 ** (attempt - 1);
  return Math.min(MAX_WAIT_MS, base) * (0.75 + Math.random() / 2);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function send(c: Capture, opts: SendOptions = {}): Promise<CheckInResponse> {
  const attempts = opts.attempts ?? 4;
  const sleep = opts.sleep ?? delay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await postCheckIn(c);
    } catch (e) {
      if (!isRetryable(e) || attempt >= attempts) throw e;
      await sleep(waitMs(e, attempt));
    }
  }
}
