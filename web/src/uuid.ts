/**
 * Check-in ids are UUIDv7 made on the phone at the press of the button, so a resend of
 * the same capture is recognised by the server (idempotent) and ids sort by time.
 */
import { uuidV7 } from '../../core/uuid.js';

/** A fresh UUIDv7 for the instant `nowMs`. */
export function newId(nowMs: number = Date.now()): string {
  return uuidV7(nowMs, crypto.getRandomValues(new Uint8Array(16)));
}
