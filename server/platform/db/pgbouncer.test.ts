/**
 * The server behind PgBouncer in transaction pooling mode (HADIR_DATABASE_POOLER=
 * transaction): a check-in's round trip through the punch writer, the change feed over
 * the direct LISTEN connection, and the refusal of a server that would not commit
 * durably. The storage contract suite runs through it too (store.contract.test.ts).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../../core/wire.js';
import { insertUnit } from '../../features/units/store.js';
import { openTestDatabase, testPostgresUrl, type TestDatabase } from '../../test-support/engines.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { startPgBouncer } from '../../test-support/pgbouncer.js';
import { ChangeFeed } from '../changes/feed.js';
import { openDatabase } from './engine.js';
import { migrateToLatest } from './migrate.js';

describe('behind PgBouncer in transaction mode', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pgbouncer', { now: () => wita(7, 31) });
  });
  afterAll(() => s?.close());

  it('stores a check-in, answers its resend with the same answer, and shows it today', async () => {
    expect(s.t.engine).toBe('postgres');
    const { token } = await login(s.url, NIP_A);
    const body = {
      id: newId(wita(7, 29)),
      kind: 'in',
      capturedAt: new Date(wita(7, 29)).toISOString(),
      location: { ...MAKASSAR, accuracy: 12 },
    };
    const first = await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body });
    expect(first.status).toBe(201);
    const again = await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      id: body.id,
      workDate: first.body.workDate,
      timing: first.body.timing,
    });
    const today = await call<{ punches: { id: string }[] }>(s.url, 'GET', '/api/v1/me/today', { token });
    expect(today.body.punches.map((p) => p.id)).toEqual([body.id]);
    const stored = await s.t.db.selectFrom('punches').select('id').execute();
    expect(stored).toEqual([{ id: body.id }]);
  });

  it('hears another node through the direct LISTEN connection, without polling', async () => {
    const feed = await ChangeFeed.open(s.t, { pollMs: 0 });
    const keys: string[] = [];
    feed.subscribe(['unit'], (cs) => void keys.push(...cs.keys('unit')));
    try {
      expect(feed.pushes).toBe(true);
      const u = await insertUnit(s.t.db, {
        parentId: null,
        name: 'Baru',
        kind: 'pemda',
        zone: 'Asia/Jakarta',
      });
      for (let i = 0; i < 300 && !keys.includes(String(u.id)); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(keys).toContain(String(u.id));
      expect(feed.stats.notifications).toBeGreaterThan(0);
    } finally {
      await feed.close();
    }
  });
});

describe('a PostgreSQL server whose synchronous_commit is off, behind a pooler', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  });
  afterAll(() => t?.drop());

  it('is refused: acknowledged writes could be lost in a crash', async () => {
    const name = new URL(t.databaseUrl ?? '').pathname.slice(1);
    await sql`${sql.raw(`alter database ${name} set synchronous_commit = off`)}`.execute(t.db);
    const pooled = new URL(t.databaseUrl ?? '');
    pooled.hostname = '127.0.0.1';
    pooled.port = String((await startPgBouncer(testPostgresUrl())).port);
    const h = openDatabase({ databaseUrl: pooled.toString(), dataDir: '', pooler: 'transaction' });
    try {
      await expect(migrateToLatest(h)).rejects.toThrow(/synchronous_commit is off/);
    } finally {
      await h.close();
    }
  });
});
