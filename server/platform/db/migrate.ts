/**
 * Schema versions with Kysely's Migrator (tables kysely_migration and
 * kysely_migration_lock). Safe to run from several processes at once: the Migrator
 * takes a lock on both engines.
 */
import { Migrator } from 'kysely';
import type { DbHandle } from './engine.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Numbers are reserved ahead for work in progress, so a migration may land after one
 * with a higher number has been applied (0011 after 0013): apply it then instead of
 * refusing the database. Each migration touches its own tables, so the order between
 * such neighbours does not matter.
 */
function migrator(h: DbHandle): Migrator {
  return new Migrator({ db: h.db, provider: migrationProvider, allowUnorderedMigrations: true });
}

/**
 * Applies every pending migration; returns the names applied now (empty when the schema
 * was already current) and the latest applied name. Throws the first failure.
 */
export async function migrateToLatest(h: DbHandle): Promise<{ applied: string[]; current: string | null }> {
  await h.verify();
  const { error, results } = await migrator(h).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error : new Error(JSON.stringify(error));
    throw new Error(`migration ${failed ?? '(setup)'} failed: ${cause.message}`, { cause });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, current: await currentMigration(h) };
}

/** The latest applied migration's name, or null on an empty database. */
export async function currentMigration(h: DbHandle): Promise<string | null> {
  const all = await migrator(h).getMigrations();
  let current: string | null = null;
  for (const m of all) if (m.executedAt !== undefined) current = m.name;
  return current;
}
