/**
 * One high-accuracy position fix from the browser, with failures named so the page can
 * tell the employee what to do (allow location, turn GPS on, move to an open spot).
 */
import type { Position } from '../../core/model.js';
import type { MessageKey } from './i18n.js';

export type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

export class GeoError extends Error {
  constructor(readonly reason: GeoFailure) {
    super(`geolocation: ${reason}`);
    this.name = 'GeoError';
  }
}

/** The i18n key of the advice for a failure. */
export function geoMessageKey(reason: GeoFailure): MessageKey {
  switch (reason) {
    case 'denied':
      return 'geoDenied';
    case 'unavailable':
      return 'geoUnavailable';
    case 'timeout':
      return 'geoTimeout';
    case 'unsupported':
      return 'geoUnsupported';
    case 'insecure':
      return 'geoInsecure';
  }
}

export interface GeoOptions {
  /** How long to wait for a fix, ms. A cold GPS indoors can take a while. */
  timeoutMs?: number;
  /** Accept a fix this recent instead of waiting for a new one, ms. */
  maxAgeMs?: number;
}

/** A position with its accuracy radius in metres; rejects with a `GeoError`. */
export function getPosition(opts: GeoOptions = {}): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      // Browsers hide the API on plain http:// pages (except localhost).
      reject(new GeoError(window.isSecureContext === false ? 'insecure' : 'unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy }),
      (e) => {
        if (e.code === e.PERMISSION_DENIED) {
          reject(new GeoError(window.isSecureContext === false ? 'insecure' : 'denied'));
        } else if (e.code === e.TIMEOUT) {
          reject(new GeoError('timeout'));
        } else {
          reject(new GeoError('unavailable'));
        }
      },
      { enableHighAccuracy: true, timeout: opts.timeoutMs ?? 20_000, maximumAge: opts.maxAgeMs ?? 0 },
    );
  });
}
