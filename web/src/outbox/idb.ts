/**
 * A tiny promise wrapper over IndexedDB: open one database, run one transaction, and
 * resolve only when the transaction has COMPLETED (not when the request succeeded), so
 * "saved on the phone" is said only after the browser has committed the write.
 */

/**
 * Object stores of the page's database and their key paths: the phone's outbox, the
 * device and kiosk keys, and the kiosk's outbox (version 2, web/kiosk).
 */
export const STORES = { outbox: 'id', keys: 'name', kiosk: 'id' } as const;
export type StoreName = keyof typeof STORES;

const DB_NAME = 'hadir';
const DB_VERSION = 2;

let opening: Promise<IDBDatabase> | null = null;

/** The one database connection of this page (opened on first use). */
export function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const [name, keyPath] of Object.entries(STORES)) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema: let it, and reopen on next use.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
    req.onblocked = () => reject(new Error('indexedDB.open blocked by another tab'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

/** The result of one request, as a promise. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `body` in one transaction over `store` and resolves with its value once the
 * transaction completes (durably committed, `oncomplete`); rejects on error or abort.
 */
export async function transact<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  body: (s: IDBObjectStore) => Promise<T> | T,
): Promise<T> {
  const db = await openDb();
  // 'strict' durability: oncomplete fires after the write reached disk (Chromium honours it).
  const tx = db.transaction(store, mode, { durability: 'strict' });
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
  let value: T;
  try {
    value = await body(tx.objectStore(store));
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already finished.
    }
    await done.catch(() => undefined);
    throw e;
  }
  await done;
  return value;
}
