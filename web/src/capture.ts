/**
 * The press of the button, recorded: id, kind, the instant of the press and where the
 * phone was. A capture is plain data, complete on its own, so it can be stored (an
 * outbox) and sent later without losing the time the employee actually pressed.
 */
import type { PunchKind } from '../../core/model.js';
import type { CheckInRequest } from '../../core/wire.js';
import { getPosition } from './geolocation.js';
import { newId } from './uuid.js';

/** What goes over the wire is exactly what was captured. */
export type Capture = CheckInRequest;

/**
 * Records a press now: the time is taken at the press, before waiting for the GPS, so a
 * slow fix never makes the employee later than they were. Rejects with a `GeoError`
 * when no position can be had.
 */
export async function capture(kind: PunchKind, now: () => number = Date.now): Promise<Capture> {
  const pressedAt = now();
  const id = newId(pressedAt);
  // A fix from the last few seconds is as good as a new one and saves the wait.
  const p = await getPosition({ maxAgeMs: 10_000 });
  return {
    id,
    kind,
    capturedAt: new Date(pressedAt).toISOString(),
    location: { lat: p.lat, lon: p.lon, accuracy: p.accuracy },
  };
}
