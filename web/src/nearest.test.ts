import { describe, expect, it } from 'vitest';
import { destinationPoint } from '../../core/geo.js';
import type { LatLon } from '../../core/model.js';
import type { LocationView } from '../../core/wire.js';
import { nearestLocation } from './nearest.js';

const centre: LatLon = { lat: -0.0263, lon: 109.3425 };
const office: LocationView = {
  id: 1,
  name: 'Kantor Wali Kota',
  zone: 'Asia/Pontianak',
  shape: { type: 'circle', center: centre, radiusM: 100 },
};
const school: LocationView = {
  id: 2,
  name: 'SDN 1',
  zone: 'Asia/Pontianak',
  shape: { type: 'circle', center: destinationPoint(centre, 90, 2000), radiusM: 50 },
};

describe('nearestLocation', () => {
  it('is null without locations', () => {
    expect(nearestLocation({ ...centre, accuracy: 10 }, [])).toBeNull();
  });

  it('is the location the phone stands in, at distance 0', () => {
    const r = nearestLocation({ ...destinationPoint(centre, 10, 40), accuracy: 10 }, [school, office]);
    expect(r?.location.id).toBe(1);
    expect(r?.distanceM).toBe(0);
    expect(r?.byAccuracy).toBe(false);
  });

  it('picks the nearest fence edge and measures to it', () => {
    const p = destinationPoint(centre, 90, 1500);
    const r = nearestLocation({ ...p, accuracy: 10 }, [office, school]);
    expect(r?.location.id).toBe(2);
    expect(r?.distanceM).toBeCloseTo(450, 0);
  });

  it('credits the GPS accuracy like the server, but never more than the cap', () => {
    const p = destinationPoint(centre, 0, 130); // 30 m outside the office fence
    expect(nearestLocation({ ...p, accuracy: 40 }, [office])?.byAccuracy).toBe(true);
    expect(nearestLocation({ ...p, accuracy: 20 }, [office])?.byAccuracy).toBe(false);
    const far = destinationPoint(centre, 0, 250); // 150 m outside: beyond the 100 m cap
    expect(nearestLocation({ ...far, accuracy: 500 }, [office])?.byAccuracy).toBe(false);
  });
});
