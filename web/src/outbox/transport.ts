/**
 * HTTP as the phone speaks it, with every dependency passed in, so the page (api.ts)
 * and the simulated phones of the outage test run the same code:
 *
 * - every request has a deadline ({@link REQUEST_TIMEOUT_MS}, headers and body): one
 *   request that never answers cannot block the sending of punches;
 * - an expired access token is renewed once with the refresh token; a renewal that fails
 *   for a transient reason (no network, a timeout, a proxy's 502, a busy server) is
 *   retried with backoff and, failing that, KEEPS the session (the next try renews
 *   again); only a refusal by the server ends it;
 * - every failure becomes an {@link ApiError} carrying the server's bilingual message.
 */
import type { ErrorBody, ErrorDetail } from '../../../core/errors.js';
import type { LoginResponse } from '../../../core/wire.js';
import { both, type Bilingual } from '../i18n.js';
import type { Session } from '../session.js';
import { backoffMs } from './backoff.js';

/** Longest wait for an answer (headers and body), ms. */
export const REQUEST_TIMEOUT_MS = 20_000;
/** Tries of one token renewal before giving up for now (the session is kept). */
export const REFRESH_TRIES = 3;

/** A refusal from the server, or `network` / `timeout` / `bad_response` when no usable answer came. */
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

/**
 * A failure after which the same request may succeed: no answer at all, a timeout, a
 * busy or failing server, an answer that is not the server's (a proxy's error page).
 */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return (
    e.status === 0 ||
    e.status >= 500 ||
    e.status === 429 ||
    e.code === 'bad_response' ||
    e.code === 'server_busy' ||
    e.code === 'shutting_down'
  );
}

export interface SessionStore {
  load(): Session | null;
  save(s: Session): void;
  clear(): void;
}

/** Where the sign-in's known-device token lives: kept across sign-outs, one per person. */
export interface DeviceTokenStore {
  load(username: string): string | null;
  save(username: string, token: string): void;
}

export interface TransportDeps {
  /** e.g. '/api/v1', or 'http://host:port/api/v1' outside a page. */
  base: string;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  session: SessionStore;
  /** The known-device tokens of sign-ins (none kept when absent). */
  deviceTokens?: DeviceTokenStore;
  /** The session can no longer be renewed (show the login screen). */
  onSignedOut: () => void;
  timeoutMs?: number;
  /** Waits between renewal tries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Retry-After in seconds from the header (delta-seconds form), if any. */
function retryAfterHeader(res: Response): number | undefined {
  const v = Number(res.headers.get('retry-after') ?? '');
  return res.headers.has('retry-after') && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export async function toError(res: Response): Promise<ApiError> {
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

/** A body sent as it is (a selfie), not as JSON. */
export interface RawBody {
  bytes: ArrayBuffer;
  type: string;
}

function isRaw(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && (body as RawBody).bytes instanceof ArrayBuffer;
}

export function jsonInit(
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

/**
 * A deadline for one exchange: its signal aborts the fetch (and the reading of the body)
 * after `ms`, or when `outer` aborts. `end()` clears the timer.
 */
class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  #expired = false;

  constructor(ms: number, outer?: AbortSignal) {
    this.#timer = setTimeout(() => {
      this.#expired = true;
      this.#controller.abort();
    }, ms);
    if (outer) {
      if (outer.aborted) this.#controller.abort();
      else outer.addEventListener('abort', () => this.#controller.abort(), { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#expired;
  }

  end(): void {
    clearTimeout(this.#timer);
  }
}

const timeoutError = () => new ApiError(0, 'timeout', both('timeout'));

export class Transport {
  readonly #d: TransportDeps;
  readonly #timeoutMs: number;
  /** One refresh at a time: parallel requests that all saw `token_expired` share it. */
  #refreshing: Promise<Session> | null = null;

  constructor(deps: TransportDeps) {
    this.#d = deps;
    this.#timeoutMs = deps.timeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** One fetch under `deadline`: a network failure or the deadline become ApiErrors. */
  async #fetch(path: string, init: RequestInit, deadline: Deadline, outer?: AbortSignal): Promise<Response> {
    try {
      return await this.#d.fetch(this.#d.base + path, { ...init, signal: deadline.signal });
    } catch (e) {
      if (deadline.expired) throw timeoutError();
      // An abort is the caller's own doing (a screen closed), not a network failure.
      if (outer?.aborted === true) throw e;
      throw new ApiError(0, 'network', both('network'));
    }
  }

  /** Runs `read` on the answer while the same deadline holds. */
  async #read<T>(deadline: Deadline, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      if (deadline.expired) throw timeoutError();
      throw e;
    }
  }

  async #json<T>(res: Response, deadline: Deadline): Promise<T> {
    return this.#read(deadline, async () => {
      try {
        return (await res.json()) as T;
      } catch (e) {
        if (deadline.expired) throw e;
        throw new ApiError(res.status, 'bad_response', both('badResponse'));
      }
    });
  }

  /** An unauthenticated JSON exchange (sign-in, renewal), OK or an ApiError. */
  async publicJson<T>(method: string, path: string, body: unknown): Promise<T> {
    const deadline = new Deadline(this.#timeoutMs);
    try {
      const res = await this.#fetch(path, jsonInit(method, body), deadline);
      if (!res.ok) throw await this.#read(deadline, () => toError(res));
      return await this.#json<T>(res, deadline);
    } finally {
      deadline.end();
    }
  }

  /**
   * POST /auth/login; keeps the session on success. Sends the known-device token of an
   * earlier sign-in as this person, so a lock-out others cause does not reach this phone,
   * and keeps the renewed one.
   */
  async login(username: string, password: string): Promise<Session> {
    const known = this.#d.deviceTokens?.load(username) ?? null;
    const r = await this.publicJson<LoginResponse>('POST', '/auth/login', {
      username,
      password,
      ...(known !== null && { deviceToken: known }),
    });
    if (typeof r.deviceToken === 'string') this.#d.deviceTokens?.save(username, r.deviceToken);
    const session: Session = { accessToken: r.accessToken, refreshToken: r.refreshToken, account: r.account };
    this.#d.session.save(session);
    return session;
  }

  /** Renews the access token; transient failures are retried with backoff, then thrown. */
  refresh(current: Session): Promise<Session> {
    this.#refreshing ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await this.publicJson<Partial<LoginResponse>>('POST', '/auth/refresh', {
            refreshToken: current.refreshToken,
          });
          if (typeof r.accessToken !== 'string') throw new ApiError(200, 'bad_response', both('badResponse'));
          const next: Session = {
            accessToken: r.accessToken,
            refreshToken: r.refreshToken ?? current.refreshToken,
            account: r.account ?? current.account,
          };
          this.#d.session.save(next);
          return next;
        } catch (e) {
          if (!isTransient(e) || attempt >= REFRESH_TRIES) throw e;
          const wait = backoffMs(attempt, (e as ApiError).retryAfter, this.#d.random ?? Math.random);
          await (this.#d.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))))(wait);
        }
      }
    })().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  #signOut(): void {
    this.#d.session.clear();
    this.#d.onSignedOut();
  }

  /**
   * An authenticated exchange; `read` consumes the OK answer under the same deadline
   * (pass `null` to get the Response itself, without a deadline on its body: streams).
   */
  async #authed<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    read: ((res: Response, deadline: Deadline) => Promise<T>) | null,
    signal?: AbortSignal,
  ): Promise<T> {
    let session = this.#d.session.load();
    if (session === null) {
      this.#signOut();
      throw new ApiError(401, 'unauthorized', both('signedOutExpired'));
    }
    const init = (token: string): RequestInit => jsonInit(method, body, token, headers);
    let deadline = new Deadline(this.#timeoutMs, signal);
    try {
      let res = await this.#fetch(path, init(session.accessToken), deadline, signal);
      if (res.status === 401) {
        const err = await this.#read(deadline, () => toError(res));
        if (err.code !== 'token_expired') {
          this.#signOut();
          throw err;
        }
        deadline.end();
        try {
          session = await this.refresh(session);
        } catch (e) {
          // A transient failure keeps the session (the next request renews again); a refusal ends it.
          if (!isTransient(e)) this.#signOut();
          throw e;
        }
        deadline = new Deadline(this.#timeoutMs, signal);
        res = await this.#fetch(path, init(session.accessToken), deadline, signal);
        if (res.status === 401) {
          const again = await this.#read(deadline, () => toError(res));
          this.#signOut();
          throw again;
        }
      }
      if (!res.ok) throw await this.#read(deadline, () => toError(res));
      return read === null ? (res as T) : await read(res, deadline);
    } finally {
      deadline.end();
    }
  }

  /** An authenticated request whose answer is OK (2xx); the caller reads the body. */
  authedResponse(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Response> {
    return this.#authed<Response>(method, path, body, headers, null, signal);
  }

  /** An authenticated JSON request, answer body included in the deadline. */
  authed<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.#authed<T>(method, path, body, headers, (res, deadline) =>
      res.status === 204 ? Promise.resolve(undefined as T) : this.#json<T>(res, deadline),
    );
  }
}
