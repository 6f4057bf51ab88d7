/**
 * Device contacts (issue 9 item 2): when a device last talked to the server, so a capture
 * claimed before a later contact that did not deliver it can be told apart
 * (core/attendance/review.ts timeCauseOf 'contact_gap').
 *
 * Every contact hands the phone a fresh anchor (time/anchors.ts), so the anchor issue is
 * where a contact is noted. What is stored, and why it stays cheap at the 07:00 peak:
 * - a contact that delivered a new punch writes nothing more: the punch row already says
 *   when the device talked (punches.device_id, received_at);
 * - any other contact (GET /time, GET /me/today, a batch or re-send that stored nothing)
 *   upserts one row per device in `device_contacts` (migration 0024) — the latest contact
 *   only, since a capture is suspicious as soon as *some* contact came after it, and the
 *   latest is the one that does. Those writes are coalesced per device and process
 *   ({@link CONTACT_WRITE_EVERY_MS}: a phone polling /time writes at most once a minute),
 *   run off the answer path (the answer never waits for them; a failure is logged), and
 *   the process also keeps the latest contact in memory, so its own ingest sees it at once.
 * So the stored latest contact may lag the true one by up to a minute, which can only miss
 * a gap, never invent one. Only a capture that arrives late reads them (one query), so the
 * prompt press of the peak never does.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Log } from '../../platform/log.js';

/** A device's non-delivering contacts are written at most this often (per process). */
export const CONTACT_WRITE_EVERY_MS = 60_000;
/** The device of a kiosk's anchors (kiosks/capture.ts kioskAnchorDevice). */
const KIOSK_KEY_PREFIX = 'kiosk:';
/** Devices remembered in memory, about; the oldest noted are forgotten first (the table keeps them all). */
const MEMORY_MAX = 200_000;

/**
 * A map that forgets its oldest keys, in two generations: keys go into the young one;
 * when it holds half the bound it becomes the old one and the oldest generation is
 * dropped whole. Every operation is O(1). (Evicting the first key of one Map each time,
 * `keys().next()`, walks past every entry deleted before it: at a million devices that
 * cost ~100 µs a check-in.)
 */
export class RecentMap<V> {
  readonly #half: number;
  #young = new Map<string, V>();
  #old = new Map<string, V>();

  constructor(max: number) {
    this.#half = Math.max(1, Math.floor(max / 2));
  }

  get(key: string): V | undefined {
    return this.#young.get(key) ?? this.#old.get(key);
  }

  set(key: string, value: V): void {
    if (!this.#young.has(key) && this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }

  /** Keys held, a key in both generations counted once per generation (at most the bound). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }
}

/** The key of a device's contacts: its id, or the employee's for contacts bound to no device. */
export function contactKey(employeeId: number, deviceId: string | null): string {
  return deviceId ?? `employee:${employeeId}`;
}

export class DeviceContacts {
  readonly #db: Kysely<Database>;
  readonly #log: Pick<Log, 'error'>;
  /** Latest contact per key seen by this process. */
  readonly #seen = new RecentMap<number>(MEMORY_MAX);
  /** Latest contact per key this process wrote. */
  readonly #written = new RecentMap<number>(MEMORY_MAX);

  constructor(db: Kysely<Database>, log: Pick<Log, 'error'>) {
    this.#db = db;
    this.#log = log;
  }

  /**
   * Notes a contact of `employeeId` through `deviceId` at `at`. `delivered`: it stored a
   * new punch (whose row records the contact), so nothing is written.
   */
  note(employeeId: number, deviceId: string | null, at: number, delivered: boolean): void {
    // Kiosks take anchors under a placeholder employee (kiosks/capture.ts): not a person's
    // device, so nothing is written; this process remembers the contact for the kiosk's
    // own late captures ({@link latestOfKiosk}).
    if (!Number.isSafeInteger(employeeId) || employeeId < 1) {
      if (deviceId?.startsWith(KIOSK_KEY_PREFIX)) this.#remember(deviceId, at);
      return;
    }
    const key = contactKey(employeeId, deviceId);
    this.#remember(key, at);
    if (delivered) return;
    const last = this.#written.get(key);
    if (last !== undefined && at - last < CONTACT_WRITE_EVERY_MS) return;
    this.#written.set(key, at);
    void this.#db
      .insertInto('device_contacts')
      .values({ contact_key: key, employee_id: employeeId, contact_at: at })
      .onConflict((oc) =>
        oc.column('contact_key').doUpdateSet({
          contact_at: sql<number>`case when excluded.contact_at > device_contacts.contact_at
            then excluded.contact_at else device_contacts.contact_at end`,
        }),
      )
      .execute()
      .catch((err: unknown) => this.#log.error({ err, key }, 'noting a device contact failed'));
  }

  #remember(key: string, at: number): void {
    this.#seen.set(key, at);
  }

  /**
   * The latest contact of a kiosk in the open interval (after, before): this process's
   * memory of the anchors it handed the kiosk, and the kiosk's deliveries of other
   * punches (any process's). Null when none is known.
   */
  async latestOfKiosk(kioskId: string, after: number, before: number): Promise<number | null> {
    const inRange = (t: number | undefined): t is number => t !== undefined && t > after && t < before;
    const seen = this.#seen.get(`${KIOSK_KEY_PREFIX}${kioskId}`);
    const delivered = await this.#db
      .selectFrom('punches')
      .select((eb) => eb.fn.max('received_at').as('at'))
      .where('terminal_id', '=', kioskId)
      .where('source', '=', 'kiosk')
      .where('received_at', '>', after)
      .where('received_at', '<', before)
      .executeTakeFirst();
    const stored = delivered?.at === null || delivered?.at === undefined ? undefined : Number(delivered.at);
    const found = [seen, stored].filter(inRange);
    return found.length === 0 ? null : Math.max(...found);
  }

  /**
   * The latest contact of the device in the open interval (after, before): this
   * process's memory, the stored contacts, and the device's own deliveries of other
   * punches. Null when none is known.
   */
  async latestBetween(
    employeeId: number,
    deviceId: string | null,
    after: number,
    before: number,
  ): Promise<number | null> {
    const key = contactKey(employeeId, deviceId);
    const inRange = (t: number | null | undefined): t is number =>
      t !== null && t !== undefined && t > after && t < before;
    let best: number | null = null;
    const keep = (t: number | null | undefined) => {
      if (inRange(t) && (best === null || t > best)) best = t;
    };
    keep(this.#seen.get(key));
    const stored = await this.#db
      .selectFrom('device_contacts')
      .select('contact_at')
      .where('contact_key', '=', key)
      .executeTakeFirst();
    if (stored) keep(Number(stored.contact_at));
    // Deliveries: the employee's punches through the same device (the employee/date index
    // narrows them to a few rows a day).
    let q = this.#db
      .selectFrom('punches')
      .select((eb) => eb.fn.max('received_at').as('at'))
      .where('employee_id', '=', employeeId)
      .where('received_at', '>', after)
      .where('received_at', '<', before);
    q = deviceId === null ? q.where('device_id', 'is', null) : q.where('device_id', '=', deviceId);
    const delivered = await q.executeTakeFirst();
    if (delivered?.at !== null && delivered?.at !== undefined) keep(Number(delivered.at));
    return best;
  }
}
