import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERRORS, type ErrorCode } from '../../core/errors.js';
import type { AccountInfo } from '../../core/wire.js';
import { ApiError, getToday, login, logout, setSignedOutHandler } from './api.js';
import { REFRESH_TRIES, REQUEST_TIMEOUT_MS } from './outbox/transport.js';
import { loadSession, saveSession } from './session.js';

const account: AccountInfo = {
  id: 7,
  username: '198609262015051001',
  role: 'employee',
  employee: null,
  unitId: null,
};

function errorAnswer(code: ErrorCode): Response {
  const { status, id, en } = ERRORS[code];
  return new Response(JSON.stringify({ code, message: { id, en } }), { status });
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

interface Seen {
  path: string;
  auth: string | null;
  body: unknown;
}

/** Answers by path from a script; records what the page sent. */
function fakeServer(script: Record<string, Array<() => Response>>): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    const path = url.replace('/api/v1', '');
    const headers = init.headers as Record<string, string>;
    seen.push({
      path,
      auth: headers['authorization'] ?? null,
      body: init.body ? JSON.parse(init.body as string) : null,
    });
    const next = script[path]?.shift();
    if (!next) throw new Error(`unexpected request ${path}`);
    return Promise.resolve(next());
  });
  return seen;
}

let signedOut = 0;

beforeEach(() => {
  const store = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  saveSession({ accessToken: 'old-access', refreshToken: 'old-refresh', account });
  signedOut = 0;
  setSignedOutHandler(() => signedOut++);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A fetch that never answers; it fails only when its signal aborts, as a browser's does. */
function hangingFetch(calls: string[]): void {
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.push(url);
    return new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  });
}

describe('api', () => {
  it('keeps the known-device token of a sign-in across sign-outs and sends it with the next one', async () => {
    const answer = (deviceToken: string) => () =>
      json({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, account, deviceToken });
    const seen = fakeServer({
      '/auth/login': [answer('token-1'), answer('token-2')],
      '/auth/logout': [() => new Response(null, { status: 204 })],
    });
    await login('19860926 201505 1 001', 'kopi-pagi-hari');
    await logout();
    await login('198609262015051001', 'kopi-pagi-hari');
    const logins = seen.filter((s) => s.path === '/auth/login').map((s) => s.body);
    expect(logins).toEqual([
      { username: '19860926 201505 1 001', password: 'kopi-pagi-hari' },
      { username: '198609262015051001', password: 'kopi-pagi-hari', deviceToken: 'token-1' },
    ]);
  });

  it('renews an expired access token with the refresh token and repeats the request', async () => {
    const seen = fakeServer({
      '/me/today': [() => errorAnswer('token_expired'), () => json({ date: '2026-03-02' })],
      '/auth/refresh': [
        () => json({ accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900, account }),
      ],
    });
    const today = await getToday();
    expect(today.date).toBe('2026-03-02');
    expect(seen.map((s) => [s.path, s.auth])).toEqual([
      ['/me/today', 'Bearer old-access'],
      ['/auth/refresh', null],
      ['/me/today', 'Bearer new-access'],
    ]);
    expect(seen[1]?.body).toEqual({ refreshToken: 'old-refresh' });
    expect(loadSession()).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    expect(signedOut).toBe(0);
  });

  it('signs out when the refresh is refused, with the server message', async () => {
    fakeServer({
      '/me/today': [() => errorAnswer('token_expired')],
      '/auth/refresh': [() => errorAnswer('unauthorized')],
    });
    const err = await getToday().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).text).toEqual({ id: ERRORS.unauthorized.id, en: ERRORS.unauthorized.en });
    expect(loadSession()).toBeNull();
    expect(signedOut).toBe(1);
  });

  it('turns a non-JSON failure (a proxy error page) into a bilingual message', async () => {
    fakeServer({ '/me/today': [() => new Response('<html>Bad Gateway</html>', { status: 502 })] });
    const err = (await getToday().catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.code).toBe('bad_response');
    expect(err.text.id).toMatch(/^Jawaban server tidak dikenali/);
    expect(loadSession()).not.toBeNull();
  });

  it('gives up on a request that never answers after the deadline, keeping the session', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    hangingFetch(calls);
    const settled = getToday().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    const err = (await settled) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('timeout');
    expect(calls).toHaveLength(1);
    expect(loadSession()).not.toBeNull();
    expect(signedOut).toBe(0);
  });

  it('gives up on an answer whose body never ends, too', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"date":'));
          init.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    });
    const settled = getToday().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(((await settled) as ApiError).code).toBe('timeout');
  });

  it("keeps the session when the renewal meets a proxy's 502 and a lost answer, retrying with backoff", async () => {
    vi.useFakeTimers();
    const seen = fakeServer({
      '/me/today': [() => errorAnswer('token_expired'), () => json({ date: '2026-03-02' })],
      '/auth/refresh': [
        () => new Response('<html>Bad Gateway</html>', { status: 502 }),
        () => {
          throw new TypeError('Failed to fetch');
        },
        () => json({ accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900, account }),
      ],
    });
    const today = getToday();
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await today).date).toBe('2026-03-02');
    // The retries carry the same (previous) refresh token: the server accepts it once more.
    expect(seen.filter((x) => x.path === '/auth/refresh').map((x) => x.body)).toEqual([
      { refreshToken: 'old-refresh' },
      { refreshToken: 'old-refresh' },
      { refreshToken: 'old-refresh' },
    ]);
    expect(signedOut).toBe(0);
  });

  it('keeps the session when every renewal try fails for a transient reason', async () => {
    vi.useFakeTimers();
    const gateway = () => new Response('<html>Bad Gateway</html>', { status: 502 });
    fakeServer({
      '/me/today': [() => errorAnswer('token_expired')],
      '/auth/refresh': Array.from({ length: REFRESH_TRIES }, () => gateway),
    });
    const settled = getToday().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(((await settled) as ApiError).status).toBe(502);
    expect(loadSession()).toMatchObject({ refreshToken: 'old-refresh' });
    expect(signedOut).toBe(0);
  });
});
