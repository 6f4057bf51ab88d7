/**
 * The devices the check-in path verifies signatures with, in memory: id → employee, key
 * bytes and status. Loaded at start (non-revoked devices), filled on demand for one not
 * seen yet, so a signed check-in costs one HMAC and a map lookup — no database.
 *
 * Staleness: this process updates its entry itself on enrol/approve/revoke. On
 * PostgreSQL (several API nodes) a trigger sends NOTIFY hadir_devices with the id on
 * every change (migration 0003) and each node drops its copy, re-reading it on the next
 * use; after a lost listener connection the whole cache is dropped. SQLite runs one
 * server process, so its own updates are the only ones.
 */
import type { DeviceStatus } from '../../../core/wire.js';
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
  #stopListening: (() => Promise<void>) | null = null;

  private constructor(handle: DbHandle) {
    this.#handle = handle;
  }

  /** Loads every non-revoked device and, on PostgreSQL, listens for changes. */
  static async open(handle: DbHandle): Promise<DeviceCache> {
    const c = new DeviceCache(handle);
    c.#stopListening = await handle.listen('hadir_devices', (id) => {
      if (id === '') c.#entries.clear();
      else c.#entries.delete(id);
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

  async close(): Promise<void> {
    await this.#stopListening?.();
  }
}
