/**
 * What the kiosk tablet keeps: its enrolment (kiosk id, site, and the key as a
 * NON-extractable WebCrypto HMAC key, like the phone's device key) and its outbox of
 * presses not yet answered by the server. Both live in the page's IndexedDB
 * (web/src/outbox/idb.ts: the `keys` and `kiosk` stores).
 *
 * The outbox keeps a press only until the server has answered for it: accepted or
 * refused, it is deleted at once, PIN and all (an accepted press with a selfie keeps
 * the photo, without the PIN, until it is uploaded), so the tablet holds nobody's data
 * longer than the network is away.
 */
import { kioskCaptureCanonical } from '../../core/kiosk.js';
import type { KioskCapture, KioskEnrolResponse, KioskInfo } from '../../core/kiosk.js';
import { fromBase64Url, toBase64Url } from '../src/outbox/device.js';
import { request, transact } from '../src/outbox/idb.js';

/**
 * - `saved`: on the tablet, waiting to be sent;
 * - `sent`: a request carrying it is on its way, no answer yet;
 * - `accepted`: stored by the server, its selfie still to upload (the PIN already gone).
 */
export type KioskItemState = 'saved' | 'sent' | 'accepted';

export interface KioskItem {
  /** The capture id (UUIDv7), also the key. */
  id: string;
  capture: KioskCapture;
  /** base64url HMAC over kioskCaptureCanonical(kioskId, capture). */
  signature: string;
  state: KioskItemState;
  /** The selfie bytes until uploaded (ArrayBuffer: older Safari cannot store Blobs in IndexedDB). */
  photo?: { bytes: ArrayBuffer; type: string };
  /** Tablet wall clock when saved, ms (ordering only). */
  savedAt: number;
  attempts: number;
}

/** Storage behind the kiosk outbox: IndexedDB on the tablet, memory in unit tests. */
export interface KioskStore {
  put(item: KioskItem): Promise<void>;
  get(id: string): Promise<KioskItem | undefined>;
  /** All items, oldest capture first. */
  list(): Promise<KioskItem[]>;
  update(id: string, change: (item: KioskItem) => KioskItem): Promise<KioskItem | undefined>;
  remove(id: string): Promise<void>;
}

const byId = (a: KioskItem, b: KioskItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const idbKioskStore: KioskStore = {
  put: (item) => transact('kiosk', 'readwrite', async (s) => void (await request(s.put(item)))),
  get: (id) => transact('kiosk', 'readonly', (s) => request(s.get(id) as IDBRequest<KioskItem | undefined>)),
  list: async () =>
    (await transact('kiosk', 'readonly', (s) => request(s.getAll() as IDBRequest<KioskItem[]>))).sort(byId),
  update: (id, change) =>
    transact('kiosk', 'readwrite', async (s) => {
      const current = await request(s.get(id) as IDBRequest<KioskItem | undefined>);
      if (current === undefined) return undefined;
      const next = change(current);
      await request(s.put(next));
      return next;
    }),
  remove: (id) => transact('kiosk', 'readwrite', async (s) => void (await request(s.delete(id)))),
};

/** A kiosk outbox in memory, with the same contract (unit tests). */
export function memoryKioskStore(): KioskStore & { items: Map<string, KioskItem> } {
  const items = new Map<string, KioskItem>();
  const copy = (i: KioskItem): KioskItem => structuredClone(i);
  return {
    items,
    put: (item) => {
      items.set(item.id, copy(item));
      return Promise.resolve();
    },
    get: (id) => Promise.resolve(items.has(id) ? copy(items.get(id)!) : undefined),
    list: () => Promise.resolve([...items.values()].map(copy).sort(byId)),
    update: (id, change) => {
      const current = items.get(id);
      if (current === undefined) return Promise.resolve(undefined);
      const next = change(copy(current));
      items.set(id, copy(next));
      return Promise.resolve(copy(next));
    },
    remove: (id) => {
      items.delete(id);
      return Promise.resolve();
    },
  };
}

/** The tablet's enrolment, as kept in the `keys` store. */
export interface KioskRecord extends Omit<KioskInfo, 'status'> {
  name: 'kiosk';
  key: CryptoKey;
}

export function loadKiosk(): Promise<KioskRecord | undefined> {
  return transact('keys', 'readonly', (s) => request(s.get('kiosk') as IDBRequest<KioskRecord | undefined>));
}

/** Keeps the enrolment: the raw key is imported non-extractable, then zeroed and forgotten. */
export async function saveEnrolment(r: KioskEnrolResponse): Promise<KioskRecord> {
  const raw = fromBase64Url(r.key);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  raw.fill(0);
  const record: KioskRecord = {
    name: 'kiosk',
    kioskId: r.kioskId,
    label: r.label,
    site: r.site,
    selfieRequired: r.selfieRequired,
    key,
  };
  await transact('keys', 'readwrite', async (s) => void (await request(s.put(record))));
  return record;
}

/** Updates what the server said of the kiosk (site name, selfie rule). */
export async function saveInfo(info: KioskInfo): Promise<void> {
  await transact('keys', 'readwrite', async (s) => {
    const r = await request(s.get('kiosk') as IDBRequest<KioskRecord | undefined>);
    if (r !== undefined) {
      await request(s.put({ ...r, label: info.label, site: info.site, selfieRequired: info.selfieRequired }));
    }
  });
}

/** Forgets the enrolment (a revoked kiosk, before enrolling again). */
export function forgetKiosk(): Promise<void> {
  return transact('keys', 'readwrite', async (s) => void (await request(s.delete('kiosk'))));
}

/** base64url HMAC-SHA256 of `data` with the kiosk's key. */
export async function hmac(key: CryptoKey, data: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data));
  return toBase64Url(new Uint8Array(mac));
}

/** The kiosk's signature over a capture. */
export function signKioskCapture(k: Pick<KioskRecord, 'kioskId' | 'key'>, c: KioskCapture): Promise<string> {
  return hmac(k.key, kioskCaptureCanonical(k.kioskId, c));
}
