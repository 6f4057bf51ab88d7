/**
 * Location honesty (PLAN issue 4): review flags, never refusals. A GPS spoofer tends to
 * report accuracy 0, the very same coordinates day after day, or jumps no traveller could
 * make; an honest but poor fix (accuracy wider than the fence) cannot prove presence.
 *
 * The per-employee history lives in memory (the last few punches), so the hot path reads
 * no database; after a restart the flags start from an empty history.
 */
import { ACCURACY_CREDIT_MAX_M, distanceM } from '../../../core/geo.js';
import type { Location } from '../../../core/model.js';
import { dayNumber } from '../../../core/time.js';

export const FLAG_ACCURACY_ZERO = 'accuracy_zero';
export const FLAG_SAME_COORDINATES = 'same_coordinates';
export const FLAG_IMPOSSIBLE_SPEED = 'impossible_speed';
export const FLAG_ACCURACY_TOO_LOW = 'accuracy_too_low';

/** Faster than this between two punches is flagged (no road or ferry trip is faster). */
export const MAX_SPEED_KMH = 200;
/** Punches remembered per employee. */
export const RECENT_PER_EMPLOYEE = 4;

export interface RecentPunch {
  /** The punch id, as {@link punchKey} folds it (a punch is never its own neighbour). */
  key: number;
  at: number;
  /** The work date as a day number (core/time.ts dayNumber). */
  day: number;
  lat: number;
  lon: number;
  accuracy: number;
}

/**
 * A punch id folded into 52 bits (two FNV-1a hashes of its characters), exact in a
 * double. Two different punches of one employee's last few that share a key would only
 * make one flag check skip the other.
 */
export function punchKey(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x0100019d) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/** The kept form of a punch: its id folded, its work date as a day number. */
export function recentPunch(p: {
  id: string;
  at: number;
  workDate: string;
  lat: number;
  lon: number;
  accuracy: number;
}): RecentPunch {
  return {
    key: punchKey(p.id),
    at: p.at,
    day: dayNumber(p.workDate),
    lat: p.lat,
    lon: p.lon,
    accuracy: p.accuracy,
  };
}

/** Doubles per kept punch: key, at, day, lat, lon, accuracy. */
const FIELDS = 6;
const SLOT = RECENT_PER_EMPLOYEE * FIELDS;

/**
 * The last few punches of each employee, by time of record. Kept as doubles in one
 * growing array (a slot of {@link RECENT_PER_EMPLOYEE} punches per employee) rather than
 * as objects: about 200 bytes an employee instead of about 1 KB, which is what lets a
 * million employees fit (bench/scenarios/memory.ts measures it).
 */
export class RecentPunches {
  readonly #slotOf = new Map<number, number>();
  #counts = new Uint8Array(1024);
  #data = new Float64Array(1024 * SLOT);

  get size(): number {
    return this.#slotOf.size;
  }

  get(employeeId: number): readonly RecentPunch[] {
    const slot = this.#slotOf.get(employeeId);
    if (slot === undefined) return [];
    const d = this.#data;
    const out: RecentPunch[] = [];
    for (let i = 0, o = slot * SLOT; i < this.#counts[slot]!; i++, o += FIELDS) {
      out.push({
        key: d[o]!,
        at: d[o + 1]!,
        day: d[o + 2]!,
        lat: d[o + 3]!,
        lon: d[o + 4]!,
        accuracy: d[o + 5]!,
      });
    }
    return out;
  }

  note(employeeId: number, p: RecentPunch): void {
    let slot = this.#slotOf.get(employeeId);
    if (slot === undefined) {
      slot = this.#slotOf.size;
      if (slot >= this.#counts.length) this.#grow();
      this.#slotOf.set(employeeId, slot);
    }
    const d = this.#data;
    const base = slot * SLOT;
    let n = this.#counts[slot]!;
    for (let i = 0; i < n; i++) if (d[base + i * FIELDS] === p.key) return;
    // Sorted by time: the first kept punch later than p moves up one place.
    let at = n;
    while (at > 0 && d[base + (at - 1) * FIELDS + 1]! > p.at) at--;
    if (n === RECENT_PER_EMPLOYEE) {
      // Full: the oldest goes (p itself when it is older than all kept).
      if (at === 0) return;
      d.copyWithin(base, base + FIELDS, base + at * FIELDS);
      at--;
    } else {
      d.copyWithin(base + (at + 1) * FIELDS, base + at * FIELDS, base + n * FIELDS);
      n++;
    }
    const o = base + at * FIELDS;
    d[o] = p.key;
    d[o + 1] = p.at;
    d[o + 2] = p.day;
    d[o + 3] = p.lat;
    d[o + 4] = p.lon;
    d[o + 5] = p.accuracy;
    this.#counts[slot] = n;
  }

  #grow(): void {
    const counts = new Uint8Array(this.#counts.length * 2);
    counts.set(this.#counts);
    const data = new Float64Array(counts.length * SLOT);
    data.set(this.#data);
    this.#counts = counts;
    this.#data = data;
  }
}

/**
 * The location flags of punch `p` given the employee's recent punches and the fence the
 * verdict matched (or the nearest one), if any.
 *
 * @example locationFlags({ ...p, accuracy: 0 }, [], null) // ['accuracy_zero']
 */
export function locationFlags(
  p: RecentPunch,
  recent: readonly RecentPunch[],
  fence: Location | null,
): string[] {
  const flags: string[] = [];
  if (p.accuracy === 0) flags.push(FLAG_ACCURACY_ZERO);
  if (recent.some((q) => q.key !== p.key && q.day < p.day && q.lat === p.lat && q.lon === p.lon)) {
    flags.push(FLAG_SAME_COORDINATES);
  }
  // The neighbour in time just before (or else just after): speed over the gap, after
  // granting both fixes their stated accuracy.
  let prev: RecentPunch | undefined;
  let next: RecentPunch | undefined;
  for (const q of recent) {
    if (q.key === p.key) continue;
    if (q.at <= p.at) prev = q;
    else if (!next) next = q;
  }
  const other = prev ?? next;
  if (other) {
    const gapH = Math.abs(p.at - other.at) / 3_600_000;
    const km = Math.max(0, distanceM(p, other) - p.accuracy - other.accuracy) / 1000;
    if (km > 0 && (gapH === 0 || km / gapH > MAX_SPEED_KMH)) flags.push(FLAG_IMPOSSIBLE_SPEED);
  }
  if (fence) {
    const limit =
      fence.shape.type === 'circle'
        ? Math.max(fence.shape.radiusM, ACCURACY_CREDIT_MAX_M)
        : ACCURACY_CREDIT_MAX_M;
    if (p.accuracy > limit) flags.push(FLAG_ACCURACY_TOO_LOW);
  }
  return flags;
}
