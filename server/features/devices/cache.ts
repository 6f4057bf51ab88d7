/**
 * The devices the check-in path verifies signatures with, in memory: id → employee, key
 * bytes and status. Loaded at start (non-revoked devices), filled on demand for one not
 * seen yet, so a signed check-in costs one HMAC and a map lookup — no database.
 *
 * Staleness: this process updates its entry itself on enrol/approve/revoke. A change
 * made anywhere else (another API node, the CLI) reaches it through the change feed
 * (topic `device`, migration 0013): the node drops its copy of that device and re-reads
 * it on the next use; after a reset of the feed the whole cache is dropped.
 */
import type { DeviceStatus } from '../../../core/wire.js';
import type { ChangeFeed } from '../../platform/changes/feed.js';
import type { DbHandle } from '../../platform/db/engine.js';
import type { DeviceRow } from '../../platform/db/schema.js';
import { getDevice, listLiveDevices } from './store.js';

export interface CachedDevice {
  id: string;
  employeeId: number;
  key: Buffer;
  status: DeviceStatus;
}

const PAGE = 50_000;

export function toCached(r: DeviceRow): CachedDevice {
  return {
    id: r.id,
    employeeId: r.employee_id,
    key: Buffer.from(r.key, 'base64url'),
    status: r.status as DeviceStatus,
  };
}

export class DeviceCache {
  readonly #handle: DbHandle;
  readonly #entries = new Map<string, CachedDevice>();
  #unsubscribe: (() => void) | null = null;

  private constructor(handle: DbHandle) {
    this.#handle = handle;
  }

  /** Subscribes to the device changes and loads every non-revoked device. */
  static async open(handle: DbHandle, feed: ChangeFeed): Promise<DeviceCache> {
    const c = new DeviceCache(handle);
    c.#unsubscribe = feed.subscribe(['device'], (cs) => {
      if (cs.all('device')) c.#entries.clear();
      else for (const id of cs.keys('device')) c.#entries.delete(id);
    });
    for (let after = ''; ;) {
      const rows = await listLiveDevices(handle.db, after, PAGE);
      for (const r of rows) c.#entries.set(r.id, toCached(r));
      const last = rows[rows.length - 1];
      if (!last || rows.length < PAGE) break;
      after = last.id;
    }
    return c;
  }

  /** The device from memory, or a promise of it from the database (undefined: unknown). */
  get(id: string): CachedDevice | undefined | Promise<CachedDevice | undefined> {
    const hit = this.#entries.get(id);
    if (hit) return hit;
    return getDevice(this.#handle.db, id).then((r) => {
      if (!r) return undefined;
      const c = toCached(r);
      this.#entries.set(id, c);
      return c;
    });
  }

  /** Records a change made by this process. */
  put(r: DeviceRow): void {
    this.#entries.set(r.id, toCached(r));
  }

  drop(id: string): void {
    this.#entries.delete(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  close(): Promise<void> {
    this.#unsubscribe?.();
    return Promise.resolve();
  }
}
