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

export const FLAG_ACCURACY_ZERO = 'accuracy_zero';
export const FLAG_SAME_COORDINATES = 'same_coordinates';
export const FLAG_IMPOSSIBLE_SPEED = 'impossible_speed';
export const FLAG_ACCURACY_TOO_LOW = 'accuracy_too_low';

/** Faster than this between two punches is flagged (no road or ferry trip is faster). */
export const MAX_SPEED_KMH = 200;
/** Punches remembered per employee. */
export const RECENT_PER_EMPLOYEE = 4;

export interface RecentPunch {
  id: string;
  at: number;
  workDate: string;
  lat: number;
  lon: number;
  accuracy: number;
}

/** The last few punches of each employee, by time of record. */
export class RecentPunches {
  readonly #byEmployee = new Map<number, RecentPunch[]>();

  get(employeeId: number): readonly RecentPunch[] {
    return this.#byEmployee.get(employeeId) ?? [];
  }

  note(employeeId: number, p: RecentPunch): void {
    const list = this.#byEmployee.get(employeeId);
    if (!list) {
      this.#byEmployee.set(employeeId, [p]);
      return;
    }
    if (list.some((q) => q.id === p.id)) return;
    list.push(p);
    list.sort((a, b) => a.at - b.at);
    if (list.length > RECENT_PER_EMPLOYEE) list.shift();
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
  if (recent.some((q) => q.id !== p.id && q.workDate < p.workDate && q.lat === p.lat && q.lon === p.lon)) {
    flags.push(FLAG_SAME_COORDINATES);
  }
  // The neighbour in time just before (or else just after): speed over the gap, after
  // granting both fixes their stated accuracy.
  let prev: RecentPunch | undefined;
  let next: RecentPunch | undefined;
  for (const q of recent) {
    if (q.id === p.id) continue;
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
