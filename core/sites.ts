/**
 * Work sites as an admin draws them: the checks a fence must pass before it is stored
 * (a polygon that closes and does not cross itself, a radius within the bounds of its
 * mode, coordinates inside Indonesia unless the admin confirms otherwise, a date range
 * in order, a letter for dinas luar) and which sites count on a date.
 */
import type { ErrorDetail, Result } from './errors.js';
import { isLatLon, validateShape } from './geo.js';
import type { LatLon, Location, Shape, SiteMode } from './model.js';
import { isValidDate } from './time.js';

/**
 * Indonesia's bounding box with a margin of about 50 km: Sabang (≈ 95.3° E, 5.9° N) to
 * Merauke (≈ 141.0° E) and Rote (≈ 11.0° S). A point outside is almost surely swapped
 * latitude/longitude or a sign error; an embassy or a liaison office abroad is confirmed
 * explicitly.
 */
export const INDONESIA_BBOX = { minLat: -11.5, maxLat: 6.5, minLon: 94.5, maxLon: 141.5 } as const;

/**
 * Radius bounds per mode (metres). An office fence under 10 m is below a phone's GPS
 * accuracy; over 5 km it is no longer an office. WFH and dinas luar may be wide (the
 * region decides, e.g. 50 km in Paser) but no wider than {@link MAX_FENCE_RADIUS_M}.
 */
export const RADIUS_BOUNDS_M: Readonly<Record<SiteMode, { min: number; max: number }>> = {
  office: { min: 10, max: 5_000 },
  wfh: { min: 10, max: 50_000 },
  dinas_luar: { min: 10, max: 50_000 },
};

/** Most vertices a drawn polygon may have (a building outline needs a few dozen). */
export const MAX_POLYGON_POINTS = 500;

/** True when the point lies inside {@link INDONESIA_BBOX}. */
export function insideIndonesia(p: LatLon): boolean {
  const b = INDONESIA_BBOX;
  return p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon;
}

const samePoint = (a: LatLon, b: LatLon) => a.lat === b.lat && a.lon === b.lon;

/**
 * The ring without its closing point: GeoJSON closes a ring by repeating the first point
 * at the end, a drawing tool usually does not; both are accepted.
 *
 * @example openRing([a, b, c, a]) // [a, b, c]
 */
export function openRing(points: readonly LatLon[]): LatLon[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first && last && samePoint(first, last)) return points.slice(0, -1);
  return [...points];
}

/** Orientation of the turn a → b → c in the plane (lon = x, lat = y): sign of the cross product. */
function orient(a: LatLon, b: LatLon, c: LatLon): number {
  const v = (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: LatLon, b: LatLon, p: LatLon): boolean {
  return (
    Math.min(a.lon, b.lon) <= p.lon &&
    p.lon <= Math.max(a.lon, b.lon) &&
    Math.min(a.lat, b.lat) <= p.lat &&
    p.lat <= Math.max(a.lat, b.lat)
  );
}

/** True when segments ab and cd share a point (touching counts). */
function segmentsMeet(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/**
 * True when the closed ring (closing edge implied) is simple: no two non-adjacent edges
 * meet, adjacent edges meet only at their shared vertex, and no vertex repeats. Plane
 * geometry on degrees is exact enough at fence scale (a site spans far less than a
 * degree, far from the poles). O(n²), fine for {@link MAX_POLYGON_POINTS}.
 *
 * @example isSimpleRing([{lat:0,lon:0},{lat:0,lon:1},{lat:1,lon:1},{lat:1,lon:0}]) // true (a square)
 * @example isSimpleRing([{lat:0,lon:0},{lat:1,lon:1},{lat:0,lon:1},{lat:1,lon:0}]) // false (a bow tie)
 */
export function isSimpleRing(ring: readonly LatLon[]): boolean {
  const n = ring.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (samePoint(ring[i]!, ring[j]!)) return false;
  }
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    for (let j = i + 1; j < n; j++) {
      const c = ring[j]!;
      const d = ring[(j + 1) % n]!;
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) {
        // Adjacent edges share one vertex; they must not fold back onto each other.
        const shared = j === i + 1 ? b : a;
        const p = j === i + 1 ? a : b;
        const q = j === i + 1 ? d : c;
        if (orient(p, shared, q) === 0 && (onSegment(shared, p, q) || onSegment(shared, q, p))) return false;
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return false;
    }
  }
  return true;
}

/** A site as drawn, before it is stored. */
export interface SiteDraft {
  name: string;
  mode: SiteMode;
  shape: Shape;
  validFrom: string | null;
  validTo: string | null;
  /** Number of the letter of assignment (surat tugas); required for dinas luar. */
  letter: string | null;
}

/**
 * Checks a drawn site. Returns the site with a polygon's closing point removed, or
 * `invalid_body` with every problem as a detail:
 * - 'shape' / 'coordinates' | 'points' | 'self_intersecting' | 'too_many_points' |
 *   'radius' | 'outside_indonesia';
 * - 'validTo' / 'format' | 'order'; 'validFrom' / 'format';
 * - 'letter' / 'required' (dinas luar), 'validTo' / 'required' (dinas luar is a range);
 * - 'name' / 'required'.
 * `confirmOutsideIndonesia` accepts coordinates outside {@link INDONESIA_BBOX}.
 *
 * @example validateSite({ name: 'Kantor', mode: 'office', validFrom: null, validTo: null,
 *   letter: null, shape: { type: 'circle', center: { lat: -6.2, lon: 106.8 }, radiusM: 100 } })
 *   // { ok: true, value: … }
 */
export function validateSite(
  site: SiteDraft,
  opts: { confirmOutsideIndonesia?: boolean } = {},
): Result<SiteDraft> {
  const details: ErrorDetail[] = [];
  if (site.name.trim() === '') details.push({ field: 'name', reason: 'required' });
  let shape = site.shape;
  if (shape.type === 'polygon') {
    shape = { type: 'polygon', points: openRing(shape.points) };
    if (shape.points.length > MAX_POLYGON_POINTS) details.push({ field: 'shape', reason: 'too_many_points' });
  }
  const basic = validateShape(shape);
  if (!basic.ok) details.push(...(basic.details ?? []));
  const coordinatesOk = basic.ok || !(basic.details ?? []).some((d) => d.reason === 'coordinates');
  if (shape.type === 'polygon' && basic.ok && shape.points.length <= MAX_POLYGON_POINTS) {
    if (!isSimpleRing(shape.points)) details.push({ field: 'shape', reason: 'self_intersecting' });
  }
  if (shape.type === 'circle' && Number.isFinite(shape.radiusM)) {
    const b = RADIUS_BOUNDS_M[site.mode];
    const already = details.some((d) => d.reason === 'radius');
    if (!already && (shape.radiusM < b.min || shape.radiusM > b.max)) {
      details.push({ field: 'shape', reason: 'radius' });
    }
  }
  if (coordinatesOk && opts.confirmOutsideIndonesia !== true) {
    const pts = shape.type === 'circle' ? [shape.center] : shape.points;
    if (pts.every(isLatLon) && !pts.every(insideIndonesia)) {
      details.push({ field: 'shape', reason: 'outside_indonesia' });
    }
  }
  if (site.validFrom !== null && !isValidDate(site.validFrom)) {
    details.push({ field: 'validFrom', reason: 'format' });
  }
  if (site.validTo !== null && !isValidDate(site.validTo))
    details.push({ field: 'validTo', reason: 'format' });
  else if (
    site.validTo !== null &&
    site.validFrom !== null &&
    isValidDate(site.validFrom) &&
    site.validTo < site.validFrom
  ) {
    details.push({ field: 'validTo', reason: 'order' });
  }
  if (site.mode === 'dinas_luar') {
    if (site.letter === null || site.letter.trim() === '')
      details.push({ field: 'letter', reason: 'required' });
    if (site.validFrom === null) details.push({ field: 'validFrom', reason: 'required' });
    if (site.validTo === null) details.push({ field: 'validTo', reason: 'required' });
  }
  if (details.length > 0) return { ok: false, error: 'invalid_body', details };
  return { ok: true, value: { ...site, shape, letter: site.letter?.trim() || null } };
}

/**
 * True when the site counts on the local date `date`: within its valid range (both ends
 * inclusive; an absent end is open).
 *
 * @example siteValidOn({ …, validFrom: '2026-03-02', validTo: '2026-03-04' }, '2026-03-05') // false
 */
export function siteValidOn(site: Pick<Location, 'validFrom' | 'validTo'>, date: string): boolean {
  if (site.validFrom != null && date < site.validFrom) return false;
  if (site.validTo != null && date > site.validTo) return false;
  return true;
}

/**
 * The sites of `sites` that count on `date`; the same array (no copy) when all of them
 * are open-ended, which is the common case on the check-in path.
 */
export function sitesOn<T extends Pick<Location, 'validFrom' | 'validTo'>>(
  sites: readonly T[],
  date: string,
): readonly T[] {
  if (sites.every((s) => s.validFrom == null && s.validTo == null)) return sites;
  return sites.filter((s) => siteValidOn(s, date));
}

/**
 * The unit sites an employee of the unit at the head of `chain` (self, parent, …, root)
 * may punch at: those of the nearest unit in the chain that has any, so a bidang works
 * at its OPD's office and a puskesmas with its own building only there.
 *
 * @example inheritedSiteIds([puskesmas, dinkes, pemda], new Map([[dinkes.id, [7]]])) // [7]
 */
export function inheritedSiteIds(
  chain: readonly { id: number }[],
  unitSites: ReadonlyMap<number, readonly number[]>,
): readonly number[] {
  for (const u of chain) {
    const own = unitSites.get(u.id);
    if (own && own.length > 0) return own;
  }
  return [];
}
