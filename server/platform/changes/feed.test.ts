import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUnit } from '../../features/units/store.js';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../test-support/engines.js';
import { openDatabase, type DbHandle } from '../db/engine.js';
import { ChangeFeed, type ChangeSet } from './feed.js';

async function eventually(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(cond()).toBe(true);
}

const unit = (name: string) => ({ parentId: null, name, kind: 'pemda', zone: 'Asia/Jakarta' }) as const;

describe.each(ENGINES)('the change feed on %s', (engine) => {
  let a: TestDatabase;
  let b: DbHandle;
  let feed: ChangeFeed | null = null;
  let seen: ChangeSet[];

  beforeEach(async () => {
    a = await openTestDatabase(engine);
    // Node B: its own handle on the same database, as another server process has.
    b = openDatabase({
      databaseUrl: a.databaseUrl ?? null,
      dataDir: a.sqliteFile ? dirname(a.sqliteFile) : '',
    });
    seen = [];
  });
  afterEach(async () => {
    await feed?.close();
    feed = null;
    await b.close();
    await a.drop();
  });

  const keys = (topic: 'unit' | 'session') => [...new Set(seen.flatMap((cs) => [...cs.keys(topic)]))];

  it('brings a change made on node A to node B, with its topic and key', async () => {
    feed = await ChangeFeed.open(b, { pollMs: 50 });
    feed.subscribe(['unit'], (cs) => void seen.push(cs));
    const u = await insertUnit(a.db, unit('Pemkab'));
    await eventually(() => keys('unit').includes(String(u.id)));
    expect(seen.every((cs) => !cs.reset)).toBe(true);
  });

  it('tells a subscriber only of its own topics', async () => {
    feed = await ChangeFeed.open(b, { pollMs: 0 });
    feed.subscribe(['session'], (cs) => void seen.push(cs));
    await insertUnit(a.db, unit('Pemkab'));
    await feed.catchUp();
    expect(seen).toEqual([]);
  });

  it('resets its subscribers when the log was pruned past its position', async () => {
    feed = await ChangeFeed.open(b, { pollMs: 0 });
    feed.subscribe(['unit'], (cs) => void seen.push(cs));
    await a.db
      .updateTable('change_feed')
      .set({ pruned_to: feed.position + 10 })
      .execute();
    await feed.catchUp();
    expect(seen.map((cs) => cs.reset)).toEqual([true]);
  });

  it('prunes rows more than `keep` behind, and a feed behind them resets', async () => {
    // A node that neither polls nor listens (a pooled connection without a direct URL) stays behind.
    const quiet = openDatabase({
      databaseUrl: a.databaseUrl ?? null,
      dataDir: a.sqliteFile ? dirname(a.sqliteFile) : '',
      pooler: 'transaction',
    });
    const behind = await ChangeFeed.open(quiet, { pollMs: 0 });
    const resets: boolean[] = [];
    behind.subscribe(['unit'], (cs) => void resets.push(cs.reset));
    try {
      feed = await ChangeFeed.open(a, { pollMs: 0, keep: 2 });
      for (let i = 0; i < 40; i++) {
        await insertUnit(a.db, unit(`U${i}`));
        await feed.catchUp(); // the 32nd read prunes
      }
      const left = await a.db
        .selectFrom('change_log')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(Number(left?.n)).toBeLessThan(40);
      await behind.catchUp();
      expect(resets).toContain(true);
    } finally {
      await behind.close();
      await quiet.close();
    }
  });

  if (engine === 'postgres') {
    it('reaches node B through NOTIFY without polling', async () => {
      feed = await ChangeFeed.open(b, { pollMs: 0 });
      feed.subscribe(['unit'], (cs) => void seen.push(cs));
      const u = await insertUnit(a.db, unit('Pemkab'));
      await eventually(() => keys('unit').includes(String(u.id)));
      expect(feed.stats.notifications).toBeGreaterThan(0);
    });

    it('does not lose a change whose transaction commits after a later one', async () => {
      feed = await ChangeFeed.open(b, { pollMs: 0 });
      feed.subscribe(['unit'], (cs) => void seen.push(cs));
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => (release = r));
      let firstId = 0;
      // The first transaction takes its log number and waits; a second one commits meanwhile.
      const slow = a.db.transaction().execute(async (tx) => {
        firstId = (await insertUnit(tx, unit('Lambat'))).id;
        await held;
      });
      await eventually(() => firstId > 0);
      const fast = await insertUnit(a.db, unit('Cepat'));
      await feed.catchUp();
      expect(keys('unit')).toEqual([String(fast.id)]);
      release();
      await slow;
      await feed.catchUp();
      expect(keys('unit')).toEqual([String(fast.id), String(firstId)]);
    });

    it('logs a statement touching more than 1,000 keys as one "all" key', async () => {
      feed = await ChangeFeed.open(b, { pollMs: 0 });
      feed.subscribe(['unit'], (cs) => void seen.push(cs));
      await sql`insert into units (parent_id, name, kind, zone, path)
        select null, 'U' || g, 'pemda', 'Asia/Jakarta', '/' from generate_series(1, 1001) g`.execute(a.db);
      await feed.catchUp();
      expect(keys('unit')).toEqual(['*']);
      expect(seen[0]?.all('unit')).toBe(true);
    });
  }
});
