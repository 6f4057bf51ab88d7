/**
 * An admin's unlock reaches every server process sharing the database: the account is
 * locked by wrong passwords on node B, unlocked through node A's API, and the right
 * password then works on node B — within a poll on SQLite, at once through NOTIFY on
 * PostgreSQL (node B polls only once a minute there).
 */
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../platform/db/engine.js';
import { buildApp } from '../../platform/http/app.js';
import {
  call,
  login,
  NIP_A,
  NOW,
  PASSWORD,
  startServer,
  TEST_SCRYPT,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';

const LOGIN = '/api/v1/auth/login';

async function eventually(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await cond()).toBe(true);
}

describe.each(ENGINES)('unlock across processes on %s', (engine) => {
  let a: TestServer | undefined;
  let b: FastifyInstance | undefined;
  let bHandle: DbHandle | undefined;
  afterEach(async () => {
    await b?.close();
    await bHandle?.close();
    await a?.close();
    a = b = bHandle = undefined;
  });

  it('an unlock on node A lets the right password in again on node B', async () => {
    a = await startServer(engine);
    bHandle = openDatabase({
      databaseUrl: a.t.databaseUrl ?? null,
      dataDir: a.t.sqliteFile ? dirname(a.t.sqliteFile) : '',
    });
    const pollMs = engine === 'postgres' ? 60_000 : 100;
    b = await buildApp(
      { ...a.config, directoryPollMs: pollMs },
      { handle: bHandle, passwordParams: TEST_SCRYPT, now: () => NOW },
    );
    const bUrl = await b.listen({ port: 0, host: '127.0.0.1' });
    const signInB = (password: string) => call(bUrl, 'POST', LOGIN, { body: { username: NIP_A, password } });

    for (let i = 0; i < a.config.loginMaxPerAccount; i++)
      expect((await signInB(`tebakan-${i}`)).status).toBe(401);
    const locked = await signInB(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'too_many_attempts' });

    const { token } = await login(a.url, 'admin.dinkes');
    const r = await call(a.url, 'POST', `/api/v1/accounts/${a.seeded.accounts.a}/unlock`, { token });
    expect(r.status).toBe(204);

    await eventually(async () => (await signInB(PASSWORD)).status === 200);
    // The unlock cleared the count, it did not switch the throttle off: new guesses count again.
    for (let i = 0; i < a.config.loginMaxPerAccount; i++)
      expect((await signInB(`lagi-${i}`)).status).toBe(401);
    expect((await signInB(PASSWORD)).status).toBe(429);
  });
});
