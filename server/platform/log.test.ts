import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test-support/engines.js';
import {
  call,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NOW,
  PASSWORD,
  startServer,
  testConfig,
  wita,
} from '../test-support/http-fixtures.js';
import type { TestServer } from '../test-support/http-fixtures.js';
import { buildApp } from './http/app.js';
import { redactUrl, RequestSummary } from './log.js';

/** A stream that keeps every JSON line written to it. */
function capture(): { stream: PassThrough; lines: () => Record<string, unknown>[]; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

function checkIn() {
  return {
    id: newId(wita(7, 29)),
    kind: 'in',
    capturedAt: new Date(wita(7, 29)).toISOString(),
    location: { ...MAKASSAR, accuracy: 12 },
  };
}

type Counts = Record<string, number>;

/** The sum of summary lines: requests, counts per route and status, counts per code. */
function addUp(lines: Record<string, unknown>[]): {
  requests: number;
  routes: Record<string, Counts>;
  codes: Counts;
} {
  const sum = { requests: 0, routes: {} as Record<string, Counts>, codes: {} as Counts };
  const add = (into: Counts, from: Counts) => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  for (const l of lines) {
    sum.requests += l['requests'] as number;
    for (const [route, byStatus] of Object.entries((l['routes'] ?? {}) as Record<string, Counts>))
      add((sum.routes[route] ??= {}), byStatus);
    add(sum.codes, (l['codes'] ?? {}) as Counts);
  }
  return sum;
}

describe('logging', () => {
  let s: TestServer | null = null;
  afterEach(async () => {
    await s?.close();
    s = null;
  });

  it('at the default level writes no line per request, and one summary with counts by route, status and code', async () => {
    const log = capture();
    s = await startServer('sqlite', { config: { logLevel: 'info' }, logStream: log.stream });
    const { token } = await login(s.url, NIP_A);
    for (let i = 0; i < 3; i++) {
      const r = await call(s.url, 'POST', '/api/v1/check-ins', { token, body: checkIn() });
      expect(r.status).toBe(201);
    }
    expect((await call(s.url, 'POST', '/api/v1/check-ins', { body: checkIn() })).status).toBe(401);
    expect(
      log.lines().filter((l) => l['msg'] === 'incoming request' || l['msg'] === 'request completed'),
    ).toEqual([]);
    await s.close();
    s = null;
    // One line a second: on a busy machine the requests may straddle a second, so the
    // lines are added up (the test asserts what is counted, never how fast).
    const summaries = log.lines().filter((l) => l['msg'] === 'requests');
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(summaries.every((l) => l['level'] === 30)).toBe(true);
    expect(addUp(summaries)).toEqual({
      requests: 5,
      routes: {
        'POST /api/v1/auth/login': { '200': 1 },
        'POST /api/v1/check-ins': { '201': 3, '401': 1 },
      },
      codes: { unauthorized: 1 },
    });
  });

  it('at debug logs every request but never a token or a password', async () => {
    const log = capture();
    s = await startServer('sqlite', { config: { logLevel: 'debug' }, logStream: log.stream });
    const { token, refresh } = await login(s.url, NIP_A);
    await call(s.url, 'POST', '/api/v1/check-ins', { token, body: checkIn() });
    await call(s.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: refresh } });
    await call(s.url, 'GET', `/api/v1/health?token=${token}&day=1`);
    // Whatever a later change logs by mistake, these fields are blanked.
    s.app.log.info(
      {
        req: { headers: { authorization: `Bearer ${token}` } },
        body: { username: NIP_A, password: PASSWORD, refreshToken: refresh },
        password: PASSWORD,
        user: { newPassword: PASSWORD },
      },
      'a careless line',
    );
    const text = log.text();
    expect(log.lines().filter((l) => l['msg'] === 'incoming request').length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('/api/v1/health?token=[redacted]&day=1');
    expect(text).toContain('a careless line');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(refresh);
    expect(text).not.toContain(PASSWORD);
  });

  it('logs a failure with its stack and request id, the path redacted', async () => {
    const log = capture();
    const t = await openTestDatabase('sqlite');
    const app = await buildApp(testConfig({ logLevel: 'info' }), {
      handle: t,
      now: () => NOW,
      logger: true,
      logStream: log.stream,
    });
    try {
      app.get('/api/v1/test-boom', () => {
        throw new Error('the disk is on fire');
      });
      const r = await app.inject({ method: 'GET', url: '/api/v1/test-boom?secret=abc' });
      expect(r.statusCode).toBe(500);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'internal' });
      const failure = log.lines().find((l) => l['msg'] === 'request failed');
      expect(failure).toMatchObject({
        level: 50,
        req: { method: 'GET', url: '/api/v1/test-boom?secret=[redacted]' },
        err: { message: 'the disk is on fire' },
      });
      expect(String((failure?.['err'] as { stack?: string }).stack)).toContain('log.test.ts');
      expect(failure?.['reqId']).toEqual(expect.any(String));
    } finally {
      await app.close();
      await t.drop();
    }
  });
});

describe('redactUrl', () => {
  it('blanks secret-looking query values and keeps the rest', () => {
    expect(redactUrl('/a/b')).toBe('/a/b');
    expect(redactUrl('/a?refreshToken=x&from=2026-03-01&api_key=k&q')).toBe(
      '/a?refreshToken=[redacted]&from=2026-03-01&api_key=[redacted]&q',
    );
    expect(redactUrl('/activate?code=123456')).toBe('/activate?code=[redacted]');
  });
});

describe('RequestSummary', () => {
  it('counts answers between two takes and starts afresh', () => {
    const s = new RequestSummary();
    expect(s.take()).toBeNull();
    for (let i = 0; i < 98; i++) s.note('POST', '/api/v1/check-ins', 201, 3);
    s.note('POST', '/api/v1/check-ins', 503, 0.05);
    s.refused('server_busy');
    s.note('GET', undefined, 404, 900);
    const line = s.take();
    expect(line).toMatchObject({
      requests: 100,
      routes: { 'POST /api/v1/check-ins': { '201': 98, '503': 1 }, 'GET (no route)': { '404': 1 } },
      codes: { server_busy: 1 },
      latencyMs: { p50: 3.2, p99: 3.2, max: 900 },
    });
    expect(s.take()).toBeNull();
  });
});
