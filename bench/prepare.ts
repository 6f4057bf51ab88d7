/**
 * What every server scenario starts from: a fresh database (SQLite in a temporary folder,
 * or a new PostgreSQL database), migrated and seeded with the bench regency, a token
 * secret shared with the server, and the environment the server is started with —
 * Hadir's defaults, except where the run says otherwise.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { seedBench, type BenchSeed } from './seed.js';
import { createBenchDatabase, dropBenchDatabase } from './verify.js';

export type Engine = 'sqlite' | 'postgres';

export interface Prepared {
  engine: Engine;
  dataDir: string;
  databaseUrl: string | null;
  sqliteSync: 'full' | 'normal';
  seed: BenchSeed;
  /** The token secret as the server reads it (HADIR_TOKEN_SECRET's characters). */
  secret: Buffer;
  seedSeconds: number;
  /** The server's environment: data folder, secret, database; nothing else changed. */
  env: Record<string, string>;
  /** Opens the run's database (for verification). */
  open(): ReturnType<typeof openDatabase>;
  cleanup(): Promise<void>;
}

export async function prepare(opts: {
  engine: Engine;
  employees: number;
  sqliteSync: 'full' | 'normal';
  log: (msg: string) => void;
  /** Extra server settings (each one is reported by the scenario). */
  env?: Record<string, string>;
}): Promise<Prepared> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-bench-'));
  const secretText = randomBytes(32).toString('hex');
  const databaseUrl = opts.engine === 'postgres' ? await createBenchDatabase() : null;
  const open = () => openDatabase({ databaseUrl, dataDir, sqliteSync: opts.sqliteSync });
  const cleanup = async (): Promise<void> => {
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  };
  try {
    opts.log(`seeding ${opts.employees} employees on ${opts.engine}`);
    const t0 = performance.now();
    const handle = open();
    let seed: BenchSeed;
    try {
      await migrateToLatest(handle);
      seed = await seedBench(handle.db, opts.employees);
    } finally {
      await handle.close();
    }
    return {
      engine: opts.engine,
      dataDir,
      databaseUrl,
      sqliteSync: opts.sqliteSync,
      seed,
      secret: Buffer.from(secretText, 'utf8'),
      seedSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
      env: {
        HADIR_DATA_DIR: dataDir,
        HADIR_TOKEN_SECRET: secretText,
        ...(opts.sqliteSync === 'normal' ? { HADIR_SQLITE_SYNC: 'normal' } : {}),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        ...opts.env,
      },
      open,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
