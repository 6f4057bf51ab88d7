import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../../core/errors.js';
import type {
  BatchCheckInResult,
  CheckInRequest,
  CheckInResponse,
  TimeAnchorView,
} from '../../../core/wire.js';
import type { RoundTrip } from './anchor.js';
import { memoryOutbox, type OutboxItem, type RawCapture } from './outbox.js';
import { BATCH_MAX, KEEP_ANSWERED_MS, flush, type SyncPorts, type TransportError } from './sync.js';

const NOW = Date.parse('2026-03-02T01:00:00.000Z');
const ANCHOR: TimeAnchorView = { token: 'fresh', serverTime: new Date(NOW).toISOString() };

class Refused extends Error {
  constructor(readonly t: TransportError) {
    super(t.code);
  }
}

function raw(n: number, extra: Partial<RawCapture> = {}): RawCapture {
  return {
    id: `0195${String(n).padStart(4, '0')}-0000-7000-8000-000000000000`,
    kind: n % 2 === 0 ? 'in' : 'out',
    capturedAt: new Date(NOW - 3600_000 + n * 1000).toISOString(),
    location: { lat: -6.2, lon: 106.8, accuracy: 12 },
    time: { anchor: 'old', elapsedMs: 1000 * n, deviceTime: new Date(NOW).toISOString(), skewMs: 250 },
    ...extra,
  };
}

function item(n: number, extra: Partial<OutboxItem> = {}): OutboxItem {
  const capture = raw(n);
  return { id: capture.id, accountId: 1, capture, state: 'saved', savedAt: NOW, attempts: 0, ...extra };
}

function accepted(req: CheckInRequest, status = 201): BatchCheckInResult {
  const body = {
    id: req.id,
    kind: req.kind,
    localTime: '07:41:20',
    flags: [],
    timeOfRecord: req.capturedAt,
  } as unknown as CheckInResponse;
  return { id: req.id, status, body };
}

function refused(req: CheckInRequest, status: number, code: string): BatchCheckInResult {
  const error = { code, message: { id: `id:${code}`, en: `en:${code}` } } as ErrorBody;
  return { id: req.id, status, error };
}

/** Ports around a fake server; `answer` decides each item. */
function ports(
  store: ReturnType<typeof memoryOutbox>,
  answer: (req: CheckInRequest) => BatchCheckInResult,
  over: Partial<SyncPorts> = {},
) {
  const batches: CheckInRequest[][] = [];
  const photos: string[] = [];
  const anchors: TimeAnchorView[] = [];
  const rounds: RoundTrip[] = [];
  const mono = { value: 0 };
  let refusedAnchors = 0;
  const p: SyncPorts = {
    store,
    accountId: 1,
    postBatch: (checkIns) => {
      batches.push(structuredClone(checkIns));
      return Promise.resolve({ results: checkIns.map(answer), anchor: ANCHOR });
    },
    putPhoto: (id) => {
      photos.push(id);
      return Promise.resolve();
    },
    sign: (c) => Promise.resolve({ id: 'dev-1', signature: `sig(${c.id},${c.time?.anchor ?? '-'})` }),
    onAnchor: (a, round) => {
      anchors.push(a);
      rounds.push(round);
    },
    mono: () => mono.value,
    onAnchorRefused: () => {
      refusedAnchors++;
    },
    asTransportError: (e) => {
      if (e instanceof Refused) return e.t;
      throw e;
    },
    now: () => NOW,
    ...over,
  };
  return { p, batches, photos, anchors, rounds, mono, refusedAnchors: () => refusedAnchors };
}

describe('outbox flush', () => {
  it('times the round trip the anchor came with', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const mono = { value: 1_000 };
    const f = ports(store, (r) => accepted(r), {
      mono: () => mono.value,
      postBatch: (checkIns) => {
        mono.value += 30_000;
        return Promise.resolve({ results: checkIns.map((r) => accepted(r)), anchor: ANCHOR });
      },
    });
    await flush(f.p);
    expect(f.rounds).toEqual([{ sentAt: 1_000, receivedAt: 31_000 }]);
  });

  it('passes on the longest Retry-After of items refused server_busy, and says the server is busy', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    await store.put(item(2));
    const f = ports(store, (r) => {
      const x = refused(r, 503, 'server_busy');
      return { ...x, error: { ...x.error!, retryAfter: r.id === raw(1).id ? 2 : 4 } };
    });
    expect(await flush(f.p)).toEqual({ kind: 'retry', retryAfter: 4, reason: 'busy' });
    expect((await store.list()).map((i) => i.state)).toEqual(['saved', 'saved']);
  });

  it('says the server is busy after a request that timed out', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => accepted(r), {
      postBatch: () => Promise.reject(new Refused({ status: 0, code: 'timeout' })),
    });
    expect(await flush(f.p)).toEqual({ kind: 'retry', reason: 'busy' });
  });

  it('sends waiting punches in one batch, records each verdict, and keeps the fresh anchor', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    await store.put(item(2));
    await store.put(item(3, { state: 'accepted' }));
    const f = ports(store, (r) => accepted(r));
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    expect(f.batches).toHaveLength(1);
    expect(f.batches[0]!.map((r) => r.id)).toEqual([raw(1).id, raw(2).id]);
    // Unsigned at the press (no key yet): signed before sending.
    expect(f.batches[0]![0]!.device).toEqual({ id: 'dev-1', signature: `sig(${raw(1).id},old)` });
    const after = await store.list();
    expect(after.map((i) => i.state)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(after[0]!.result?.timeOfRecord).toBe(raw(1).capturedAt);
    expect(after[0]!.attempts).toBe(1);
    expect(f.anchors).toEqual([ANCHOR]);
  });

  it('leaves another account’s punches alone', async () => {
    const store = memoryOutbox();
    await store.put(item(1, { accountId: 2 }));
    const f = ports(store, (r) => accepted(r));
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    expect(f.batches).toHaveLength(0);
    expect((await store.get(raw(1).id))?.state).toBe('saved');
  });

  it('on a busy server keeps everything saved and passes on Retry-After', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => accepted(r), {
      postBatch: () => Promise.reject(new Refused({ status: 503, code: 'server_busy', retryAfter: 7 })),
    });
    expect(await flush(f.p)).toEqual({ kind: 'retry', retryAfter: 7, reason: 'busy' });
    expect((await store.get(raw(1).id))?.state).toBe('saved');
  });

  it('without network keeps everything saved and asks for a retry', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => accepted(r), {
      postBatch: () => Promise.reject(new Refused({ status: 0, code: 'network' })),
    });
    expect(await flush(f.p)).toEqual({ kind: 'retry', reason: 'network' });
    expect((await store.get(raw(1).id))?.state).toBe('saved');
  });

  it('stops when the session has ended', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => accepted(r), {
      postBatch: () => Promise.reject(new Refused({ status: 401, code: 'unauthorized' })),
    });
    expect(await flush(f.p)).toEqual({ kind: 'signed_out' });
    expect((await store.get(raw(1).id))?.state).toBe('saved');
  });

  it('a refused anchor: resends the same id without the anchor, signed again over the new content', async () => {
    const store = memoryOutbox();
    await store.put(item(1, { device: { id: 'dev-1', signature: 'sig-at-press' } }));
    const f = ports(store, (r) => (r.time?.anchor ? refused(r, 422, 'anchor_expired') : accepted(r)));
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    expect(f.batches).toHaveLength(2);
    expect(f.batches[0]![0]!.device?.signature).toBe('sig-at-press');
    const resent = f.batches[1]![0]!;
    expect(resent.id).toBe(raw(1).id);
    expect(resent.time).toEqual({ deviceTime: raw(1).time!.deviceTime, skewMs: 250 });
    expect(resent.device).toEqual({ id: 'dev-1', signature: `sig(${raw(1).id},-)` });
    expect(resent.capturedAt).toBe(raw(1).capturedAt);
    expect(f.refusedAnchors()).toBe(1);
    expect((await store.get(raw(1).id))?.state).toBe('accepted');
  });

  it('a refused capture is kept as refused with the server’s bilingual reason', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => refused(r, 422, 'captured_too_old'));
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    const stored = await store.get(raw(1).id);
    expect(stored?.state).toBe('refused');
    expect(stored?.error).toEqual({
      status: 422,
      code: 'captured_too_old',
      message: { id: 'id:captured_too_old', en: 'en:captured_too_old' },
    });
  });

  it('a phone awaiting approval keeps its punches saved, with the reason, to try again later', async () => {
    const store = memoryOutbox();
    await store.put(item(1));
    const f = ports(store, (r) => refused(r, 403, 'device_pending'));
    expect(await flush(f.p)).toEqual({ kind: 'retry', reason: 'pending' });
    const stored = await store.get(raw(1).id);
    expect(stored?.state).toBe('saved');
    expect(stored?.error?.code).toBe('device_pending');
  });

  it('uploads the selfie only after the punch is accepted, then drops the bytes', async () => {
    const store = memoryOutbox();
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    await store.put(item(1, { photo: { bytes, type: 'image/webp' } }));
    let uploadedWhileWaiting = false;
    const f = ports(store, (r) => accepted(r), {
      putPhoto: async (id) => {
        uploadedWhileWaiting = (await store.get(id))?.state !== 'accepted';
        return Promise.resolve();
      },
    });
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    expect(uploadedWhileWaiting).toBe(false);
    const stored = await store.get(raw(1).id);
    expect(stored?.photoState).toBe('uploaded');
    expect(stored?.photo).toBeUndefined();
  });

  it('a photo upload that fails for the network is retried; one refused for good is recorded', async () => {
    const store = memoryOutbox();
    const bytes = new Uint8Array([1]).buffer;
    await store.put(item(1, { photo: { bytes, type: 'image/jpeg' } }));
    const down = ports(store, (r) => accepted(r), {
      putPhoto: () => Promise.reject(new Refused({ status: 0, code: 'network' })),
    });
    expect(await flush(down.p)).toEqual({ kind: 'retry', reason: 'network' });
    expect((await store.get(raw(1).id))?.photoState).toBe('waiting');

    const bad = ports(store, (r) => accepted(r), {
      putPhoto: () => Promise.reject(new Refused({ status: 415, code: 'photo_type' })),
    });
    expect(await flush(bad.p)).toEqual({ kind: 'done' });
    const stored = await store.get(raw(1).id);
    expect(stored?.photoState).toBe('refused');
    expect(stored?.photoError?.code).toBe('photo_type');
    expect(stored?.photo).toBeUndefined();
  });

  it('sends more than 100 punches in batches of at most 100', async () => {
    const store = memoryOutbox();
    for (let n = 0; n < 230; n++) await store.put(item(n));
    const f = ports(store, (r) => accepted(r));
    expect(await flush(f.p)).toEqual({ kind: 'done' });
    expect(f.batches.map((b) => b.length)).toEqual([BATCH_MAX, BATCH_MAX, 30]);
  });

  it('forgets answered punches after a few days, never waiting ones', async () => {
    const store = memoryOutbox();
    const old = NOW - KEEP_ANSWERED_MS - 1;
    await store.put(item(1, { state: 'accepted', savedAt: old }));
    await store.put(item(2, { state: 'refused', savedAt: old }));
    await store.put(item(3, { state: 'saved', savedAt: old }));
    const f = ports(store, (r) => refused(r, 503, 'server_busy'));
    await flush(f.p);
    expect((await store.list()).map((i) => i.id)).toEqual([raw(3).id]);
  });

  it('any order of failures and repeated flushes stores every punch exactly once on the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.constantFrom('ok', 'network', 'busy', 'lost_answer'), { minLength: 1, maxLength: 12 }),
        async (count, script) => {
          const store = memoryOutbox();
          for (let n = 0; n < count; n++) await store.put(item(n));
          const server = new Map<string, number>();
          let step = 0;
          const f = ports(store, (r) => accepted(r), {
            postBatch: (checkIns) => {
              const what = script[step++ % script.length];
              if (what === 'network') return Promise.reject(new Refused({ status: 0, code: 'network' }));
              if (what === 'busy')
                return Promise.reject(new Refused({ status: 503, code: 'server_busy', retryAfter: 1 }));
              const results = checkIns.map((c) => {
                const first = !server.has(c.id);
                server.set(c.id, (server.get(c.id) ?? 0) + (first ? 1 : 0));
                return accepted(c, first ? 201 : 200);
              });
              // Stored, but the answer never reached the phone.
              if (what === 'lost_answer') return Promise.reject(new Refused({ status: 0, code: 'network' }));
              return Promise.resolve({ results, anchor: ANCHOR });
            },
          });
          for (let i = 0; i < script.length + 2; i++) await flush(f.p);
          // A final calm network sends whatever is left.
          script.splice(0, script.length, 'ok');
          await flush(f.p);
          expect([...server.keys()].sort()).toEqual(
            Array.from({ length: count }, (_, n) => raw(n).id).sort(),
          );
          expect([...server.values()].every((v) => v === 1)).toBe(true);
          expect((await store.list()).every((i) => i.state === 'accepted')).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
