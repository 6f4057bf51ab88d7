import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { LatLon, Location, Shape } from './model.js';
import {
  ACCURACY_CREDIT_MAX_M,
  destinationPoint,
  distanceM,
  distanceToShapeM,
  evaluateFence,
  validateShape,
} from './geo.js';

// Kantor Bupati–like sites; the Pontianak one sits on the equator (Tugu Khatulistiwa).
const JAKARTA: LatLon = { lat: -6.175392, lon: 106.827153 };
const EQUATOR: LatLon = { lat: 0, lon: 109.3224 };

function circle(center: LatLon, radiusM: number): Shape {
  return { type: 'circle', center, radiusM };
}

function loc(id: number, shape: Shape, extra: Partial<Location> = {}): Location {
  return { id, unitId: 1, name: `Lokasi ${id}`, zone: 'Asia/Jakarta', shape, active: true, ...extra };
}

/** A square polygon with corners at the given latitudes and longitudes. */
function box(south: number, north: number, west: number, east: number): Shape {
  return {
    type: 'polygon',
    points: [
      { lat: south, lon: west },
      { lat: south, lon: east },
      { lat: north, lon: east },
      { lat: north, lon: west },
    ],
  };
}

const latLon = fc.record({
  lat: fc.double({ min: -85, max: 85, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});
// Around Indonesia (6°N..11°S, 95°E..141°E), where the fences are.
const nearIndonesia = fc.record({
  lat: fc.double({ min: -11, max: 6, noNaN: true }),
  lon: fc.double({ min: 95, max: 141, noNaN: true }),
});

describe('distanceM', () => {
  it('measures a degree of longitude on the equator as R·π/180', () => {
    expect(distanceM({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(111_195.08, 1);
    expect(distanceM(JAKARTA, JAKARTA)).toBe(0);
  });

  it('measures across the equator the same as on either side of it', () => {
    const d = distanceM({ lat: -0.0005, lon: 109.3224 }, { lat: 0.0005, lon: 109.3224 });
    expect(d).toBeCloseTo(111.195, 3);
    expect(distanceM({ lat: -0.0015, lon: 109.3224 }, { lat: -0.0005, lon: 109.3224 })).toBeCloseTo(d, 6);
  });

  it('is symmetric, non-negative and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(latLon, latLon, latLon, (a, b, c) => {
        // Tolerance: a micrometre, far below anything a fence could notice.
        const ab = distanceM(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ab - distanceM(b, a))).toBeLessThanOrEqual(1e-6);
        expect(ab).toBeLessThanOrEqual(distanceM(a, c) + distanceM(c, b) + 1e-6);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with destinationPoint', () => {
    fc.assert(
      fc.property(
        nearIndonesia,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (p, bearing, d) => {
          expect(distanceM(p, destinationPoint(p, bearing, d))).toBeCloseTo(d, 5);
        },
      ),
    );
  });
});

describe('distanceToShapeM: circle', () => {
  const office = circle(JAKARTA, 50);

  it('is 0 at the centre and inside', () => {
    expect(distanceToShapeM(JAKARTA, office)).toBe(0);
    expect(distanceToShapeM(destinationPoint(JAKARTA, 45, 49.9), office)).toBe(0);
  });

  it('counts points exactly on the boundary as inside', () => {
    for (const bearing of [0, 90, 180, 270, 33.3]) {
      expect(distanceToShapeM(destinationPoint(JAKARTA, bearing, 50), office)).toBe(0);
    }
  });

  it('measures a point just outside to the edge', () => {
    const d = distanceToShapeM(destinationPoint(JAKARTA, 90, 50.5), office);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeCloseTo(0.5, 6);
  });

  it('is 0 for every point inside, whatever the circle', () => {
    fc.assert(
      fc.property(
        nearIndonesia,
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (center, radiusM, bearing, fraction) => {
          const p = destinationPoint(center, bearing, radiusM * fraction);
          expect(distanceToShapeM(p, circle(center, radiusM))).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('distanceToShapeM: polygon', () => {
  // About 111 m × 111 m around a Jakarta office.
  const square = box(-6.176, -6.175, 106.8265, 106.8275);

  it('is 0 inside, at a vertex and on an edge', () => {
    expect(distanceToShapeM({ lat: -6.1755, lon: 106.827 }, square)).toBe(0);
    expect(distanceToShapeM({ lat: -6.176, lon: 106.8265 }, square)).toBe(0);
    expect(distanceToShapeM({ lat: -6.175, lon: 106.827 }, square)).toBe(0);
    expect(distanceToShapeM({ lat: -6.1755, lon: 106.8275 }, square)).toBe(0);
  });

  it('measures a point outside to the nearest edge or corner', () => {
    const north = distanceToShapeM(destinationPoint({ lat: -6.175, lon: 106.827 }, 0, 10), square);
    expect(north).toBeCloseTo(10, 3);
    const corner = { lat: -6.176, lon: 106.8275 };
    expect(distanceToShapeM(destinationPoint(corner, 135, 20), square)).toBeCloseTo(20, 2);
    const justOut = distanceToShapeM({ lat: -6.1755, lon: 106.827501 }, square);
    expect(justOut).toBeGreaterThan(0);
    expect(justOut).toBeLessThan(0.2);
  });

  it('handles a concave (L-shaped) fence', () => {
    const ell: Shape = {
      type: 'polygon',
      points: [
        { lat: 0, lon: 0 },
        { lat: 0, lon: 0.002 },
        { lat: 0.001, lon: 0.002 },
        { lat: 0.001, lon: 0.001 },
        { lat: 0.002, lon: 0.001 },
        { lat: 0.002, lon: 0 },
      ],
    };
    expect(distanceToShapeM({ lat: 0.0005, lon: 0.0015 }, ell)).toBe(0);
    expect(distanceToShapeM({ lat: 0.0015, lon: 0.0005 }, ell)).toBe(0);
    // In the notch: nearest edges are 0.0005° away.
    expect(distanceToShapeM({ lat: 0.0015, lon: 0.0015 }, ell)).toBeCloseTo(55.6, 0);
  });

  it('is 0 for every point inside a convex fence', () => {
    fc.assert(
      fc.property(
        nearIndonesia,
        fc.double({ min: 0.0002, max: 0.02, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (sw, size, u, v) => {
          const shape = box(sw.lat, sw.lat + size, sw.lon, sw.lon + size);
          const p = { lat: sw.lat + u * size, lon: sw.lon + v * size };
          expect(distanceToShapeM(p, shape)).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the equator (Indonesia straddles it)', () => {
  const south = { lat: -0.0005, lon: EQUATOR.lon };
  const north = { lat: 0.0005, lon: EQUATOR.lon };

  it('treats points just south and just north alike for a circle on the equator', () => {
    expect(distanceToShapeM(south, circle(EQUATOR, 60))).toBe(0);
    expect(distanceToShapeM(north, circle(EQUATOR, 60))).toBe(0);
    const s = distanceToShapeM(south, circle(EQUATOR, 50));
    const n = distanceToShapeM(north, circle(EQUATOR, 50));
    expect(s).toBeCloseTo(5.6, 1);
    expect(n).toBeCloseTo(s, 9);
  });

  it('treats points just south and just north alike for a polygon across the equator', () => {
    const straddling = box(-0.001, 0.001, 109.322, 109.323);
    expect(distanceToShapeM(south, { ...straddling })).toBe(0);
    expect(distanceToShapeM({ lat: -0.0005, lon: 109.3225 }, straddling)).toBe(0);
    expect(distanceToShapeM({ lat: 0.0005, lon: 109.3225 }, straddling)).toBe(0);
    expect(distanceToShapeM({ lat: 0, lon: 109.3225 }, straddling)).toBe(0);
    const below = distanceToShapeM({ lat: -0.0015, lon: 109.3225 }, straddling);
    const above = distanceToShapeM({ lat: 0.0015, lon: 109.3225 }, straddling);
    expect(below).toBeCloseTo(55.6, 0);
    expect(above).toBeCloseTo(below, 6);
  });

  it('gives a fence south of the equator the same distances as its mirror image north of it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.00005, max: 0.01, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        (size, dLat, dLon) => {
          const southBox = box(-0.001 - size, -0.001, 109.322, 109.322 + size);
          const northBox = box(0.001, 0.001 + size, 109.322, 109.322 + size);
          const p = { lat: -0.001 - size / 2 + dLat, lon: 109.322 + dLon };
          const mirrored = { lat: -p.lat, lon: p.lon };
          expect(distanceToShapeM(mirrored, northBox)).toBeCloseTo(distanceToShapeM(p, southBox), 6);
        },
      ),
    );
  });
});

describe('evaluateFence', () => {
  const office = loc(1, circle(JAKARTA, 50));

  it('puts a point inside a circle inside, distance 0', () => {
    expect(evaluateFence({ ...JAKARTA, accuracy: 10 }, [office])).toEqual({
      status: 'inside',
      locationId: 1,
      locationName: 'Lokasi 1',
      distanceM: 0,
      byAccuracy: false,
    });
  });

  it('puts a point on the boundary inside, even with zero accuracy', () => {
    const p = destinationPoint(JAKARTA, 200, 50);
    expect(evaluateFence({ ...p, accuracy: 0 }, [office])).toMatchObject({
      status: 'inside',
      byAccuracy: false,
    });
  });

  it('puts a point just outside outside when the accuracy does not reach the edge', () => {
    const p = destinationPoint(JAKARTA, 0, 51);
    const v = evaluateFence({ ...p, accuracy: 0.5 }, [office]);
    expect(v.status).toBe('outside');
    expect(v.locationId).toBe(1);
    expect(v.distanceM).toBeCloseTo(1, 6);
  });

  it('credits an accuracy larger than the radius, by the distance to the edge', () => {
    const small = loc(2, circle(JAKARTA, 30));
    const p = destinationPoint(JAKARTA, 90, 80); // 50 m beyond the edge
    const v = evaluateFence({ ...p, accuracy: 65 }, [small]);
    expect(v).toMatchObject({ status: 'inside', locationId: 2, byAccuracy: true });
    expect(v.distanceM).toBeCloseTo(50, 6);
    expect(evaluateFence({ ...p, accuracy: 49 }, [small]).status).toBe('outside');
  });

  it(`never credits more than the cap (${ACCURACY_CREDIT_MAX_M} m by default)`, () => {
    const justWithin = destinationPoint(JAKARTA, 90, 50 + ACCURACY_CREDIT_MAX_M - 0.01);
    const beyond = destinationPoint(JAKARTA, 90, 50 + ACCURACY_CREDIT_MAX_M + 0.01);
    expect(evaluateFence({ ...justWithin, accuracy: 5000 }, [office])).toMatchObject({
      status: 'inside',
      byAccuracy: true,
    });
    expect(evaluateFence({ ...beyond, accuracy: 5000 }, [office])).toMatchObject({
      status: 'outside',
      byAccuracy: false,
    });
    expect(evaluateFence({ ...beyond, accuracy: 5000 }, [office], { accuracyCreditMaxM: 150 }).status).toBe(
      'inside',
    );
    expect(evaluateFence({ ...justWithin, accuracy: 5000 }, [office], { accuracyCreditMaxM: 0 }).status).toBe(
      'outside',
    );
  });

  it('ignores a nonsensical accuracy rather than crediting it', () => {
    const p = destinationPoint(JAKARTA, 90, 60);
    expect(evaluateFence({ ...p, accuracy: Number.NaN }, [office]).status).toBe('outside');
    expect(evaluateFence({ ...p, accuracy: -20 }, [office]).status).toBe('outside');
  });

  it('reports the nearest of several locations, ignoring inactive ones', () => {
    const far = loc(1, circle(destinationPoint(JAKARTA, 0, 5000), 100));
    const near = loc(2, circle(destinationPoint(JAKARTA, 90, 400), 100));
    const nearest = loc(3, circle(destinationPoint(JAKARTA, 180, 200), 100), { active: false });
    const poly = loc(4, box(-6.19, -6.185, 106.8, 106.81));
    const v = evaluateFence({ ...JAKARTA, accuracy: 10 }, [far, near, nearest, poly]);
    expect(v).toMatchObject({
      status: 'outside',
      locationId: 2,
      locationName: 'Lokasi 2',
      byAccuracy: false,
    });
    expect(v.distanceM).toBeCloseTo(300, 3);
  });

  it('matches the location the point is inside, even when another is listed first', () => {
    const other = loc(1, circle(destinationPoint(JAKARTA, 0, 5000), 100));
    const sq = loc(2, box(-6.18, -6.17, 106.82, 106.83));
    expect(evaluateFence({ ...JAKARTA, accuracy: 30 }, [other, sq])).toMatchObject({
      status: 'inside',
      locationId: 2,
      distanceM: 0,
    });
  });

  it('says no_location without active locations', () => {
    const none = {
      status: 'no_location',
      locationId: null,
      locationName: null,
      distanceM: 0,
      byAccuracy: false,
    };
    expect(evaluateFence({ ...JAKARTA, accuracy: 10 }, [])).toEqual(none);
    expect(evaluateFence({ ...JAKARTA, accuracy: 10 }, [{ ...office, active: false }])).toEqual(none);
  });

  it('never turns inside into outside when the accuracy grows', () => {
    fc.assert(
      fc.property(
        nearIndonesia,
        fc.double({ min: 10, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (center, radiusM, bearing, dist, acc, more) => {
          const fence = [
            loc(1, circle(center, radiusM)),
            loc(2, box(center.lat - 0.01, center.lat - 0.005, center.lon, center.lon + 0.005)),
          ];
          const p = destinationPoint(center, bearing, dist);
          const before = evaluateFence({ ...p, accuracy: acc }, fence);
          const after = evaluateFence({ ...p, accuracy: acc + more }, fence);
          if (before.status === 'inside') expect(after.status).toBe('inside');
          expect(after.distanceM).toBe(before.distanceM);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('validateShape', () => {
  it('accepts sane circles and polygons', () => {
    expect(validateShape(circle(JAKARTA, 75)).ok).toBe(true);
    expect(validateShape(box(-6.18, -6.17, 106.82, 106.83)).ok).toBe(true);
  });

  it.each<[string, Shape, string]>([
    ['zero radius', circle(JAKARTA, 0), 'radius'],
    ['huge radius', circle(JAKARTA, 100_000), 'radius'],
    ['NaN radius', circle(JAKARTA, Number.NaN), 'radius'],
    ['latitude 91', circle({ lat: 91, lon: 0 }, 50), 'coordinates'],
    ['two points', { type: 'polygon', points: [JAKARTA, EQUATOR] }, 'points'],
    ['repeated points', { type: 'polygon', points: [JAKARTA, EQUATOR, JAKARTA, EQUATOR] }, 'points'],
    ['longitude 181', { type: 'polygon', points: [JAKARTA, EQUATOR, { lat: 0, lon: 181 }] }, 'coordinates'],
  ])('refuses %s', (_name, shape, reason) => {
    expect(validateShape(shape)).toEqual({
      ok: false,
      error: 'invalid_body',
      details: [{ field: 'shape', reason }],
    });
  });
});
