/**
 * A sign-out on one server process ends the session on every other process sharing the
 * database: within a poll on SQLite, at once through NOTIFY on PostgreSQL.
 */
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../platform/db/engine.js';
import { buildApp } from '../../platform/http/app.js';
import { call, login, NIP_A, NOW, startServer, TEST_SCRYPT } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

async function eventually(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await cond()).toBe(true);
}

describe.each(ENGINES)('session revocation across processes on %s', (engine) => {
  let a: TestServer | undefined;
  let b: FastifyInstance | undefined;
  let bHandle: DbHandle | undefined;
  afterEach(async () => {
    await b?.close();
    await bHandle?.close();
    await a?.close();
    a = b = bHandle = undefined;
  });

  it('refuses on node B a token whose session was ended on node A', async () => {
    a = await startServer(engine);
    bHandle = openDatabase({
      databaseUrl: a.t.databaseUrl ?? null,
      dataDir: a.t.sqliteFile ? dirname(a.t.sqliteFile) : '',
    });
    // Node B polls rarely on PostgreSQL, so only NOTIFY can explain a quick refusal there.
    const pollMs = engine === 'postgres' ? 60_000 : 100;
    b = await buildApp(
      { ...a.config, directoryPollMs: pollMs },
      { handle: bHandle, passwordParams: TEST_SCRYPT, now: () => NOW },
    );
    const bUrl = await b.listen({ port: 0, host: '127.0.0.1' });

    const { token } = await login(a.url, NIP_A);
    expect((await call(bUrl, 'GET', '/api/v1/me/today', { token })).status).toBe(200);
    expect((await call(a.url, 'POST', '/api/v1/auth/logout', { token })).status).toBeLessThan(300);
    await eventually(async () => (await call(bUrl, 'GET', '/api/v1/me/today', { token })).status === 401);
  });
});
