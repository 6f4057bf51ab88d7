import { describe, expect, it } from 'vitest';
import type {
  KioskBatchRequest,
  KioskBatchResponse,
  KioskBatchResult,
  KioskCapture,
} from '../../core/kiosk.js';
import { ApiError } from '../src/outbox/transport.js';
import { memoryKioskStore, type KioskItem } from './store.js';
import { flushKiosk, type KioskSyncPorts } from './sync.js';
import { whoOf } from './strings.js';

const ANCHOR = { token: 'a.b', serverTime: '2026-03-02T00:00:00.000Z' };
const message = { id: 'x', en: 'x' };

function item(n: number, extra: Partial<KioskCapture> = {}): KioskItem {
  const capture: KioskCapture = {
    id: `0190000${n}-0000-7000-8000-000000000000`,
    kind: 'in',
    capturedAt: '2026-03-02T00:00:00.000Z',
    nip: '198609262015051001',
    pin: '482915',
    ...extra,
  };
  return { id: capture.id, capture, signature: `sig-${n}`, state: 'saved', savedAt: n, attempts: 0 };
}

function ports(
  answer: (b: KioskBatchRequest) => KioskBatchResponse | Error,
  photo: (id: string) => Error | undefined = () => undefined,
) {
  const store = memoryKioskStore();
  const answers: KioskBatchResult[] = [];
  const sent: KioskBatchRequest[] = [];
  const refused: string[] = [];
  const uploads: string[] = [];
  let anchorRefused = 0;
  const p: KioskSyncPorts = {
    store,
    kioskId: 'k1',
    postBatch: (b) => {
      sent.push(structuredClone(b));
      const a = answer(b);
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    },
    sign: (c) => Promise.resolve(`resigned-${c.time?.anchor ?? 'none'}`),
    putPhoto: (id) => {
      const e = photo(id);
      if (e) return Promise.reject(e);
      uploads.push(id);
      return Promise.resolve();
    },
    onAnchor: () => undefined,
    onAnchorRefused: () => void anchorRefused++,
    mono: () => 0,
    asTransportError: (e) => {
      const err = e as ApiError;
      return {
        status: err.status,
        code: err.code,
        ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
      };
    },
    onAnswer: (r) => answers.push(r),
    onKioskRefused: (code) => refused.push(code),
  };
  return { p, store, answers, sent, refused, uploads, anchorRefusals: () => anchorRefused };
}

const stored = (id: string): KioskBatchResult => ({
  id,
  status: 201,
  body: {
    id,
    kind: 'in',
    name: 'Andi',
    timeOfRecord: '',
    workDate: '2026-03-02',
    localTime: '07:31:00',
    zone: 'Asia/Jakarta',
  },
});

describe('the kiosk outbox flush', () => {
  it('sends the signed presses, hands each answer to the page and forgets the press', async () => {
    const t = ports((b) => ({
      results: b.captures.map((c, i) =>
        i === 0
          ? stored(c.id)
          : { id: c.id, status: 401, error: { code: 'kiosk_credentials_wrong' as const, message } },
      ),
      anchor: ANCHOR,
    }));
    await t.store.put(item(1));
    await t.store.put(item(2));
    expect(await flushKiosk(t.p)).toEqual({ kind: 'done' });
    expect(t.sent[0]!.captures.map((c) => c.signature)).toEqual(['sig-1', 'sig-2']);
    expect(t.sent[0]!.kioskId).toBe('k1');
    expect(t.answers.map((a) => a.status)).toEqual([201, 401]);
    expect(t.store.items.size).toBe(0);
  });

  it('keeps every press when the network is away, and says why', async () => {
    const t = ports(() => new ApiError(0, 'network', message));
    await t.store.put(item(1));
    expect(await flushKiosk(t.p)).toEqual({ kind: 'retry', reason: 'network' });
    expect([...t.store.items.values()].map((i) => [i.state, i.attempts])).toEqual([['saved', 1]]);
    expect(t.answers).toEqual([]);
  });

  it('keeps a press the server was too busy for, with its Retry-After', async () => {
    const t = ports((b) => ({
      results: b.captures.map((c) => ({
        id: c.id,
        status: 503,
        error: { code: 'server_busy' as const, message, retryAfter: 4 },
      })),
      anchor: ANCHOR,
    }));
    await t.store.put(item(1));
    expect(await flushKiosk(t.p)).toEqual({ kind: 'retry', reason: 'busy', retryAfter: 4 });
    expect(t.store.items.size).toBe(1);
  });

  it('re-signs a press without its refused anchor and sends it again, same id', async () => {
    let round = 0;
    const t = ports((b) => {
      round++;
      return {
        results: b.captures.map((c) =>
          round === 1
            ? { id: c.id, status: 422, error: { code: 'anchor_expired' as const, message } }
            : stored(c.id),
        ),
        anchor: ANCHOR,
      };
    });
    const one = item(1, {
      time: { anchor: 'old', elapsedMs: 5, deviceTime: '2026-03-02T00:00:00.000Z', skewMs: 0 },
    });
    await t.store.put(one);
    expect(await flushKiosk(t.p)).toEqual({ kind: 'done' });
    expect(t.anchorRefusals()).toBe(1);
    expect(t.sent[1]!.captures[0]).toMatchObject({
      id: one.id,
      time: { deviceTime: '2026-03-02T00:00:00.000Z', skewMs: 0 },
      signature: 'resigned-none',
    });
    expect(t.sent[1]!.captures[0]!.time).not.toHaveProperty('anchor');
    expect(t.answers.map((a) => a.status)).toEqual([201]);
  });

  it('uploads the selfie of a stored press, holding it without the PIN while the upload waits', async () => {
    let offline = true;
    const t = ports(
      (b) => ({ results: b.captures.map((c) => stored(c.id)), anchor: ANCHOR }),
      () => (offline ? new ApiError(0, 'network', message) : undefined),
    );
    const one = {
      ...item(1, { photo: { sha256: 'f'.repeat(64), bytes: 3 } }),
      photo: { bytes: new ArrayBuffer(3), type: 'image/webp' },
    };
    await t.store.put(one);
    expect(await flushKiosk(t.p)).toEqual({ kind: 'retry', reason: 'network' });
    const held = t.store.items.get(one.id)!;
    expect([held.state, held.capture.pin]).toEqual(['accepted', '']);
    expect(t.answers.map((a) => a.status)).toEqual([201]);
    offline = false;
    expect(await flushKiosk(t.p)).toEqual({ kind: 'done' });
    expect(t.uploads).toEqual([one.id]);
    expect(t.store.items.size).toBe(0);
    // The press is not sent again.
    expect(t.sent).toHaveLength(1);
  });

  it('stops when the kiosk itself is refused, keeping the presses', async () => {
    const t = ports(() => new ApiError(403, 'kiosk_revoked', message));
    await t.store.put(item(1));
    expect(await flushKiosk(t.p)).toEqual({ kind: 'signed_out' });
    expect(t.refused).toEqual(['kiosk_revoked']);
    expect(t.store.items.size).toBe(1);
  });
});

describe('what the NIP field holds', () => {
  it('is a card when a QR reader typed the card’s code, else a NIP or staff number', () => {
    expect(whoOf('hadir:card:AbC_123-xyzxyzxyzxyzxyz')).toEqual({ card: 'AbC_123-xyzxyzxyzxyzxyz' });
    expect(whoOf(' 19860926 201505 1 001 ')).toEqual({ nip: '19860926 201505 1 001' });
    expect(whoOf('NA-2024-0001')).toEqual({ nip: 'NA-2024-0001' });
  });
});
