/**
 * One flush of the outbox: send every waiting punch in batches (POST /check-ins/batch),
 * record each item's answer, then upload the selfies of accepted punches. Pure logic
 * over injected ports, so the same code is tested with an in-memory outbox.
 *
 * Whole-request failures (no network, 503/429 busy) leave the punches saved and ask for
 * a retry; an item refused for its time anchor is resent at once without the anchor
 * (same id, signed again); an item refused for its content is kept as refused with the
 * server's bilingual reason; a punch from a phone awaiting approval stays saved.
 */
import type { ErrorBody } from '../../../core/errors.js';
import type { BatchCheckInResponse, CheckInRequest, TimeAnchorView } from '../../../core/wire.js';
import { withoutAnchor, type RoundTrip } from './anchor.js';
import { isWaiting, type OutboxItem, type OutboxStore, type RawCapture, type StoredError } from './outbox.js';

/** A failure of the whole request, as the API client reports it. */
export interface TransportError {
  status: number;
  code: string;
  retryAfter?: number;
}

export interface SyncPorts {
  store: OutboxStore;
  /** Only this account's punches are sent (its session is the one signed in). */
  accountId: number;
  postBatch(checkIns: CheckInRequest[]): Promise<BatchCheckInResponse>;
  putPhoto(id: string, bytes: ArrayBuffer, type: string): Promise<void>;
  /** Signs a capture with the device key; undefined when the phone has no key. */
  sign(capture: RawCapture): Promise<{ id: string; signature: string } | undefined>;
  /** A fresh anchor came with an answer to a request sent and answered at `round`. */
  onAnchor(anchor: TimeAnchorView, round: RoundTrip): void;
  /** Monotonic ms (performance.now()), to time the round trip an anchor came with. */
  mono(): number;
  /** An anchor the server refused: stop using it for new captures. */
  onAnchorRefused(): void;
  /** Turns a thrown error into a transport error, or rethrows a bug. */
  asTransportError(e: unknown): TransportError;
  /** Phone wall clock, ms (pruning only). */
  now(): number;
}

/**
 * Why punches are still waiting, for honest words on the page:
 * - `network`: no answer at all (no internet, or the server cannot be reached);
 * - `busy`: the server is overloaded (503/429, a full queue) or did not answer in time;
 * - `server`: the server failed (other 5xx, an unknown answer);
 * - `pending`: this phone waits for an admin's approval.
 */
export type WaitReason = 'network' | 'busy' | 'server' | 'pending';

/** The wait reason of a failed request. */
export function reasonOf(err: TransportError): WaitReason {
  if (err.status === 0) return err.code === 'timeout' ? 'busy' : 'network';
  if (err.status === 503 || err.status === 429 || err.code === 'server_busy') return 'busy';
  return 'server';
}

export type FlushOutcome =
  /** Nothing left to send or upload. */
  | { kind: 'done' }
  /** Something is left: try again later (after Retry-After seconds when given), and why. */
  | { kind: 'retry'; retryAfter?: number; reason?: WaitReason }
  /** The session ended: nothing can be sent until the employee signs in again. */
  | { kind: 'signed_out' };

/** The batch endpoint takes at most this many captures at once. */
export const BATCH_MAX = 100;
/** Answered punches (and refusals) are shown for this long, then forgotten. */
export const KEEP_ANSWERED_MS = 3 * 24 * 3600_000;

/** Refusals that mean "resend without the anchor", not "refused". */
const ANCHOR_CODES = new Set(['anchor_invalid', 'anchor_expired', 'elapsed_invalid']);
/** Refusals after which the same punch may yet be accepted, so it is kept waiting. */
const HOLD_CODES = new Set(['device_pending', 'server_busy', 'shutting_down']);

export function toRequest(item: OutboxItem): CheckInRequest {
  return item.device === undefined ? { ...item.capture } : { ...item.capture, device: item.device };
}

function storedError(status: number, e: ErrorBody | undefined): StoredError {
  return {
    status,
    code: e?.code ?? 'bad_response',
    message: e?.message ?? {
      id: 'Jawaban server tidak dikenali.',
      en: 'The server gave an unexpected answer.',
    },
  };
}

/** The later of two Retry-After values. */
const later = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Sends waiting punches, then selfies; never throws for expected failures. */
export async function flush(ports: SyncPorts): Promise<FlushOutcome> {
  let retry = false;
  let retryAfter: number | undefined;
  let reason: WaitReason = 'server';
  // A second round only for punches resent without their anchor.
  for (let round = 0; round < 3; round++) {
    const waiting = (await ports.store.list()).filter((i) => i.accountId === ports.accountId && isWaiting(i));
    if (waiting.length === 0) break;
    let resend = false;
    for (let start = 0; start < waiting.length; start += BATCH_MAX) {
      const r = await sendBatch(ports, waiting.slice(start, start + BATCH_MAX));
      if (r.kind === 'signed_out') return r;
      if (r.kind === 'retry') return r;
      resend ||= r.resend;
      if (r.hold !== null) {
        retry = true;
        retryAfter = later(retryAfter, r.hold.retryAfter);
        reason = r.hold.reason;
      }
    }
    if (!resend) break;
  }

  const photos = await uploadPhotos(ports);
  if (photos.kind === 'signed_out') return photos;
  if (photos.kind === 'retry') {
    if (!retry) reason = photos.reason ?? 'server';
    retry = true;
    retryAfter = later(retryAfter, photos.retryAfter);
  }
  await prune(ports);
  return retry
    ? { kind: 'retry', reason, ...(retryAfter === undefined ? {} : { retryAfter }) }
    : { kind: 'done' };
}

/** Items kept waiting by their answers: why, and the longest Retry-After among them. */
interface Hold {
  reason: WaitReason;
  retryAfter?: number;
}

type BatchOutcome =
  | { kind: 'answered'; resend: boolean; hold: Hold | null }
  | { kind: 'retry'; retryAfter?: number; reason?: WaitReason }
  | { kind: 'signed_out' };

async function sendBatch(ports: SyncPorts, items: OutboxItem[]): Promise<BatchOutcome> {
  const requests: CheckInRequest[] = [];
  for (const item of items) {
    // Enrolment may have finished after the press: sign now.
    const device = item.device ?? (await ports.sign(item.capture));
    const sent = await ports.store.update(item.id, (i) => ({
      ...i,
      ...(device === undefined ? {} : { device }),
      state: 'sent',
      attempts: i.attempts + 1,
    }));
    if (sent !== undefined) requests.push(toRequest(sent));
  }
  if (requests.length === 0) return { kind: 'answered', resend: false, hold: null };

  let answer: BatchCheckInResponse;
  const sentAt = ports.mono();
  try {
    answer = await ports.postBatch(requests);
  } catch (e) {
    const err = ports.asTransportError(e);
    for (const r of requests) await ports.store.update(r.id, (i) => ({ ...i, state: 'saved' }));
    if (err.status === 401) return { kind: 'signed_out' };
    return {
      kind: 'retry',
      reason: reasonOf(err),
      ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
    };
  }
  ports.onAnchor(answer.anchor, { sentAt, receivedAt: ports.mono() });

  let resend = false;
  let hold: Hold | null = null;
  const holdFor = (reason: WaitReason, retryAfter: number | undefined) => {
    // A phone awaiting approval says so above any other reason.
    const r = hold?.reason === 'pending' ? 'pending' : reason;
    const after = later(hold?.retryAfter, retryAfter);
    hold = { reason: r, ...(after === undefined ? {} : { retryAfter: after }) };
  };
  const answered = new Set<string>();
  for (const result of answer.results) {
    answered.add(result.id);
    if ((result.status === 200 || result.status === 201) && result.body) {
      const body = result.body;
      await ports.store.update(result.id, (i) => {
        const { error: _e, ...rest } = i;
        return {
          ...rest,
          state: 'accepted',
          result: body,
          ...(i.photo !== undefined ? { photoState: 'waiting' as const } : {}),
        };
      });
      continue;
    }
    const code = result.error?.code ?? '';
    if (ANCHOR_CODES.has(code)) {
      ports.onAnchorRefused();
      await resignWithoutAnchor(ports, result.id);
      resend = true;
    } else if (HOLD_CODES.has(code) || result.status >= 500) {
      holdFor(
        code === 'device_pending'
          ? 'pending'
          : code === 'server_busy' || result.status === 503
            ? 'busy'
            : 'server',
        result.error?.retryAfter,
      );
      await ports.store.update(result.id, (i) => ({
        ...i,
        state: 'saved',
        error: storedError(result.status, result.error),
      }));
    } else {
      await ports.store.update(result.id, (i) => ({
        ...i,
        state: 'refused',
        error: storedError(result.status, result.error),
      }));
    }
  }
  // An item the answer did not mention goes back to waiting.
  for (const r of requests) {
    if (!answered.has(r.id)) {
      holdFor('server', undefined);
      await ports.store.update(r.id, (i) => ({ ...i, state: 'saved' }));
    }
  }
  return { kind: 'answered', resend, hold };
}

/** Drops the anchor from a stored capture and signs the changed content again. */
async function resignWithoutAnchor(ports: SyncPorts, id: string): Promise<void> {
  const item = await ports.store.get(id);
  if (item === undefined || item.capture.time === undefined) return;
  const capture: RawCapture = { ...item.capture, time: withoutAnchor(item.capture.time) };
  const device = await ports.sign(capture);
  const { device: _old, ...rest } = item;
  await ports.store.put({ ...rest, capture, state: 'saved', ...(device === undefined ? {} : { device }) });
}

async function uploadPhotos(ports: SyncPorts): Promise<FlushOutcome> {
  let reason: WaitReason = 'server';
  const items = (await ports.store.list()).filter(
    (i) => i.accountId === ports.accountId && i.state === 'accepted' && i.photoState === 'waiting',
  );
  let retry = false;
  let retryAfter: number | undefined;
  for (const item of items) {
    if (item.photo === undefined) continue;
    try {
      await ports.putPhoto(item.id, item.photo.bytes, item.photo.type);
      await ports.store.update(item.id, (i) => {
        const { photo: _p, ...rest } = i;
        return { ...rest, photoState: 'uploaded' };
      });
    } catch (e) {
      const err = ports.asTransportError(e);
      if (err.status === 401) return { kind: 'signed_out' };
      if (err.status === 0 || err.status === 503 || err.status === 429 || err.status >= 500) {
        retry = true;
        retryAfter = err.retryAfter;
        reason = reasonOf(err);
        break;
      }
      // Refused for good (wrong type, hash, size): keep the punch, say why, drop the bytes.
      await ports.store.update(item.id, (i) => {
        const { photo: _p, ...rest } = i;
        return {
          ...rest,
          photoState: 'refused',
          photoError: { status: err.status, code: err.code, message: messageOf(e) },
        };
      });
    }
  }
  return retry
    ? { kind: 'retry', reason, ...(retryAfter === undefined ? {} : { retryAfter }) }
    : { kind: 'done' };
}

function messageOf(e: unknown): { id: string; en: string } {
  const text = (e as { text?: { id?: unknown; en?: unknown } } | null)?.text;
  if (text && typeof text.id === 'string' && typeof text.en === 'string') return { id: text.id, en: text.en };
  return { id: 'Foto ditolak server.', en: 'The server refused the photo.' };
}

/** Forgets answered punches after a few days; waiting ones are never pruned. */
async function prune(ports: SyncPorts): Promise<void> {
  const cutoff = ports.now() - KEEP_ANSWERED_MS;
  for (const item of await ports.store.list()) {
    const answered = item.state === 'refused' || (item.state === 'accepted' && item.photoState !== 'waiting');
    if (answered && item.savedAt < cutoff) await ports.store.remove(item.id);
  }
}
