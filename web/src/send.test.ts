import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERRORS, type ErrorCode } from '../../core/errors.js';
import type { CheckInRequest } from '../../core/wire.js';
import { ApiError } from './api.js';
import { send } from './send.js';
import { saveSession } from './session.js';

const capture: CheckInRequest = {
  id: '01956c3a-5e00-7abc-8def-0123456789ab',
  kind: 'in',
  capturedAt: '2026-03-02T00:41:20.000Z',
  location: { lat: -6.2, lon: 106.8166, accuracy: 12 },
};

function errorAnswer(code: ErrorCode, retryAfter?: number): Response {
  const { status, id, en } = ERRORS[code];
  return new Response(JSON.stringify({ code, message: { id, en }, retryAfter }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const okAnswer = () => new Response(JSON.stringify({ id: capture.id, kind: 'in' }), { status: 200 });

/** The bodies the fake server received, and its scripted answers in order. */
function fakeServer(answers: Array<Response | 'offline'>): { bodies: unknown[] } {
  const bodies: unknown[] = [];
  vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(init.body as string));
    const next = answers.shift();
    if (next === undefined) throw new Error('no more scripted answers');
    return next === 'offline' ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(next);
  });
  return { bodies };
}

beforeEach(() => {
  const store = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  saveSession({
    accessToken: 'a',
    refreshToken: 'r',
    account: { id: 1, username: 'u', role: 'employee', employee: null, unitId: null },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('send', () => {
  it('resends the same capture after a busy server and a dropped connection, waiting as told', async () => {
    const server = fakeServer([errorAnswer('server_busy', 3), 'offline', okAnswer()]);
    const waits: number[] = [];
    const r = await send(capture, {
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(r.id).toBe(capture.id);
    expect(server.bodies).toEqual([capture, capture, capture]);
    expect(waits).toHaveLength(2);
    // Retry-After 3 s, spread by ±25 % so phones do not return in step.
    expect(waits[0]).toBeGreaterThanOrEqual(2250);
    expect(waits[0]).toBeLessThanOrEqual(3750);
  });

  it('does not resend a capture the server refused, and carries its bilingual message', async () => {
    const server = fakeServer([errorAnswer('captured_in_future')]);
    const err = await send(capture, { sleep: () => Promise.resolve() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('captured_in_future');
    expect((err as ApiError).text.id).toBe(ERRORS.captured_in_future.id);
    expect(server.bodies).toHaveLength(1);
  });

  it('gives up after the last attempt with the network error', async () => {
    const server = fakeServer(['offline', 'offline']);
    const err = await send(capture, { attempts: 2, sleep: () => Promise.resolve() }).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('network');
    expect(server.bodies).toHaveLength(2);
  });
});
