import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationPoint } from './geo.js';
import type { LatLon } from './model.js';
import { insideIndonesia, isSimpleRing, openRing, siteValidOn, sitesOn, validateSite } from './sites.js';
import type { SiteDraft } from './sites.js';

const C: LatLon = { lat: -6.9, lon: 107.6 };
const square: LatLon[] = [
  { lat: -6.9, lon: 107.6 },
  { lat: -6.9, lon: 107.601 },
  { lat: -6.899, lon: 107.601 },
  { lat: -6.899, lon: 107.6 },
];
const office = (over: Partial<SiteDraft> = {}): SiteDraft => ({
  name: 'Kantor Bupati',
  mode: 'office',
  shape: { type: 'circle', center: C, radiusM: 100 },
  validFrom: null,
  validTo: null,
  letter: null,
  ...over,
});
const reasons = (r: ReturnType<typeof validateSite>) =>
  r.ok ? [] : (r.details ?? []).map((d) => `${d.field}:${d.reason}`);

describe('isSimpleRing', () => {
  it('accepts a square and refuses a bow tie', () => {
    expect(isSimpleRing(square)).toBe(true);
    expect(isSimpleRing([square[0]!, square[2]!, square[1]!, square[3]!])).toBe(false);
  });

  it('refuses a repeated vertex and a spike that folds back on itself', () => {
    expect(isSimpleRing([square[0]!, square[1]!, square[2]!, square[1]!])).toBe(false);
    const spike = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 2 },
      { lat: 0, lon: 1 },
    ];
    expect(isSimpleRing(spike)).toBe(false);
  });

  it('holds for every convex polygon drawn around a point (vertices in angle order)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 24 }),
        (angles) => {
          const ring = angles.sort((a, b) => a - b).map((a) => destinationPoint(C, a, 80));
          return isSimpleRing(ring);
        },
      ),
    );
  });

  it('fails once two vertices of a convex ring are swapped out of order (a crossing)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 16 }), fc.nat(), (n, k) => {
        const ring = Array.from({ length: n }, (_, i) => destinationPoint(C, (360 / n) * i, 80));
        const i = k % n;
        const j = (i + 2) % n;
        [ring[i], ring[j]] = [ring[j]!, ring[i]!];
        return !isSimpleRing(ring);
      }),
    );
  });
});

describe('validateSite', () => {
  it('accepts an office circle and a closed GeoJSON-style polygon, dropping the closing point', () => {
    expect(validateSite(office()).ok).toBe(true);
    const r = validateSite(office({ shape: { type: 'polygon', points: [...square, square[0]!] } }));
    expect(r.ok && r.value.shape.type === 'polygon' && r.value.shape.points.length).toBe(4);
    expect(openRing([...square, square[0]!])).toEqual(square);
  });

  it('refuses a self-intersecting polygon and too few points', () => {
    expect(
      reasons(
        validateSite(
          office({ shape: { type: 'polygon', points: [square[0]!, square[2]!, square[1]!, square[3]!] } }),
        ),
      ),
    ).toEqual(['shape:self_intersecting']);
    expect(
      reasons(
        validateSite(office({ shape: { type: 'polygon', points: [square[0]!, square[1]!, square[0]!] } })),
      ),
    ).toEqual(['shape:points']);
  });

  it('bounds the radius by mode: an office at most 5 km, WFH up to 50 km, nothing under 10 m', () => {
    expect(reasons(validateSite(office({ shape: { type: 'circle', center: C, radiusM: 6000 } })))).toEqual([
      'shape:radius',
    ]);
    expect(
      validateSite(office({ mode: 'wfh', shape: { type: 'circle', center: C, radiusM: 50_000 } })).ok,
    ).toBe(true);
    expect(
      reasons(validateSite(office({ mode: 'wfh', shape: { type: 'circle', center: C, radiusM: 50_001 } }))),
    ).toEqual(['shape:radius']);
    expect(reasons(validateSite(office({ shape: { type: 'circle', center: C, radiusM: 5 } })))).toEqual([
      'shape:radius',
    ]);
  });

  it('refuses coordinates outside Indonesia unless confirmed (swapped lat/lon is the usual mistake)', () => {
    const swapped = office({
      shape: { type: 'circle', center: { lat: 107.6 - 100, lon: -6.9 }, radiusM: 100 },
    });
    expect(reasons(validateSite(swapped))).toEqual(['shape:outside_indonesia']);
    expect(validateSite(swapped, { confirmOutsideIndonesia: true }).ok).toBe(true);
    expect(insideIndonesia({ lat: -2.53, lon: 140.7 })).toBe(true); // Jayapura
    expect(insideIndonesia({ lat: 5.89, lon: 95.32 })).toBe(true); // Sabang
  });

  it('needs a letter and a date range for dinas luar, and ranges in order', () => {
    expect(reasons(validateSite(office({ mode: 'dinas_luar' })))).toEqual([
      'letter:required',
      'validFrom:required',
      'validTo:required',
    ]);
    const dl = office({
      mode: 'dinas_luar',
      letter: ' 800/123/BKPSDM ',
      validFrom: '2026-03-02',
      validTo: '2026-03-04',
    });
    const r = validateSite(dl);
    expect(r.ok && r.value.letter).toBe('800/123/BKPSDM');
    expect(reasons(validateSite({ ...dl, validTo: '2026-03-01' }))).toEqual(['validTo:order']);
    expect(reasons(validateSite({ ...dl, validFrom: '2026-02-30' }))).toEqual(['validFrom:format']);
  });
});

describe('siteValidOn / sitesOn', () => {
  it('counts a ranged site only on its dates, both ends included', () => {
    const s = { validFrom: '2026-03-02', validTo: '2026-03-04' };
    expect(['2026-03-01', '2026-03-02', '2026-03-04', '2026-03-05'].map((d) => siteValidOn(s, d))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('returns the same array when no site has a range (no copy on the check-in path)', () => {
    const open = [{ validFrom: null, validTo: null }];
    expect(sitesOn(open, '2026-03-02')).toBe(open);
    expect(sitesOn([...open, { validFrom: '2026-04-01', validTo: null }], '2026-03-02')).toHaveLength(1);
  });
});
