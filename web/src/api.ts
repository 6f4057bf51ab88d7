/**
 * The only module that talks HTTP. Sends the access token, renews it once with the
 * refresh token when the server says `token_expired`, and turns every failure into an
 * `ApiError` that carries the server's own bilingual message.
 */
import type { ErrorBody, ErrorDetail } from '../../core/errors.js';
import type {
  AttendanceResponse,
  BatchCheckInResponse,
  CheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  LoginResponse,
  TimeResponse,
  TodayResponse,
} from '../../core/wire.js';
import { both, type Bilingual } from './i18n.js';
import { clearSession, loadSession, saveSession, sessionFrom, type Session } from './session.js';

const BASE = '/api/v1';

/** A refusal from the server, or `network` / `bad_response` when no usable answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly retryAfter?: number,
    /** Field-level problems of an `invalid_body` refusal. */
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(text.en);
    this.name = 'ApiError';
  }
}

/** What to do when the session can no longer be renewed (show the login screen). */
let onSignedOut: () => void = () => {};

export function setSignedOutHandler(fn: () => void): void {
  onSignedOut = fn;
}

/** Retry-After in seconds from the header (delta-seconds form), if any. */
function retryAfterHeader(res: Response): number | undefined {
  const v = Number(res.headers.get('retry-after') ?? '');
  return res.headers.has('retry-after') && Number.isFinite(v) && v >= 0 ? v : undefined;
}

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (typeof body.code === 'string' && body.message && typeof body.message.id === 'string') {
      return new ApiError(
        res.status,
        body.code,
        body.message,
        body.retryAfter ?? retryAfterHeader(res),
        Array.isArray(body.details) ? body.details : [],
      );
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the generic message.
  }
  const busy = res.status === 503 || res.status === 429;
  return new ApiError(
    res.status,
    busy ? 'server_busy' : 'bad_response',
    both('badResponse'),
    retryAfterHeader(res),
  );
}

async function rawFetch(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(BASE + path, init);
  } catch (e) {
    // An abort is the caller's own doing (a screen closed), not a network failure.
    if (init.signal?.aborted === true) throw e;
    throw new ApiError(0, 'network', both('network'));
  }
}

async function readJson<T>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', both('badResponse'));
  }
}

/** A body sent as it is (a selfie), not as JSON. */
export interface RawBody {
  bytes: ArrayBuffer;
  type: string;
}

function jsonInit(
  method: string,
  body: unknown,
  token?: string,
  extra: Record<string, string> = {},
): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (isRaw(body)) {
    headers['content-type'] = body.type;
    return { method, headers, body: body.bytes };
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

function isRaw(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && (body as RawBody).bytes instanceof ArrayBuffer;
}

/** One refresh at a time: parallel requests that all saw `token_expired` share it. */
let refreshing: Promise<Session> | null = null;

function refresh(current: Session): Promise<Session> {
  refreshing ??= (async () => {
    const res = await rawFetch('/auth/refresh', jsonInit('POST', { refreshToken: current.refreshToken }));
    if (!res.ok) throw await toError(res);
    const r = await readJson<Partial<LoginResponse>>(res);
    if (typeof r.accessToken !== 'string')
      throw new ApiError(res.status, 'bad_response', both('badResponse'));
    const next: Session = {
      accessToken: r.accessToken,
      refreshToken: r.refreshToken ?? current.refreshToken,
      account: r.account ?? current.account,
    };
    saveSession(next);
    return next;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function signOut(): void {
  clearSession();
  onSignedOut();
}

/**
 * An authenticated request whose answer is OK (2xx); renews the access token once if it
 * has expired, and signs out when the session can no longer be renewed. The caller reads
 * the body (JSON, a file, a stream of events).
 */
export async function authedResponse(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  let session = loadSession();
  if (session === null) {
    signOut();
    throw new ApiError(401, 'unauthorized', both('signedOutExpired'));
  }
  const init = (token: string): RequestInit => ({ ...jsonInit(method, body, token, headers), signal });
  let res = await rawFetch(path, init(session.accessToken));
  if (res.status === 401) {
    const err = await toError(res);
    if (err.code !== 'token_expired') {
      signOut();
      throw err;
    }
    try {
      session = await refresh(session);
    } catch (e) {
      // A network failure keeps the session (try again later); a refusal ends it.
      if (!(e instanceof ApiError) || e.code !== 'network') signOut();
      throw e;
    }
    res = await rawFetch(path, init(session.accessToken));
    if (res.status === 401) {
      const again = await toError(res);
      signOut();
      throw again;
    }
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/**
 * An authenticated JSON request (see {@link authedResponse}). Exported for the screens
 * loaded on demand (requests-api.ts) and the admin console, which keep their calls in
 * their own chunks.
 */
export async function authed<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await authedResponse(method, path, body, headers);
  if (res.status === 204) return undefined as T;
  return readJson<T>(res);
}

/** POST /auth/login; keeps the session on success. */
export async function login(username: string, password: string): Promise<Session> {
  const res = await rawFetch('/auth/login', jsonInit('POST', { username, password }));
  if (!res.ok) throw await toError(res);
  const session = sessionFrom(await readJson<LoginResponse>(res));
  saveSession(session);
  return session;
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
