/**
 * Where the phone stands relative to the employee's work locations, computed on the
 * phone with the server's own geometry (core/geo.ts), so the hint before the press and
 * the verdict after it agree.
 */
import { ACCURACY_CREDIT_MAX_M, distanceToShapeM } from '../../core/geo.js';
import type { Position } from '../../core/model.js';
import type { LocationView } from '../../core/wire.js';

export interface Nearest {
  location: LocationView;
  /** Metres to the edge of the fence; 0 inside. */
  distanceM: number;
  /** Outside the shape but within the GPS accuracy credit the server grants. */
  byAccuracy: boolean;
}

/** The nearest location to `p`, or null when the employee has none. */
export function nearestLocation(p: Position, locations: readonly LocationView[]): Nearest | null {
  let best: { location: LocationView; distanceM: number } | null = null;
  for (const location of locations) {
    const distanceM = distanceToShapeM({ lat: p.lat, lon: p.lon }, location.shape);
    if (best === null || distanceM < best.distanceM) best = { location, distanceM };
  }
  if (best === null) return null;
  const credit = Math.min(p.accuracy, ACCURACY_CREDIT_MAX_M);
  return { ...best, byAccuracy: best.distanceM > 0 && best.distanceM <= credit };
}
