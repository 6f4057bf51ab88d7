/** Any failure from a press or a load, as a bilingual message the page can show. */
import { ApiError } from './api.js';
import { GeoError, geoMessageKey } from './geolocation.js';
import { both, type Bilingual } from './i18n.js';
import { CameraError } from './outbox/selfie.js';

export function errorText(e: unknown): Bilingual {
  if (e instanceof ApiError) return e.text;
  if (e instanceof GeoError) return both(geoMessageKey(e.reason));
  if (e instanceof CameraError) return both(e.reason === 'denied' ? 'cameraDenied' : 'cameraUnavailable');
  return both('badResponse');
}
