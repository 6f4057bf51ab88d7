/**
 * The outbox: every press is stored here before anything is said to the employee, and
 * stays until the server has answered for it (and its selfie is uploaded). Each item
 * keeps the capture's raw fields, not only its signature, because a refused time anchor
 * means resending the same id without the anchor, signed again over the new content.
 */
import type { Bilingual } from '../i18n.js';
import type { CheckInRequest, CheckInResponse } from '../../../core/wire.js';
import { request, transact } from './idb.js';

/** What the phone captured at the press: everything a request carries except the device block. */
export type RawCapture = Omit<CheckInRequest, 'device'>;

/**
 * - `saved`: on the phone, waiting to be sent;
 * - `sent`: a request carrying it is on its way, no answer yet;
 * - `accepted`: the server stored it (`result` holds the verdict);
 * - `refused`: the server will not store it (`error` says why and what to do).
 */
export type PunchState = 'saved' | 'sent' | 'accepted' | 'refused';

export interface StoredError {
  status: number;
  code: string;
  message: Bilingual;
}

export interface OutboxItem {
  /** The capture id (UUIDv7), also the key. */
  id: string;
  /** The account that pressed: a shared phone never sends one employee's punch as another's. */
  accountId: number;
  capture: RawCapture;
  /** The enrolled device and its signature over `captureCanonical(capture)`. */
  device?: { id: string; signature: string };
  /** The selfie bytes until uploaded (ArrayBuffer: older Safari cannot store Blobs in IndexedDB). */
  photo?: { bytes: ArrayBuffer; type: string };
  state: PunchState;
  /** Phone wall clock when saved, ms (for ordering and pruning only). */
  savedAt: number;
  /** Send attempts so far. */
  attempts: number;
  result?: CheckInResponse;
  /** The refusal, or why a saved punch is held (e.g. the phone awaits approval). */
  error?: StoredError;
  photoState?: 'waiting' | 'uploaded' | 'refused';
  photoError?: StoredError;
}

/** Storage behind the outbox: IndexedDB on the phone, memory in unit tests. */
export interface OutboxStore {
  /** Resolves once the write is committed. */
  put(item: OutboxItem): Promise<void>;
  get(id: string): Promise<OutboxItem | undefined>;
  /** All items, oldest capture first. */
  list(): Promise<OutboxItem[]>;
  /** Applies `change` to the stored item atomically; no-op when it is gone. */
  update(id: string, change: (item: OutboxItem) => OutboxItem): Promise<OutboxItem | undefined>;
  remove(id: string): Promise<void>;
}

/** Items still on their way to the server. */
export function isWaiting(item: OutboxItem): boolean {
  return item.state === 'saved' || item.state === 'sent';
}

const byId = (a: OutboxItem, b: OutboxItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The outbox in the phone's IndexedDB. */
export const idbOutbox: OutboxStore = {
  put: (item) => transact('outbox', 'readwrite', async (s) => void (await request(s.put(item)))),
  get: (id) =>
    transact('outbox', 'readonly', (s) => request(s.get(id) as IDBRequest<OutboxItem | undefined>)),
  list: async () =>
    (await transact('outbox', 'readonly', (s) => request(s.getAll() as IDBRequest<OutboxItem[]>))).sort(byId),
  update: (id, change) =>
    transact('outbox', 'readwrite', async (s) => {
      const current = await request(s.get(id) as IDBRequest<OutboxItem | undefined>);
      if (current === undefined) return undefined;
      const next = change(current);
      await request(s.put(next));
      return next;
    }),
  remove: (id) => transact('outbox', 'readwrite', async (s) => void (await request(s.delete(id)))),
};

/** An outbox in memory, with the same contract (unit tests; copies like structured clone). */
export function memoryOutbox(): OutboxStore & { items: Map<string, OutboxItem> } {
  const items = new Map<string, OutboxItem>();
  const copy = (i: OutboxItem): OutboxItem => structuredClone(i);
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
