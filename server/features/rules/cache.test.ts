/**
 * The rule-set cache of the check-in path (rules/cache.ts) on both engines: a version
 * added by another process (here: another handle on the same database) reaches it
 * through the change feed, and one added by this process as soon as it drops its copy.
 */
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/presets.js';
import { ChangeFeed } from '../../platform/changes/feed.js';
import { openDatabase, type DbHandle } from '../../platform/db/engine.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../test-support/engines.js';
import { insertUnit } from '../units/store.js';
import { RuleSetCache } from './cache.js';
import { insertRuleSet } from './store.js';

const version = (id: string, effectiveFrom: string) => ({ ...PERMENTAN_68_2012, id, effectiveFrom });

describe.each(ENGINES)('the rule-set cache on %s', (engine) => {
  let a: TestDatabase;
  let b: DbHandle;
  let feed: ChangeFeed;
  let cache: RuleSetCache;
  let org: number;

  beforeEach(async () => {
    a = await openTestDatabase(engine);
    b = openDatabase({
      databaseUrl: a.databaseUrl ?? null,
      dataDir: a.sqliteFile ? dirname(a.sqliteFile) : '',
    });
    org = (await insertUnit(a.db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Makassar' }))
      .id;
    feed = await ChangeFeed.open(b, { pollMs: 0 });
    cache = new RuleSetCache(b.db, feed);
  });
  afterEach(async () => {
    cache.close();
    await feed.close();
    await b.close();
    await a.drop();
  });

  const ids = async () => (await cache.get(org)).map((r) => r.id);

  it('reads once, then answers from memory until the organisation’s versions change', async () => {
    await insertRuleSet(a.db, org, version('v1', '2026-01-01'), 1, null);
    await feed.catchUp();
    expect(await ids()).toEqual(['v1']);
    // From memory: a plain value, no promise.
    expect(cache.get(org)).not.toBeInstanceOf(Promise);

    // Another process adds a version: the feed drops the copy, the next read sees it.
    await insertRuleSet(a.db, org, version('v2', '2026-06-01'), 2, null);
    // Until the feed reads the change the copy stands. On PostgreSQL the NOTIFY may
    // arrive at any moment after the commit, so the stale read is only certain on SQLite.
    if (engine === 'sqlite') expect(await ids()).toEqual(['v1']);
    await feed.catchUp();
    expect(cache.get(org)).toBeInstanceOf(Promise);
    expect(await ids()).toEqual(['v1', 'v2']);
  });

  it('leaves other organisations’ copies alone, and reads again after drop()', async () => {
    const other = (
      await insertUnit(a.db, { parentId: null, name: 'Pemkot', kind: 'pemda', zone: 'Asia/Jakarta' })
    ).id;
    await insertRuleSet(a.db, org, version('v1', '2026-01-01'), 1, null);
    await feed.catchUp();
    await cache.get(org);
    await cache.get(other);
    await insertRuleSet(a.db, other, version('o1', '2026-01-01'), 2, null);
    await feed.catchUp();
    expect(cache.get(org)).not.toBeInstanceOf(Promise);
    expect((await cache.get(other)).map((r) => r.id)).toEqual(['o1']);

    await insertRuleSet(b.db, org, version('v2', '2026-06-01'), 3, null);
    cache.drop(org);
    expect(await ids()).toEqual(['v1', 'v2']);
  });

  it('does not keep a read that was in flight when the versions changed', async () => {
    const inFlight = cache.get(org);
    await insertRuleSet(a.db, org, version('v1', '2026-01-01'), 1, null);
    await feed.catchUp();
    await inFlight;
    expect(await ids()).toEqual(['v1']);
  });
});
