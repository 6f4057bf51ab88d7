/**
 * The outbox as the page uses it: save a press (and only then say "saved on the phone"),
 * list the punches with their states, and keep flushing on every trigger the browser
 * offers. One instance per signed-in account.
 */
import type { PunchKind } from '../../../core/model.js';
import type { DeviceStatus, TimeAnchorView } from '../../../core/wire.js';
import { ApiError, enrolDevice, postBatch, putPhoto } from '../api.js';
import { capture } from '../capture.js';
import { AnchorKeeper, localSkewStorage, type RoundTrip } from './anchor.js';
import {
  deviceLabel,
  ensureDevice,
  forgetDevice,
  loadDevice,
  saveDeviceStatus,
  signCapture,
  type DeviceRecord,
} from './device.js';
import { idbOutbox, isWaiting, type OutboxItem, type OutboxStore, type RawCapture } from './outbox.js';
import { FlushScheduler, type Trigger } from './scheduler.js';
import type { Selfie } from './selfie.js';
import { flush, type FlushOutcome, type WaitReason } from './sync.js';

/** Tag of the Background Sync registration; the service worker relays it to the page. */
export const SYNC_TAG = 'hadir-outbox';

/** The anchor and skew are per page, shared by every account signed in on it. */
export const clock = new AnchorKeeper(
  { mono: () => performance.now(), wall: () => Date.now() },
  localSkewStorage,
);

export class OutboxClient {
  private device: DeviceRecord | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly scheduler: FlushScheduler;
  private readonly teardown: (() => void)[] = [];
  /** The outcome of the last flush, for the page's wording. */
  lastOutcome: FlushOutcome | null = null;

  constructor(
    readonly accountId: number,
    private readonly store: OutboxStore = idbOutbox,
  ) {
    this.scheduler = new FlushScheduler({
      flush: () => this.flushOnce(),
      onSettled: (o) => {
        this.lastOutcome = o;
        this.changed();
      },
    });
  }

  /** Starts listening to the triggers and flushes once (app start). */
  start(): void {
    const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.teardown.push(() => target.removeEventListener(type, fn));
    };
    on(window, 'online', () => void this.scheduler.trigger('online'));
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.scheduler.trigger('visible');
    });
    if ('serviceWorker' in navigator) {
      const onMessage = (e: Event) => {
        const data = (e as MessageEvent<{ type?: string }>).data;
        if (data?.type === 'hadir-flush') void this.scheduler.trigger('sync');
      };
      on(navigator.serviceWorker, 'message', onMessage);
    }
    // Ask the browser not to evict the outbox under storage pressure (best effort).
    void navigator.storage?.persist?.().catch(() => false);
    void this.loadDevice().then(() => this.trigger('start'));
  }

  stop(): void {
    this.scheduler.stop();
    for (const fn of this.teardown.splice(0)) fn();
    this.listeners.clear();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  trigger(reason: Trigger): Promise<void> {
    return this.scheduler.trigger(reason);
  }

  /** When the next automatic try is due (ms), while sends are failing. */
  get nextTryAt(): number | null {
    return this.scheduler.nextTryAt;
  }

  /** This account's punches, oldest first. */
  async items(): Promise<OutboxItem[]> {
    return (await this.store.list()).filter((i) => i.accountId === this.accountId);
  }

  async waitingCount(): Promise<number> {
    return (await this.items()).filter(isWaiting).length;
  }

  get deviceStatus(): DeviceStatus | null {
    return this.device?.status ?? null;
  }

  get deviceId(): string | undefined {
    return this.device?.deviceId;
  }

  /** Enrols this phone when it has no key for the account yet (needs the network). */
  async enrol(): Promise<DeviceRecord | undefined> {
    try {
      this.device = await ensureDevice(this.accountId, () => enrolDevice(deviceLabel(navigator.userAgent)));
      this.changed();
    } catch {
      // Offline at sign-in: captures are stored unsigned and signed once enrolment succeeds.
    }
    return this.device;
  }

  /**
   * The server said how this device stands (GET /me/today; null = it does not know this
   * key for the account). A revoked or unknown key is forgotten and the phone enrols again
   * (pending approval); waiting punches are signed again with the new key when sent.
   */
  async deviceSeen(status: DeviceStatus | null): Promise<void> {
    if (this.device === undefined) return;
    if (status === null || status === 'revoked') {
      await forgetDevice(this.accountId);
      this.device = undefined;
      for (const item of await this.items()) {
        if (!isWaiting(item)) continue;
        await this.store.update(item.id, (i) => {
          const { device: _d, ...rest } = i;
          return rest;
        });
      }
      await this.enrol();
      return;
    }
    if (this.device.status === status) return;
    this.device = { ...this.device, status };
    await saveDeviceStatus(this.accountId, status);
    this.changed();
    if (status === 'active') void this.trigger('manual');
  }

  rememberAnchor(anchor: TimeAnchorView, round: RoundTrip): void {
    clock.remember(anchor, round);
  }

  /**
   * Why this account's punches are still waiting, when they are: the phone's own view
   * (offline, awaiting approval) first, then what the last flush met.
   */
  waitReason(): WaitReason | null {
    if (this.device?.status === 'pending') return 'pending';
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'network';
    const o = this.lastOutcome;
    return o?.kind === 'retry' ? (o.reason ?? 'server') : null;
  }

  /**
   * Records a press: time at the press, position, optional selfie; signs it; resolves
   * once the outbox transaction has completed. Only then may the page say "saved".
   */
  async press(kind: PunchKind, selfie?: Selfie): Promise<OutboxItem> {
    const raw = await capture(kind, clock, selfie);
    const device = await this.sign(raw);
    const item: OutboxItem = {
      id: raw.id,
      accountId: this.accountId,
      capture: raw,
      ...(device === undefined ? {} : { device }),
      ...(selfie === undefined ? {} : { photo: { bytes: selfie.bytes, type: selfie.type } }),
      state: 'saved',
      savedAt: Date.now(),
      attempts: 0,
    };
    await this.store.put(item);
    this.changed();
    void registerBackgroundSync();
    void this.trigger('saved');
    return item;
  }

  /** Dismisses a refused punch from the list. */
  async dismiss(id: string): Promise<void> {
    await this.store.remove(id);
    this.changed();
  }

  private async loadDevice(): Promise<void> {
    try {
      this.device = await loadDevice(this.accountId);
    } catch {
      this.device = undefined;
    }
  }

  private async sign(raw: RawCapture): Promise<{ id: string; signature: string } | undefined> {
    if (this.device === undefined) await this.loadDevice();
    return this.device === undefined ? undefined : signCapture(this.device, raw);
  }

  private flushOnce(): Promise<FlushOutcome> {
    const run = () =>
      flush({
        store: this.store,
        accountId: this.accountId,
        postBatch: (c) => {
          // Show "sent" while the request is out.
          this.changed();
          return postBatch(c);
        },
        putPhoto,
        sign: (c) => this.sign(c),
        onAnchor: (a, round) => clock.remember(a, round),
        mono: () => performance.now(),
        onAnchorRefused: () => clock.drop(),
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
    // One flush across tabs of the same phone (Web Locks, where available).
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    // request() resolves with the callback's resolved value (its lib type nests the promise).
    return locks ? (locks.request('hadir-outbox-flush', run) as unknown as Promise<FlushOutcome>) : run();
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

/**
 * Asks the service worker to be woken when the phone has a connection again (Background
 * Sync: Chromium browsers). Safari and Firefox lack it; there the outbox flushes when
 * the app is opened, becomes visible or sees `online`, and on its own timer.
 */
async function registerBackgroundSync(): Promise<void> {
  try {
    if (!('serviceWorker' in navigator)) return;
    const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
      sync?: { register(tag: string): Promise<void> };
    };
    await reg.sync?.register(SYNC_TAG);
  } catch {
    // Not supported or not allowed: the other triggers still flush.
  }
}
