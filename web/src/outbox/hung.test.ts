/**
 * A request that never answers must not stop the sending: the sender (scheduler, flush,
 * transport) gives up on it at the deadline, and "Kirim sekarang" pressed meanwhile
 * sends again at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchCheckInResponse, CheckInRequest } from '../../../core/wire.js';
import { memoryOutbox, type OutboxItem } from './outbox.js';
import { FlushScheduler } from './scheduler.js';
import { flush } from './sync.js';
import { ApiError, REQUEST_TIMEOUT_MS, Transport } from './transport.js';

const NOW = Date.parse('2026-03-02T00:31:00.000Z');
const ID = '0195f3a1-2b3c-7d4e-8f50-0123456789ab';

afterEach(() => {
  vi.useRealTimers();
});

describe('a hung request', () => {
  it('is abandoned at the deadline, and "Kirim sekarang" pressed during it sends again at once', async () => {
    vi.useFakeTimers();
    const store = memoryOutbox();
    const item: OutboxItem = {
      id: ID,
      accountId: 1,
      capture: {
        id: ID,
        kind: 'in',
        capturedAt: new Date(NOW).toISOString(),
        location: { lat: -6.2, lon: 106.8, accuracy: 10 },
      },
      state: 'saved',
      savedAt: NOW,
      attempts: 0,
    };
    await store.put(item);
    let calls = 0;
    const transport = new Transport({
      base: 'http://server/api/v1',
      session: {
        load: () => ({ accessToken: 'a', refreshToken: 'r', account: {} as never }),
        save: () => {},
        clear: () => {},
      },
      onSignedOut: () => {
        throw new Error('signed out');
      },
      fetch: (_url, init) => {
        calls++;
        // The first request: the socket stays open, no answer ever comes.
        if (calls === 1) {
          return new Promise((_r, reject) =>
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
        }
        const { checkIns } = JSON.parse(init.body as string) as { checkIns: CheckInRequest[] };
        const answer: BatchCheckInResponse = {
          results: checkIns.map((c) => ({ id: c.id, status: 201, body: { id: c.id } as never })),
          anchor: { token: 't', serverTime: new Date(NOW).toISOString() },
        };
        return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
      },
    });
    const scheduler = new FlushScheduler({
      flush: () =>
        flush({
          store,
          accountId: 1,
          postBatch: (c) =>
            transport.authed<BatchCheckInResponse>('POST', '/check-ins/batch', { checkIns: c }),
          putPhoto: () => Promise.resolve(),
          sign: () => Promise.resolve(undefined),
          onAnchor: () => {},
          onAnchorRefused: () => {},
          mono: () => 0,
          asTransportError: (e) => {
            if (e instanceof ApiError) return { status: e.status, code: e.code };
            throw e;
          },
          now: () => NOW,
        }),
      // The backoff timer alone would come back only after 2 s more.
      random: () => 1,
    });
    const first = scheduler.trigger('start');
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await store.get(ID))?.state).toBe('sent');
    // The employee presses "Kirim sekarang" while the request hangs.
    const pressed = scheduler.trigger('manual');
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    await Promise.all([first, pressed]);
    expect(calls).toBe(2);
    expect((await store.get(ID))?.state).toBe('accepted');
    scheduler.stop();
  });
});
