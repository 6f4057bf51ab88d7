/**
 * The morning peak, made deterministic: another connection holds the punches table
 * locked, so admitted check-ins wait for their commit. Past the in-flight bound the
 * server must refuse at once with 503 + Retry-After, keep answering health checks, and
 * after the lock is gone acknowledge exactly the admitted check-ins — each stored once.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../../core/errors.js';
import { countPunches } from './store.js';
import { ENGINES } from '../../test-support/engines.js';
import type { Engine } from '../../platform/db/engine.js';
import {
  call,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NIP_B,
  startServer,
  wita,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const INFLIGHT_MAX = 4;

/** Holds the write lock on punches from a separate connection until released. */
async function lockPunches(s: TestServer, engine: Engine): Promise<() => Promise<void>> {
  if (engine === 'sqlite') {
    if (!s.t.sqliteFile) throw new Error('no SQLite file');
    const conn = new Sqlite(s.t.sqliteFile);
    conn.exec('begin immediate');
    return () => {
      conn.exec('rollback');
      conn.close();
      return Promise.resolve();
    };
  }
  const c = new pg.Client({ connectionString: s.t.databaseUrl });
  await c.connect();
  await c.query('begin');
  await c.query('lock table punches in exclusive mode');
  return async () => {
    await c.query('rollback');
    await c.end();
  };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe.each(ENGINES)('the peak on %s', (engine) => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('refuses past the in-flight bound with 503 and Retry-After, stays healthy, and loses nothing admitted', async () => {
    const server = await startServer(engine, { config: { inflightMax: INFLIGHT_MAX } });
    s = server;
    const tokens = [(await login(server.url, NIP_A)).token, (await login(server.url, NIP_B)).token];
    const release = await lockPunches(server, engine);
    let released = false;
    try {
      const queue = server.app.hadir.queue;
      const admitted = Array.from({ length: INFLIGHT_MAX }, (_, i) =>
        call(server.url, 'POST', '/api/v1/check-ins', {
          token: tokens[i % 2],
          body: {
            id: newId(wita(7, 20)),
            kind: 'in',
            capturedAt: new Date(wita(7, 20)).toISOString(),
            location: { ...MAKASSAR, accuracy: 10 },
          },
        }),
      );
      // Every admitted check-in has reached the queue (waiting, or in the blocked batch).
      await until(() => queue.stats.rows + queue.pending === INFLIGHT_MAX);

      const refused = await call<ErrorBody>(server.url, 'POST', '/api/v1/check-ins', {
        token: tokens[0],
        body: {
          id: newId(wita(7, 21)),
          kind: 'in',
          capturedAt: new Date(wita(7, 21)).toISOString(),
          location: { ...MAKASSAR, accuracy: 10 },
        },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('server_busy');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 5).toBe(true);
      expect(refused.body.retryAfter).toBe(retryAfter);
      expect(refused.body.message.id).toMatch(/sibuk/);

      const health = await call(server.url, 'GET', '/api/v1/health');
      expect(health.status).toBe(200);

      await release();
      released = true;
      const answers = await Promise.all(admitted);
      expect(answers.map((a) => a.status)).toEqual(Array(INFLIGHT_MAX).fill(201));
      expect(await countPunches(server.t.db)).toBe(INFLIGHT_MAX);
    } finally {
      if (!released) await release();
    }
  });
});
