/**
 * The page's calls to the server, over one Transport (outbox/transport.ts): it sends the
 * access token, renews it when the server says `token_expired`, puts a deadline on
 * every request, and turns every failure into an `ApiError` that carries the server's
 * own bilingual message.
 */
import type {
  AttendanceResponse,
  BatchCheckInResponse,
  CheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  TimeResponse,
  TodayResponse,
} from '../../core/wire.js';
import { Transport } from './outbox/transport.js';
import {
  clearSession,
  loadDeviceToken,
  loadSession,
  saveDeviceToken,
  saveSession,
  type Session,
} from './session.js';

const BASE = '/api/v1';

export { ApiError, type RawBody } from './outbox/transport.js';

/** What to do when the session can no longer be renewed (show the login screen). */
let onSignedOut: () => void = () => {};

export function setSignedOutHandler(fn: () => void): void {
  onSignedOut = fn;
}

/** The page's one transport (outbox/transport.ts): deadlines, renewal with retries, errors. */
const transport = new Transport({
  base: BASE,
  fetch: (url, init) => fetch(url, init),
  session: { load: loadSession, save: saveSession, clear: clearSession },
  deviceTokens: { load: loadDeviceToken, save: saveDeviceToken },
  onSignedOut: () => onSignedOut(),
});

/**
 * An authenticated request whose answer is OK (2xx); renews the access token if it has
 * expired (retrying transient failures), and signs out only when the server refuses the
 * renewal. The caller reads the body (JSON, a file, a stream of events).
 */
export function authedResponse(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return transport.authedResponse(method, path, body, headers, signal);
}

/**
 * An authenticated JSON request (see {@link authedResponse}). Exported for the screens
 * loaded on demand (requests-api.ts) and the admin console, which keep their calls in
 * their own chunks.
 */
export function authed<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return transport.authed<T>(method, path, body, headers);
}

/** POST /auth/login; keeps the session on success. */
export function login(username: string, password: string): Promise<Session> {
  return transport.login(username, password);
}

/** POST /auth/logout (best effort: the phone forgets the session either way). */
export async function logout(): Promise<void> {
  if (loadSession() === null) return;
  try {
    await authed<unknown>('POST', '/auth/logout');
  } catch {
    // Offline or already ended: the refresh token simply expires on the server.
  }
  clearSession();
}

/** GET /me/today; naming the phone's device makes the answer say whether it is approved. */
export function getToday(deviceId?: string): Promise<TodayResponse> {
  return authed<TodayResponse>(
    'GET',
    '/me/today',
    undefined,
    deviceId === undefined ? {} : { 'x-hadir-device': deviceId },
  );
}

/** GET /time: a fresh time anchor, cheap. */
export function getTime(): Promise<TimeResponse> {
  return authed<TimeResponse>('GET', '/time');
}

export function getAttendance(from: string, to: string): Promise<AttendanceResponse> {
  const q = new URLSearchParams({ from, to });
  return authed<AttendanceResponse>('GET', `/me/attendance?${q.toString()}`);
}

/** POST /check-ins. Safe to repeat with the same capture: the server answers by id. */
export function postCheckIn(req: CheckInRequest): Promise<CheckInResponse> {
  return authed<CheckInResponse>('POST', '/check-ins', req);
}

/** POST /check-ins/batch: up to 100 captures; each item is answered on its own. */
export function postBatch(checkIns: CheckInRequest[]): Promise<BatchCheckInResponse> {
  return authed<BatchCheckInResponse>('POST', '/check-ins/batch', { checkIns });
}

/** PUT /check-ins/{id}/photo with the selfie's bytes (after the punch was accepted). */
export async function putPhoto(id: string, bytes: ArrayBuffer, type: string): Promise<void> {
  await authed<unknown>('PUT', `/check-ins/${encodeURIComponent(id)}/photo`, { bytes, type });
}

/** POST /devices: enrols this phone for the signed-in employee. */
export function enrolDevice(label: string): Promise<DeviceEnrolResponse> {
  return authed<DeviceEnrolResponse>('POST', '/devices', { label });
}
