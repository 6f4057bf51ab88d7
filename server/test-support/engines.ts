/**
 * Real databases for tests, one per engine: the same suites run on SQLite and on
 * PostgreSQL through the real migrations (no mocks). PostgreSQL must be running: a
 * suite that cannot reach it fails with a message saying so, it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../platform/db/engine.js';
import type { DbHandle, Engine } from '../platform/db/engine.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { startPgBouncer } from './pgbouncer.js';

export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/**
 * Where a test database can live: an engine, or 'pgbouncer': PostgreSQL reached through
 * PgBouncer in transaction pooling mode (HADIR_DATABASE_POOLER=transaction), with a
 * direct connection for LISTEN only.
 */
export type TestTarget = Engine | 'pgbouncer';

/** The engine a target runs on. */
export function engineOf(target: TestTarget): Engine {
  return target === 'sqlite' ? 'sqlite' : 'postgres';
}

/**
 * A throwaway database: the handle, where it lives (for a second handle or a raw
 * connection, as another node or a tool would open it), and `drop()`.
 */
export type TestDatabase = DbHandle & {
  drop(): Promise<void>;
  /** SQLite: the file. */
  sqliteFile?: string;
  /** PostgreSQL: the connection string. */
  databaseUrl?: string;
};

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The server to create throwaway databases on (HADIR_TEST_DATABASE_URL). */
export function testPostgresUrl(): string {
  return process.env['HADIR_TEST_DATABASE_URL'] || DEFAULT_PG_URL;
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Runs one statement on the admin database of the test server. */
async function admin(statement: string): Promise<void> {
  const url = testPostgresUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(url)} (${(err as Error).message}). ` +
        'Start PostgreSQL or set HADIR_TEST_DATABASE_URL; the store tests need both engines.',
      { cause: err },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestDatabaseOptions {
  /** Apply the migrations (default true); false gives an empty database. */
  migrate?: boolean;
}

async function openSqlite(opts: TestDatabaseOptions): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-test-'));
  const h = openDatabase({ databaseUrl: null, dataDir: dir, sqliteSync: 'normal' });
  try {
    if (opts.migrate !== false) await migrateToLatest(h);
  } catch (err) {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...h,
    sqliteFile: join(dir, 'hadir.sqlite'),
    drop: async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(opts: TestDatabaseOptions, viaPgBouncer: boolean): Promise<TestDatabase> {
  const name = `hadir_t_${randomBytes(8).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  let h: DbHandle;
  if (viaPgBouncer) {
    const pooled = new URL(url);
    pooled.hostname = '127.0.0.1';
    pooled.port = String((await startPgBouncer(testPostgresUrl())).port);
    h = openDatabase({
      databaseUrl: pooled.toString(),
      dataDir: tmpdir(),
      poolMax: 4,
      pooler: 'transaction',
      directUrl: url.toString(),
    });
  } else {
    h = openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir(), poolMax: 4 });
  }
  try {
    if (opts.migrate !== false) await migrateToLatest(h);
  } catch (err) {
    await h.close();
    await admin(`drop database if exists ${name} with (force)`);
    throw err;
  }
  return {
    ...h,
    databaseUrl: url.toString(),
    drop: async () => {
      await h.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A fresh database on `engine`, migrated to the latest schema and empty on `engine`; `drop()` closes it and deletes it.
 *
 * @example
 *   describe.each(ENGINES)('%s', (engine) => {
 *     let t: TestDatabase;
 *     beforeAll(async () => { t = await openTestDatabase(engine); });
 *     afterAll(() => t?.drop());
 *   });
 */
export function openTestDatabase(target: TestTarget, opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  return target === 'sqlite' ? openSqlite(opts) : openPostgres(opts, target === 'pgbouncer');
}
