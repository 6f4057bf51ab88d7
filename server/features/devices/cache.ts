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

/** The statuses in the order their codes are stored. */
const STATUSES: readonly DeviceStatus[] = ['active', 'pending', 'revoked'];
/** The length of every key the server makes (devices/service.ts: 32 random bytes). */
const KEY_BYTES = 32;

/**
 * The devices, kept compact: a slot per device in typed arrays (employee, status) and one
 * key slab, 32 bytes a slot, found through a map from id to slot. About 130 bytes a device
 * instead of about 300 for an object with its own Buffer (bench/scenarios/memory.ts).
 */
export class DeviceSlots {
  readonly #slotOf = new Map<string, number>();
  /** Slots freed by a drop, used again first. */
  #free: number[] = [];
  #next = 0;
  #employee = new Float64Array(1024);
  #status = new Uint8Array(1024);
  #keys = Buffer.alloc(1024 * KEY_BYTES);
  /** Keys of another length (none the server makes), by slot. */
  readonly #odd = new Map<number, Buffer>();

  get size(): number {
    return this.#slotOf.size;
  }

  /** A fresh copy: what a caller holds never changes when the slot is used again. */
  get(id: string): CachedDevice | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    const odd = this.#odd.get(slot);
    const key = odd ?? Buffer.from(this.#keys.subarray(slot * KEY_BYTES, (slot + 1) * KEY_BYTES));
    return { id, employeeId: this.#employee[slot]!, key, status: STATUSES[this.#status[slot]!]! };
  }

  set(d: CachedDevice): void {
    let slot = this.#slotOf.get(d.id);
    if (slot === undefined) {
      slot = this.#free.pop() ?? this.#next++;
      if (slot >= this.#status.length) this.#grow();
      this.#slotOf.set(d.id, slot);
    }
    this.#employee[slot] = d.employeeId;
    const code = STATUSES.indexOf(d.status);
    // A status this code does not know is kept as revoked: refused, never let through.
    this.#status[slot] = code < 0 ? STATUSES.indexOf('revoked') : code;
    if (d.key.length === KEY_BYTES) {
      d.key.copy(this.#keys, slot * KEY_BYTES);
      this.#odd.delete(slot);
    } else this.#odd.set(slot, Buffer.from(d.key));
  }

  delete(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#slotOf.delete(id);
    this.#odd.delete(slot);
    this.#keys.fill(0, slot * KEY_BYTES, (slot + 1) * KEY_BYTES);
    this.#free.push(slot);
  }

  clear(): void {
    this.#slotOf.clear();
    this.#odd.clear();
    this.#free = [];
    this.#next = 0;
    this.#keys.fill(0);
  }

  #grow(): void {
    const n = this.#status.length * 2;
    const employee = new Float64Array(n);
    employee.set(this.#employee);
    const status = new Uint8Array(n);
    status.set(this.#status);
    const keys = Buffer.alloc(n * KEY_BYTES);
    this.#keys.copy(keys);
    this.#employee = employee;
    this.#status = status;
    this.#keys = keys;
  }
}

export class DeviceCache {
  readonly #handle: DbHandle;
  readonly #entries = new DeviceSlots();
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
      for (const r of rows) c.#entries.set(toCached(r));
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
      this.#entries.set(c);
      return c;
    });
  }

  /** Records a change made by this process. */
  put(r: DeviceRow): void {
    this.#entries.set(toCached(r));
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
