/**
 * Delivers a capture to the server and returns its verdict. Idempotent on the capture's
 * id, so sending the same capture again (after a lost answer) stores it once.
 */
import type { CheckInResponse } from '../../core/wire.js';
import { postCheckIn } from './api.js';
import type { Capture } from './capture.js';

export function send(c: Capture): Promise<CheckInResponse> {
  return postCheckIn(c);
}
