/**
 * A phone without a browser, for the outage test: it speaks the phone's protocol with
 * the phone's own code — the transport (deadlines, renewal with retries), the outbox
 * flush, the scheduler and its backoff, the anchor keeper and the device signature —
 * over an outbox in memory instead of IndexedDB. Hundreds of them run in one process.
 */
import type { PunchKind } from '../../core/model.js';
import type { BatchCheckInResponse, DeviceEnrolResponse, TimeResponse } from '../../core/wire.js';
import { AnchorKeeper, type RoundTrip } from '../src/outbox/anchor.js';
import { fromBase64Url, signCapture } from '../src/outbox/device.js';
import { memoryOutbox, type OutboxItem, type RawCapture } from '../src/outbox/outbox.js';
import { FlushScheduler } from '../src/outbox/scheduler.js';
import { flush, type FlushOutcome } from '../src/outbox/sync.js';
import { ApiError, Transport } from '../src/outbox/transport.js';
import type { Session } from '../src/session.js';
import { newId } from '../src/uuid.js';

export interface Press {
  id: string;
  kind: PunchKind;
  /** The true instant of the press on the server's clock, ms. */
  trueMs: number;
  anchored: boolean;
}

export class SimPhone {
  session: Session | null = null;
  signedOut = 0;
  readonly store = memoryOutbox();
  readonly presses: Press[] = [];
  readonly outcomes: FlushOutcome[] = [];
  readonly keeper: AnchorKeeper;
  readonly transport: Transport;
  #device: { deviceId: string; key: CryptoKey } | null = null;
  readonly #scheduler: FlushScheduler;

  constructor(
    private readonly opts: {
      /** e.g. http://127.0.0.1:1234/api/v1 */
      base: string;
      username: string;
      password: string;
      /** The server's clock (the truth), ms. */
      serverNow: () => number;
      /** How far this phone's wall clock is off the server's, ms. */
      skewMs: number;
      location: { lat: number; lon: number; accuracy: number };
    },
  ) {
    this.keeper = new AnchorKeeper({
      mono: () => performance.now(),
      wall: () => opts.serverNow() + opts.skewMs,
    });
    this.transport = new Transport({
      base: opts.base,
      fetch: (url, init) => fetch(url, init),
      session: {
        load: () => this.session,
        save: (s) => {
          this.session = s;
        },
        clear: () => {
          this.session = null;
        },
      },
      onSignedOut: () => {
        this.signedOut++;
      },
    });
    this.#scheduler = new FlushScheduler({
      flush: () => this.#flush(),
      onSettled: (o) => this.outcomes.push(o),
    });
  }

  /** Signs in, enrols (a first phone is active at once) and takes an anchor, as the app's first visit does. */
  async start(): Promise<void> {
    // Setup, not the subject: a connection reset under the sign-in rush is simply tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#start();
        return;
      } catch (e) {
        if (attempt >= 5 || !(e instanceof ApiError) || e.status !== 0) throw e;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  async #start(): Promise<void> {
    if (this.session === null) await this.transport.login(this.opts.username, this.opts.password);
    if (this.#device === null) {
      const r = await this.transport.authed<DeviceEnrolResponse>('POST', '/devices', { label: 'Simulasi' });
      const raw = fromBase64Url(r.key);
      const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
      this.#device = { deviceId: r.deviceId, key };
    }
    const deviceId = this.#device.deviceId;
    const sentAt = performance.now();
    const t = await this.transport.authed<TimeResponse>('GET', '/time', undefined, {
      'x-hadir-device': deviceId,
    });
    this.keeper.remember(t.anchor, { sentAt, receivedAt: performance.now() });
  }

  /** A press of the button: saved at once, then sent by the scheduler. */
  async press(kind: PunchKind): Promise<Press> {
    const at = this.keeper.captureTime();
    const trueMs = this.opts.serverNow();
    const capture: RawCapture = {
      id: newId(at.estimateMs),
      kind,
      capturedAt: new Date(at.estimateMs).toISOString(),
      location: this.opts.location,
      time: at.time,
    };
    const device = this.#device ? await signCapture(this.#device, capture) : undefined;
    const item: OutboxItem = {
      id: capture.id,
      accountId: 1,
      capture,
      ...(device ? { device } : {}),
      state: 'saved',
      savedAt: Date.now(),
      attempts: 0,
    };
    await this.store.put(item);
    const p: Press = { id: capture.id, kind, trueMs, anchored: at.anchored };
    this.presses.push(p);
    void this.#scheduler.trigger('saved');
    return p;
  }

  /** Punches not yet answered. */
  async waiting(): Promise<number> {
    return (await this.store.list()).filter((i) => i.state === 'saved' || i.state === 'sent').length;
  }

  stop(): void {
    this.#scheduler.stop();
  }

  #flush(): Promise<FlushOutcome> {
    return flush({
      store: this.store,
      accountId: 1,
      postBatch: (checkIns) =>
        this.transport.authed<BatchCheckInResponse>('POST', '/check-ins/batch', { checkIns }),
      putPhoto: () => Promise.resolve(),
      sign: (c) => (this.#device ? signCapture(this.#device, c) : Promise.resolve(undefined)),
      onAnchor: (a, round: RoundTrip) => this.keeper.remember(a, round),
      onAnchorRefused: () => this.keeper.drop(),
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
      now: () => Date.now(),
    });
  }
}
