/**
 * The only module that talks HTTP. Sends the access token, renews it once with the
 * refresh token when the server says `token_expired`, and turns every failure into an
 * `ApiError` that carries the server's own bilingual message.
 */
import type { ErrorBody } from '../../core/errors.js';
import type {
  AttendanceResponse,
  CheckInRequest,
  CheckInResponse,
  LoginResponse,
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

async function toError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (typeof body.code === 'string' && body.message && typeof body.message.id === 'string') {
      return new ApiError(res.status, body.code, body.message, body.retryAfter);
    }
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the generic message.
  }
  return new ApiError(res.status, 'bad_response', both('badResponse'));
}

async function rawFetch(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(BASE + path, init);
  } catch {
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

function jsonInit(method: string, body: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
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

/** An authenticated request; renews the access token once if it has expired. */
async function authed<T>(method: string, path: string, body?: unknown): Promise<T> {
  let session = loadSession();
  if (session === null) {
    signOut();
    throw new ApiError(401, 'unauthorized', both('signedOutExpired'));
  }
  let res = await rawFetch(path, jsonInit(method, body, session.accessToken));
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
    res = await rawFetch(path, jsonInit(method, body, session.accessToken));
    if (res.status === 401) {
      const again = await toError(res);
      signOut();
      throw again;
    }
  }
  if (!res.ok) throw await toError(res);
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

export function getToday(): Promise<TodayResponse> {
  return authed<TodayResponse>('GET', '/me/today');
}

export function getAttendance(from: string, to: string): Promise<AttendanceResponse> {
  const q = new URLSearchParams({ from, to });
  return authed<AttendanceResponse>('GET', `/me/attendance?${q.toString()}`);
}

/** POST /check-ins. Safe to repeat with the same capture: the server answers by id. */
export function postCheckIn(req: CheckInRequest): Promise<CheckInResponse> {
  return authed<CheckInResponse>('POST', '/check-ins', req);
}
