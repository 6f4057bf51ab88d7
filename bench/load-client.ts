/**
 * A load client that behaves like the phones: each punch is sent until the server
 * acknowledges it; a 503 or 429 is answered by waiting the advised Retry-After (with
 * jitter, so the retries do not come back as one wave), a lost connection by resending
 * the same id. Used by the burst scenario and the crash test; the steady scenario uses
 * autocannon.
 */
import { Pool } from 'undici';

export interface Punch {
  id: string;
  token: string;
  body: string;
}

export interface Outcome {
  id: string;
  status: number;
  body: string;
}

export interface DriveOptions {
  origin: string;
  connections: number;
  /** Called to get the next fresh punch; null when none is due now, undefined when there are no more. */
  next: () => Punch | null | undefined;
  /** Called for every answer (including 503s), in arrival order. */
  onAnswer?: (p: Punch, o: Outcome) => void;
  /** Stop retrying a punch after this many attempts (0 = never give up). */
  maxAttempts?: number;
  /** Give up waiting for the server after this many ms without any answer. */
  stallMs?: number;
  /** Stop when this returns true (checked between requests). */
  stop?: () => boolean;
  random?: () => number;
}

export interface DriveResult {
  /** Punches that got a 2xx. */
  acknowledged: number;
  /** Punches that got a final 4xx (not 429). */
  refused: number;
  /** Punches given up after maxAttempts or when stopped. */
  abandoned: number;
  statusCounts: Record<string, number>;
  networkErrors: number;
  requests: number;
  elapsedMs: number;
}

interface Due {
  at: number;
  punch: Punch;
  attempts: number;
}

/** Sends every punch `next()` yields until acknowledged or finally refused. */
export async function drive(opts: DriveOptions): Promise<DriveResult> {
  const random = opts.random ?? Math.random;
  const pool = new Pool(opts.origin, {
    connections: opts.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const retries: Due[] = [];
  const result: DriveResult = {
    acknowledged: 0,
    refused: 0,
    abandoned: 0,
    statusCounts: {},
    networkErrors: 0,
    requests: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  let lastAnswer = started;
  let exhausted = false;

  function take(): Due | 'wait' | undefined {
    const now = performance.now();
    // Oldest due retry first; retries are few compared with fresh punches.
    let best = -1;
    for (let i = 0; i < retries.length; i++) {
      const r = retries[i];
      if (r && r.at <= now && (best < 0 || r.at < (retries[best]?.at ?? Infinity))) best = i;
    }
    if (best >= 0) return retries.splice(best, 1)[0];
    if (!exhausted) {
      const p = opts.next();
      if (p) return { at: now, punch: p, attempts: 0 };
      if (p === null) return 'wait';
      exhausted = true;
    }
    return retries.length > 0 ? 'wait' : undefined;
  }

  function later(d: Due, seconds: number): void {
    // Full jitter between half and one and a half times the advice.
    d.at = performance.now() + seconds * 1000 * (0.5 + random());
    retries.push(d);
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (opts.stop?.()) return;
      const d = take();
      if (d === undefined) return;
      if (d === 'wait') {
        await new Promise((r) => setTimeout(r, 20));
        if (opts.stallMs && performance.now() - lastAnswer > opts.stallMs) return;
        continue;
      }
      d.attempts++;
      result.requests++;
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/api/v1/check-ins',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${d.punch.token}` },
          body: d.punch.body,
        });
        const text = await res.body.text();
        lastAnswer = performance.now();
        const key = String(res.statusCode);
        result.statusCounts[key] = (result.statusCounts[key] ?? 0) + 1;
        opts.onAnswer?.(d.punch, { id: d.punch.id, status: res.statusCode, body: text });
        if (res.statusCode >= 200 && res.statusCode < 300) {
          result.acknowledged++;
        } else if (res.statusCode === 503 || res.statusCode === 429 || res.statusCode >= 500) {
          if (opts.maxAttempts && d.attempts >= opts.maxAttempts) result.abandoned++;
          else later(d, Number(res.headers['retry-after'] ?? 1) || 1);
        } else {
          result.refused++;
        }
      } catch {
        // The answer was lost (connection reset, server killed): the phone resends the same id.
        result.networkErrors++;
        if (opts.maxAttempts && d.attempts >= opts.maxAttempts) result.abandoned++;
        else later(d, 0.2);
      }
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, () => worker()));
  result.abandoned += retries.length;
  result.elapsedMs = performance.now() - started;
  await pool.close();
  return result;
}
