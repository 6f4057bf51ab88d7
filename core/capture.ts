/**
 * The canonical form of a capture that the phone signs with its device key and the
 * server verifies (device binding, DESIGN.md "Device binding"). Pure: shared by the
 * server and the phone, so both sides build exactly the same bytes.
 *
 * Fields joined with "\n" in a fixed order, numbers written with `String(n)`, absent
 * optional fields as "". The first line names the version so a later form can coexist.
 * `time.uncertaintyMs` (added later) is a 13th line only when present, so the bytes of a
 * capture from an older phone are what they always were.
 */
import type { CheckInRequest } from './wire.js';

/** First line of every canonical capture. */
export const CAPTURE_CANONICAL_VERSION = 'hadir-capture-v1';

function num(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

/**
 * The string the device signs: HMAC-SHA256(deviceKey, utf8(captureCanonical(req))).
 *
 * @example
 *   captureCanonical({ id: 'x', kind: 'in', capturedAt: '2026-03-02T00:31:00.000Z',
 *     location: { lat: -6.2, lon: 106.8, accuracy: 12 } })
 *   // 'hadir-capture-v1\nx\nin\n2026-03-02T00:31:00.000Z\n-6.2\n106.8\n12\n\n\n\n\n\n'
 */
export function captureCanonical(req: CheckInRequest): string {
  return [
    CAPTURE_CANONICAL_VERSION,
    req.id,
    req.kind,
    req.capturedAt,
    num(req.location.lat),
    num(req.location.lon),
    num(req.location.accuracy),
    req.time?.anchor ?? '',
    num(req.time?.elapsedMs),
    req.time?.deviceTime ?? '',
    num(req.time?.skewMs),
    req.photo?.sha256 ?? '',
    num(req.photo?.bytes),
    ...(req.time?.uncertaintyMs === undefined ? [] : [String(req.time.uncertaintyMs)]),
  ].join('\n');
}
