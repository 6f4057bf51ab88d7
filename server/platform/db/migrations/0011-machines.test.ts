/**
 * Migration 0011 lands after 0013 was applied on some databases: migrating such a
 * database applies it (numbers are reserved ahead, see migrate.ts), on both engines.
 */
import { Migrator } from 'kysely';
import type { Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase } from '../../../test-support/engines.js';
import type { TestDatabase } from '../../../test-support/engines.js';
import { currentMigration, migrateToLatest } from '../migrate.js';
import { MIGRATIONS } from './index.js';

describe.each(ENGINES)('migration 0011 (machines) after later ones on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(engine, { migrate: false });
    // Every migration but 0011, as a database migrated before 0011 landed has them.
    const without: Record<string, Migration> = { ...MIGRATIONS };
    delete without['0011-machines'];
    const r = await new Migrator({
      db: t.db,
      provider: { getMigrations: () => Promise.resolve(without) },
    }).migrateToLatest();
    expect(r.error).toBeUndefined();
  });
  afterAll(() => t?.drop());

  it('applies 0011 and keeps the latest name', async () => {
    const { applied } = await migrateToLatest(t);
    expect(applied).toEqual(['0011-machines']);
    expect(await currentMigration(t)).toBe(Object.keys(MIGRATIONS).sort().pop());
    expect(await t.db.selectFrom('machines').selectAll().execute()).toEqual([]);
  });
});
