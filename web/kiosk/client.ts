/**
 * The kiosk as the page uses it: enrol with the admin's code, say hello for the
 * kiosk's state and a time anchor, record a press (saved to IndexedDB before anything
 * is said), and keep flushing on every trigger the browser offers, with the phone's
 * scheduler (backoff with jitter, Retry-After), anchor keeper and transport.
 */
import { kioskHelloCanonical, kioskPhotoCanonical } from '../../core/kiosk.js';
import type {
  KioskBatchRequest,
  KioskBatchResponse,
  KioskBatchResult,
  KioskCapture,
  KioskEnrolResponse,
  KioskHelloResponse,
} from '../../core/kiosk.js';
import type { PunchKind } from '../../core/model.js';
import { AnchorKeeper, type SkewStorage } from '../src/outbox/anchor.js';
import { FlushScheduler, type Trigger } from '../src/outbox/scheduler.js';
import type { FlushOutcome, WaitReason } from '../src/outbox/sync.js';
import type { Selfie } from '../src/outbox/selfie.js';
import { sha256Hex } from '../src/outbox/selfie.js';
import { ApiError, REQUEST_TIMEOUT_MS, toError, Transport } from '../src/outbox/transport.js';
import { both } from '../src/i18n.js';
import { newId } from '../src/uuid.js';
import {
  forgetKiosk,
  hmac,
  idbKioskStore,
  loadKiosk,
  saveEnrolment,
  saveInfo,
  signKioskCapture,
  type KioskRecord,
  type KioskStore,
} from './store.js';
import { flushKiosk } from './sync.js';

/** How often an open kiosk says hello (fresh anchor, revocation seen), ms. */
export const HELLO_EVERY_MS = 10 * 60_000;

/** The kiosk's own skew, apart from a phone's on the same origin. */
const kioskSkew: SkewStorage = {
  load() {
    try {
      const v = localStorage.getItem('hadir.kiosk.skewMs');
      return v === null || !Number.isFinite(Number(v)) ? undefined : Number(v);
    } catch {
      return undefined;
    }
  },
  save(skewMs) {
    try {
      localStorage.setItem('hadir.kiosk.skewMs', String(skewMs));
    } catch {
      // Storage unavailable: the skew lasts for this page only.
    }
  },
};

/** Requests without an account: the kiosk proves itself with its signatures. */
const transport = new Transport({
  base: '/api/v1',
  fetch: (url, init) => fetch(url, init),
  session: { load: () => null, save: () => undefined, clear: () => undefined },
  onSignedOut: () => undefined,
});

/** Exchanges the admin's one-time code; keeps the key (non-extractable) on the tablet. */
export async function enrolKiosk(code: string): Promise<KioskRecord> {
  const r = await transport.publicJson<KioskEnrolResponse>('POST', '/kiosk/enrol', { code });
  return saveEnrolment(r);
}

export { loadKiosk };

export class KioskClient {
  readonly clock = new AnchorKeeper({ mono: () => performance.now(), wall: () => Date.now() }, kioskSkew);
  private readonly scheduler: FlushScheduler;
  private readonly listeners = new Set<() => void>();
  private readonly answerListeners = new Set<(r: KioskBatchResult) => void>();
  private readonly teardown: (() => void)[] = [];
  /** The server refused this kiosk (unknown or revoked). */
  refused: string | null = null;
  lastOutcome: FlushOutcome | null = null;
  waiting = 0;

  constructor(
    public kiosk: KioskRecord,
    private readonly store: KioskStore = idbKioskStore,
  ) {
    this.scheduler = new FlushScheduler({
      flush: () => this.flushOnce(),
      onSettled: (o) => {
        this.lastOutcome = o;
        void this.recount();
      },
    });
  }

  start(): void {
    const on = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn);
      this.teardown.push(() => target.removeEventListener(type, fn));
    };
    on(window, 'online', () => {
      void this.hello();
      void this.scheduler.trigger('online');
    });
    on(window, 'offline', () => this.changed());
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.scheduler.trigger('visible');
    });
    const timer = setInterval(() => void this.hello(), HELLO_EVERY_MS);
    this.teardown.push(() => clearInterval(timer));
    void navigator.storage?.persist?.().catch(() => false);
    void this.hello().finally(() => this.scheduler.trigger('start'));
    void this.recount();
  }

  stop(): void {
    this.scheduler.stop();
    for (const fn of this.teardown.splice(0)) fn();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Hears each answer of the server for a press (the page shows the one just pressed). */
  onAnswer(fn: (r: KioskBatchResult) => void): () => void {
    this.answerListeners.add(fn);
    return () => this.answerListeners.delete(fn);
  }

  trigger(reason: Trigger): Promise<void> {
    return this.scheduler.trigger(reason);
  }

  /** Why presses are still waiting, when they are. */
  waitReason(): WaitReason | null {
    if (navigator.onLine === false) return 'network';
    const o = this.lastOutcome;
    return o?.kind === 'retry' ? (o.reason ?? 'server') : null;
  }

  /** Asks the server for the kiosk's state and a fresh anchor (best effort). */
  async hello(): Promise<void> {
    const sentAt = new Date().toISOString();
    const round = { sentAt: performance.now(), receivedAt: 0 };
    try {
      const r = await transport.publicJson<KioskHelloResponse>('POST', '/kiosk/hello', {
        kioskId: this.kiosk.kioskId,
        sentAt,
        signature: await hmac(this.kiosk.key, kioskHelloCanonical(this.kiosk.kioskId, sentAt)),
      });
      this.clock.remember(r.anchor, { ...round, receivedAt: performance.now() });
      const { anchor: _a, status: _s, ...info } = r;
      this.kiosk = { ...this.kiosk, ...info };
      await saveInfo(r);
      this.changed();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'kiosk_revoked' || e.code === 'kiosk_unknown')) {
        this.refused = e.code;
        this.changed();
      }
      // Offline or busy: the anchor held (if any) still dates presses.
    }
  }

  /**
   * Records a press: the time at once, then the capture signed and committed to
   * IndexedDB. Only then may the page say "Tersimpan". Sending follows.
   */
  async press(
    who: { nip?: string; card?: string },
    pin: string,
    kind: PunchKind,
    selfie?: Promise<Selfie | undefined>,
  ): Promise<{ id: string; at: number }> {
    // The time is read at the press, before waiting for the camera's frame.
    const t = this.clock.captureTime();
    const photo = await selfie?.catch(() => undefined);
    const capture: KioskCapture = {
      id: newId(t.estimateMs),
      kind,
      capturedAt: new Date(t.estimateMs).toISOString(),
      ...who,
      pin,
      time: t.time,
      ...(photo === undefined ? {} : { photo: { sha256: photo.sha256, bytes: photo.bytes.byteLength } }),
    };
    const signature = await signKioskCapture(this.kiosk, capture);
    await this.store.put({
      id: capture.id,
      capture,
      signature,
      state: 'saved',
      ...(photo === undefined ? {} : { photo: { bytes: photo.bytes, type: photo.type } }),
      savedAt: Date.now(),
      attempts: 0,
    });
    await this.recount();
    void this.scheduler.trigger('saved');
    return { id: capture.id, at: t.estimateMs };
  }

  /** PUT /kiosk/captures/{id}/photo, signed over the bytes' SHA-256. */
  private async putPhoto(id: string, bytes: ArrayBuffer, type: string): Promise<void> {
    const sha = await sha256Hex(bytes);
    const signature = await hmac(this.kiosk.key, kioskPhotoCanonical(this.kiosk.kioskId, id, sha));
    let res: Response;
    try {
      res = await fetch(`/api/v1/kiosk/captures/${id}/photo`, {
        method: 'PUT',
        headers: {
          'content-type': type,
          'x-hadir-kiosk': this.kiosk.kioskId,
          'x-hadir-signature': signature,
        },
        body: bytes,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(0, 'network', both('network'));
    }
    if (!res.ok) throw await toError(res);
  }

  /** Forgets this kiosk (after it was revoked), so the tablet can be enrolled again. */
  async forget(): Promise<void> {
    this.stop();
    await forgetKiosk();
  }

  private async recount(): Promise<void> {
    this.waiting = (await this.store.list()).length;
    this.changed();
  }

  private flushOnce(): Promise<FlushOutcome> {
    return flushKiosk({
      store: this.store,
      kioskId: this.kiosk.kioskId,
      postBatch: (body: KioskBatchRequest) =>
        transport.publicJson<KioskBatchResponse>('POST', '/kiosk/captures', body),
      sign: (c) => signKioskCapture(this.kiosk, c),
      putPhoto: (id, bytes, type) => this.putPhoto(id, bytes, type),
      onAnchor: (a, round) => this.clock.remember(a, round),
      onAnchorRefused: () => this.clock.drop(),
      mono: () => performance.now(),
      asTransportError: (e) => {
        if (e instanceof ApiError) {
          return {
            status: e.status,
            code: e.code,
            ...(e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter }),
          };
        }
        throw e;
      },
      onAnswer: (r) => {
        for (const fn of this.answerListeners) fn(r);
      },
      onKioskRefused: (code) => {
        this.refused = code;
      },
    });
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}
