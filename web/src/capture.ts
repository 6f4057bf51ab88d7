/**
 * The press of the button, recorded: id, kind, the instant of the press (as the server's
 * anchor plus monotonic time, and the phone's wall clock) and where the phone was. A
 * capture is plain data, complete on its own, so it is stored in the outbox and sent
 * later without losing the time the employee actually pressed.
 */
import type { PunchKind } from '../../core/model.js';
import type { AnchorKeeper } from './outbox/anchor.js';
import type { RawCapture } from './outbox/outbox.js';
import type { Selfie } from './outbox/selfie.js';
import { getPosition } from './geolocation.js';
import { newId } from './uuid.js';

/**
 * Records a press now: the time is read at the press, before waiting for the GPS, so a
 * slow fix never makes the employee later than they were. `capturedAt` is the phone's
 * best estimate of the true instant (anchor + elapsed, else wall clock − skew). Rejects
 * with a `GeoError` when no position can be had.
 */
export async function capture(kind: PunchKind, clock: AnchorKeeper, selfie?: Selfie): Promise<RawCapture> {
  const at = clock.captureTime();
  const id = newId(at.estimateMs);
  // A fix from the last few seconds is as good as a new one and saves the wait.
  const p = await getPosition({ maxAgeMs: 10_000 });
  return {
    id,
    kind,
    capturedAt: new Date(at.estimateMs).toISOString(),
    location: { lat: p.lat, lon: p.lon, accuracy: p.accuracy },
    time: at.time,
    ...(selfie === undefined ? {} : { photo: { sha256: selfie.sha256, bytes: selfie.bytes.byteLength } }),
  };
}
