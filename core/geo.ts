/**
 * Geofences: is the phone at the work site? Distances are great-circle distances on a
 * sphere with the IUGG mean Earth radius; at fence scale (tens to hundreds of metres)
 * the error against the WGS 84 ellipsoid is far below a phone's GPS accuracy.
 *
 * Indonesia straddles the equator and the 180th meridian is far away, but nothing here
 * assumes a hemisphere: all maths is on signed coordinates.
 */
import type { ErrorDetail, Result } from './errors.js';
import type { FenceVerdict, LatLon, Location, Position, Shape } from './model.js';

/**
 * Most credit (metres) the phone's reported accuracy can earn: a point outside a fence but
 * within min(accuracy, this) of its edge counts as inside. Without a cap a phone reporting
 * "accuracy 5 km" could check in from home.
 */
export const ACCURACY_CREDIT_MAX_M = 100;

/** IUGG mean Earth radius R1 (metres). */
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * Distances this small (1 mm) count as "on the edge": far below GPS resolution, and it
 * absorbs floating-point noise when a point is placed exactly on a boundary.
 */
export const BOUNDARY_EPSILON_M = 0.001;

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;

/**
 * Great-circle distance in metres on the sphere of radius {@link EARTH_RADIUS_M}.
 *
 * Computed with the atan2 ("Vincenty, sphere") form of the central angle: it equals the
 * haversine to well under a millimetre at fence scale, but stays exact near antipodal
 * points, where the haversine's asin loses centimetres.
 *
 * @example distanceM({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }) // ≈ 111_195.08
 */
export function distanceM(a: LatLon, b: LatLon): number {
  const phi1 = a.lat * RAD;
  const phi2 = b.lat * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const sin1 = Math.sin(phi1);
  const cos1 = Math.cos(phi1);
  const sin2 = Math.sin(phi2);
  const cos2 = Math.cos(phi2);
  const cosDLon = Math.cos(dLon);
  const x = cos2 * Math.sin(dLon);
  const y = cos1 * sin2 - sin1 * cos2 * cosDLon;
  return EARTH_RADIUS_M * Math.atan2(Math.sqrt(x * x + y * y), sin1 * sin2 + cos1 * cos2 * cosDLon);
}

/** Longitude difference folded into [-180, 180), so a polygon may cross the antimeridian. */
function lonDelta(lon: number, origin: number): number {
  const d = (((lon - origin) % 360) + 540) % 360;
  return d - 180;
}

/**
 * The point `distance` metres from `from` along the initial bearing `bearingDeg` (0 =
 * north, 90 = east) on the same sphere as {@link distanceM}; for demo data and tests.
 *
 * @example destinationPoint({ lat: 0, lon: 0 }, 90, 111_195) // ≈ { lat: 0, lon: 1 }
 */
export function destinationPoint(from: LatLon, bearingDeg: number, distance: number): LatLon {
  const delta = distance / EARTH_RADIUS_M;
  const theta = bearingDeg * RAD;
  const phi1 = from.lat * RAD;
  const sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
  const phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
  const lambda =
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
      Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
    ) / RAD;
  return { lat: phi2 / RAD, lon: lonDelta(from.lon + lambda, 0) };
}

/**
 * Distance from `p` to a polygon in metres, 0 when inside or on the edge.
 *
 * The polygon is projected onto a local plane centred on `p` (equirectangular: east =
 * Δlon·cos(lat), north = Δlat); at fence scale this is exact to millimetres. The closest
 * edge point found in that plane is measured back with the haversine, so far-away
 * points get the same distances a circle would.
 */
function distanceToPolygonM(p: LatLon, points: readonly LatLon[]): number {
  const n = points.length;
  if (n === 0) return Infinity;
  const kx = Math.cos(p.lat * RAD) * M_PER_DEG;
  const xs = points.map((q) => lonDelta(q.lon, p.lon) * kx);
  const ys = points.map((q) => (q.lat - p.lat) * M_PER_DEG);

  let inside = false;
  let best = Infinity;
  let bestLat = p.lat;
  let bestLon = p.lon;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[i] ?? 0;
    const yi = ys[i] ?? 0;
    const xj = xs[j] ?? 0;
    const yj = ys[j] ?? 0;
    // Crossing number: count edges crossed by the ray from the origin towards +x.
    // The half-open test (y > 0) counts a vertex on the ray once.
    if (yi > 0 !== yj > 0 && xi - (yi * (xj - xi)) / (yj - yi) > 0) inside = !inside;
    // Closest point of segment j→i to the origin.
    const dx = xi - xj;
    const dy = yi - yj;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(xj * dx + yj * dy) / len2));
    const cx = xj + t * dx;
    const cy = yj + t * dy;
    const d2 = cx * cx + cy * cy;
    if (d2 < best) {
      best = d2;
      const a = points[j] as LatLon;
      const b = points[i] as LatLon;
      bestLat = a.lat + t * (b.lat - a.lat);
      bestLon = p.lon + (lonDelta(a.lon, p.lon) + t * (lonDelta(b.lon, p.lon) - lonDelta(a.lon, p.lon)));
    }
  }
  if (n >= 3 && inside) return 0;
  if (Math.sqrt(best) <= BOUNDARY_EPSILON_M) return 0;
  const d = distanceM(p, { lat: bestLat, lon: bestLon });
  return d <= BOUNDARY_EPSILON_M ? 0 : d;
}

/**
 * Metres from `p` to the edge of `shape`; 0 when inside or on the boundary (the boundary
 * belongs to the fence, within {@link BOUNDARY_EPSILON_M}).
 *
 * @example distanceToShapeM(center, { type: 'circle', center, radiusM: 50 }) // 0
 */
export function distanceToShapeM(p: LatLon, shape: Shape): number {
  switch (shape.type) {
    case 'circle': {
      const d = distanceM(p, shape.center) - shape.radiusM;
      return d <= BOUNDARY_EPSILON_M ? 0 : d;
    }
    case 'polygon':
      return distanceToPolygonM(p, shape.points);
  }
}

/**
 * Decides whether a position is at one of the employee's work sites.
 *
 * - Geometrically inside (or on the edge of) any active fence → inside, distance 0; with
 *   overlapping fences the first in the given order is reported.
 * - Else, if the nearest fence is within min(accuracy, cap) metres → inside with
 *   `byAccuracy: true`: the phone's uncertainty goes in the employee's favour, but never
 *   by more than the cap ({@link ACCURACY_CREDIT_MAX_M} unless configured).
 * - Else outside, naming the nearest fence and its distance.
 * - No active location → 'no_location'.
 *
 * @example evaluateFence({ lat, lon, accuracy: 15 }, [office]).status // 'inside'
 */
export function evaluateFence(
  p: Position,
  locations: readonly Location[],
  opts: { accuracyCreditMaxM?: number } = {},
): FenceVerdict {
  let nearest: Location | null = null;
  let nearestD = Infinity;
  for (const loc of locations) {
    if (!loc.active) continue;
    const d = distanceToShapeM(p, loc.shape);
    if (d === 0) {
      return {
        status: 'inside',
        locationId: loc.id,
        locationName: loc.name,
        distanceM: 0,
        byAccuracy: false,
      };
    }
    if (nearest === null || d < nearestD) {
      nearest = loc;
      nearestD = d;
    }
  }
  if (nearest === null) {
    return { status: 'no_location', locationId: null, locationName: null, distanceM: 0, byAccuracy: false };
  }
  const cap = opts.accuracyCreditMaxM ?? ACCURACY_CREDIT_MAX_M;
  const accuracy = Number.isFinite(p.accuracy) && p.accuracy > 0 ? p.accuracy : 0;
  const credit = Math.min(accuracy, Math.max(0, cap));
  return {
    status: nearestD <= credit ? 'inside' : 'outside',
    locationId: nearest.id,
    locationName: nearest.name,
    distanceM: nearestD,
    byAccuracy: nearestD <= credit,
  };
}

/** True for a real coordinate: latitude -90..90, longitude -180..180. */
export function isLatLon(p: LatLon): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}

/** Largest fence an admin may draw (metres of radius); a bigger one is surely a typo. */
export const MAX_FENCE_RADIUS_M = 50_000;

/**
 * Checks a fence drawn by an admin: real coordinates, a circle radius in
 * (0, {@link MAX_FENCE_RADIUS_M}], a polygon of at least 3 distinct points. Refusals are
 * `invalid_body` with details on field 'shape' (reasons 'coordinates', 'radius', 'points').
 */
export function validateShape(shape: Shape): Result<Shape> {
  const details: ErrorDetail[] = [];
  switch (shape.type) {
    case 'circle':
      if (!isLatLon(shape.center)) details.push({ field: 'shape', reason: 'coordinates' });
      if (!(shape.radiusM > 0 && shape.radiusM <= MAX_FENCE_RADIUS_M)) {
        details.push({ field: 'shape', reason: 'radius' });
      }
      break;
    case 'polygon': {
      if (!shape.points.every(isLatLon)) details.push({ field: 'shape', reason: 'coordinates' });
      const distinct = new Set(shape.points.map((q) => `${q.lat},${q.lon}`));
      if (distinct.size < 3) details.push({ field: 'shape', reason: 'points' });
      break;
    }
  }
  return details.length === 0 ? { ok: true, value: shape } : { ok: false, error: 'invalid_body', details };
}
