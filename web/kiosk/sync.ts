/**
 * One flush of the kiosk's outbox: send every waiting press in batches (POST
 * /kiosk/captures), hand each answer to the page, and forget the press. Pure logic over
 * injected ports (tested with an in-memory outbox), shaped like the phone's
 * (web/src/outbox/sync.ts), whose outcome type and wait reasons it shares so the same
 * scheduler (backoff, Retry-After, triggers) drives it.
 *
 * - No network, a busy or failing server: the presses stay saved; try again later.
 * - A press refused for its time anchor is re-signed without the anchor and sent again
 *   (same id): the wall clock and skew recorded at the press stay.
 * - A press refused for good (a wrong PIN, a person the kiosk does not serve) is
 *   answered to the page and deleted: the person is long gone, and the tablet keeps
 *   nobody's PIN.
 * - The whole kiosk refused (unknown, revoked): nothing more can be sent with this key;
 *   the presses stay on the tablet and the page says so.
 */
import { KIOSK_BATCH_MAX } from '../../core/kiosk.js';
import type {
  KioskBatchRequest,
  KioskBatchResponse,
  KioskBatchResult,
  KioskCapture,
} from '../../core/kiosk.js';
import type { TimeAnchorView } from '../../core/wire.js';
import { withoutAnchor, type RoundTrip } from '../src/outbox/anchor.js';
import { reasonOf, type FlushOutcome, type TransportError, type WaitReason } from '../src/outbox/sync.js';
import type { KioskItem, KioskStore } from './store.js';

export interface KioskSyncPorts {
  store: KioskStore;
  kioskId: string;
  postBatch(body: KioskBatchRequest): Promise<KioskBatchResponse>;
  sign(capture: KioskCapture): Promise<string>;
  /** Uploads the selfie of a stored capture (PUT /kiosk/captures/{id}/photo). */
  putPhoto(id: string, bytes: ArrayBuffer, type: string): Promise<void>;
  onAnchor(anchor: TimeAnchorView, round: RoundTrip): void;
  onAnchorRefused(): void;
  mono(): number;
  asTransportError(e: unknown): TransportError;
  /** The server's answer for one press (stored, or refused for good). */
  onAnswer(result: KioskBatchResult): void;
  /** The server refused the kiosk itself (kiosk_unknown, kiosk_revoked). */
  onKioskRefused(code: string): void;
}

const ANCHOR_CODES = new Set(['anchor_invalid', 'anchor_expired', 'elapsed_invalid']);
const HOLD_CODES = new Set(['server_busy', 'shutting_down']);
const KIOSK_CODES = new Set(['kiosk_unknown', 'kiosk_revoked']);

const waiting = (i: KioskItem) => i.state === 'saved' || i.state === 'sent';
const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

type BatchOutcome =
  { kind: 'answered'; resend: boolean; hold?: { reason: WaitReason; retryAfter?: number } } | FlushOutcome;

async function sendBatch(ports: KioskSyncPorts, items: KioskItem[]): Promise<BatchOutcome> {
  const captures: KioskBatchRequest['captures'] = [];
  for (const item of items) {
    const sent = await ports.store.update(item.id, (i) => ({
      ...i,
      state: 'sent',
      attempts: i.attempts + 1,
    }));
    if (sent !== undefined) captures.push({ ...sent.capture, signature: sent.signature });
  }
  if (captures.length === 0) return { kind: 'answered', resend: false };
  const sentAt = ports.mono();
  let answer: KioskBatchResponse;
  try {
    answer = await ports.postBatch({ kioskId: ports.kioskId, captures });
  } catch (e) {
    const err = ports.asTransportError(e);
    for (const c of captures) await ports.store.update(c.id, (i) => ({ ...i, state: 'saved' }));
    if (KIOSK_CODES.has(err.code)) {
      ports.onKioskRefused(err.code);
      return { kind: 'signed_out' };
    }
    return {
      kind: 'retry',
      reason: reasonOf(err),
      ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    };
  }
  ports.onAnchor(answer.anchor, { sentAt, receivedAt: ports.mono() });
  let resend = false;
  let hold: { reason: WaitReason; retryAfter?: number } | undefined;
  const answered = new Set<string>();
  for (const r of answer.results) {
    answered.add(r.id);
    const code = r.error?.code ?? '';
    if (ANCHOR_CODES.has(code)) {
      ports.onAnchorRefused();
      const item = await ports.store.get(r.id);
      if (item?.capture.time !== undefined) {
        const capture: KioskCapture = { ...item.capture, time: withoutAnchor(item.capture.time) };
        await ports.store.put({ ...item, capture, signature: await ports.sign(capture), state: 'saved' });
        resend = true;
        continue;
      }
    } else if (HOLD_CODES.has(code) || r.status >= 500) {
      const after = later(hold?.retryAfter, r.error?.retryAfter);
      hold = {
        reason: code === 'server_busy' || r.status === 503 ? 'busy' : 'server',
        ...(after === undefined ? {} : { retryAfter: after }),
      };
      await ports.store.update(r.id, (i) => ({ ...i, state: 'saved' }));
      continue;
    }
    // Stored, or refused for good: the page hears it once, the tablet forgets the press
    // (keeping only a stored press's selfie, without the PIN, until it is uploaded).
    const item = await ports.store.get(r.id);
    if (r.body !== undefined && item?.photo !== undefined) {
      const { card: _card, ...rest } = item.capture;
      await ports.store.put({ ...item, capture: { ...rest, pin: '' }, state: 'accepted' });
    } else {
      await ports.store.remove(r.id);
    }
    ports.onAnswer(r);
  }
  for (const c of captures) {
    if (!answered.has(c.id)) {
      hold ??= { reason: 'server' };
      await ports.store.update(c.id, (i) => ({ ...i, state: 'saved' }));
    }
  }
  return { kind: 'answered', resend, ...(hold === undefined ? {} : { hold }) };
}

/** Sends the waiting presses; never throws for expected failures. */
export async function flushKiosk(ports: KioskSyncPorts): Promise<FlushOutcome> {
  let hold: { reason: WaitReason; retryAfter?: number } | undefined;
  for (let round = 0; round < 3; round++) {
    const items = (await ports.store.list()).filter(waiting);
    if (items.length === 0) break;
    let resend = false;
    for (let start = 0; start < items.length; start += KIOSK_BATCH_MAX) {
      const r = await sendBatch(ports, items.slice(start, start + KIOSK_BATCH_MAX));
      if (r.kind !== 'answered') return r;
      resend ||= r.resend;
      if (r.hold) {
        const after = later(hold?.retryAfter, r.hold.retryAfter);
        hold = { reason: r.hold.reason, ...(after === undefined ? {} : { retryAfter: after }) };
      }
    }
    if (!resend) break;
  }
  const photos = await uploadPhotos(ports);
  if (photos !== null) {
    const after = later(hold?.retryAfter, photos.retryAfter);
    hold = { reason: hold?.reason ?? photos.reason, ...(after === undefined ? {} : { retryAfter: after }) };
  }
  return hold === undefined
    ? { kind: 'done' }
    : {
        kind: 'retry',
        reason: hold.reason,
        ...(hold.retryAfter === undefined ? {} : { retryAfter: hold.retryAfter }),
      };
}

/**
 * Uploads the selfies of stored presses; a refusal for good (type, size, hash) drops the
 * photo, the punch stands. Null when nothing is left, else why the rest waits.
 */
async function uploadPhotos(
  ports: KioskSyncPorts,
): Promise<{ reason: WaitReason; retryAfter?: number } | null> {
  for (const item of (await ports.store.list()).filter((i) => i.state === 'accepted')) {
    if (item.photo === undefined) {
      await ports.store.remove(item.id);
      continue;
    }
    try {
      await ports.putPhoto(item.id, item.photo.bytes, item.photo.type);
    } catch (e) {
      const err = ports.asTransportError(e);
      if (err.status === 0 || err.status === 429 || err.status >= 500) {
        return {
          reason: reasonOf(err),
          ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
        };
      }
    }
    await ports.store.remove(item.id);
  }
  return null;
}
