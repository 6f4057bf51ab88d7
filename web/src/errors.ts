/** Any failure from a press or a load, as a bilingual message written for the person who sees it. */
import { ApiError } from './api.js';
import { GeoError, geoMessageKey } from './geolocation.js';
import { both, type Bilingual } from './i18n.js';
import { CameraError } from './outbox/selfie.js';

/**
 * Refusals that speak of the request rather than of the person ("check the fields listed
 * in details"): a phone page that sends such a request is at fault, not the employee, so
 * they get a message that says what they can do.
 */
const ABOUT_THE_REQUEST = new Set([
  'invalid_json',
  'invalid_body',
  'unknown_field',
  'invalid_query',
  'invalid_id',
  'unsupported_media_type',
  'bad_response',
]);

export function errorText(e: unknown): Bilingual {
  if (e instanceof ApiError) {
    if (e.code === 'too_many_attempts') return lockedOut(e.retryAfter);
    if (ABOUT_THE_REQUEST.has(e.code)) return both('notUnderstood');
    return e.text;
  }
  if (e instanceof GeoError) return both(geoMessageKey(e.reason));
  if (e instanceof CameraError) return both(e.reason === 'denied' ? 'cameraDenied' : 'cameraUnavailable');
  return both('badResponse');
}

/** The sign-in lock-out, with how long it lasts (the server's Retry-After, in seconds). */
function lockedOut(retryAfter: number | undefined): Bilingual {
  // Without the header: the server's default window (HADIR_LOGIN_WINDOW, 900 s).
  if (retryAfter === undefined) return both('lockedOutMinutes', { n: 15 });
  if (retryAfter < 60) return both('lockedOutSeconds', { n: Math.max(1, Math.ceil(retryAfter)) });
  return both('lockedOutMinutes', { n: Math.ceil(retryAfter / 60) });
}
