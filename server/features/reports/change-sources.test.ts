/**
 * The kept TK count (tk-cache.ts) is right only while every table a day's status is
 * computed from logs its changes to the change feed. This reads the tables loadPeriod
 * really queries (from the statements themselves, through a Kysely plugin) and checks,
 * on both engines, that each has change-log triggers (0013/0025/0026) or bumps the
 * directory version (0002/0007/0008, logged as topic `directory`), under a topic the kept
 * TK counts follow. Punches have no
 * trigger by design: their writers log late ones (store.contract.test.ts checks that).
 * A new table read by a status without its triggers fails here.
 */
import { sql } from 'kysely';
import type { KyselyPlugin, OperationNode, RootOperationNode, UnknownRow, QueryResult } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { seed } from '../../test-support/http-fixtures.js';
import type { Seeded } from '../../test-support/http-fixtures.js';
import type { Topic } from '../../platform/changes/feed.js';
import { CHANGE_SOURCES } from '../../platform/db/migrations/0013-change-feed.js';
import { ATTENDANCE_SOURCES } from '../../platform/db/migrations/0026-attendance-changes.js';
import { loadPeriod } from './service.js';
import { TK_TOPICS } from './tk-cache.js';

/** Collects the name of every table a statement names. */
class TablesRead implements KyselyPlugin {
  readonly tables = new Set<string>();

  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.#walk(args.node);
    return args.node;
  }

  transformResult(args: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  #walk(node: unknown): void {
    if (Array.isArray(node)) {
      for (const n of node) this.#walk(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as OperationNode & { table?: { identifier?: { name?: string } } };
    if (n.kind === 'TableNode' && n.table?.identifier?.name) this.tables.add(n.table.identifier.name);
    for (const v of Object.values(node)) this.#walk(v);
  }
}

/** The topic each logged table's triggers write (migrations 0013, 0025, 0026). */
const TOPIC_OF = new Map<string, Topic>(
  [...CHANGE_SOURCES, ...ATTENDANCE_SOURCES, { table: 'rule_sets', topic: 'rules' }].map((x) => [
    x.table,
    x.topic as Topic,
  ]),
);

/**
 * Tables read without triggers, and why that is right: punches are logged by their
 * writers when late; accounts give only a review's author name, which no count uses.
 */
const NOT_TRIGGERED = new Set(['punches', 'accounts']);

describe.each(ENGINES)('what a status is computed from is logged, on %s', (engine) => {
  let t: TestDatabase;
  let s: Seeded;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    s = await seed(t);
    await insertRuleSet(t.db, s.units.pemda, permentan68Preset('2026-01-01'), 0, null);
  });
  afterAll(() => t?.drop());

  async function triggersOf(table: string): Promise<string[]> {
    const q =
      engine === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = ${table}`
        : sql<{ name: string }>`select t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
            where c.relname = ${table} and not t.tgisinternal`;
    return (await q.execute(t.db)).rows.map((r) => r.name);
  }

  it('has change triggers on every table loadPeriod reads', async () => {
    const plugin = new TablesRead();
    const db = t.db.withPlugin(plugin);
    // By units and by employees (someone moved, or a person's card): both query shapes.
    await loadPeriod(db, { unitIds: Object.values(s.units) }, '2026-03-01', '2026-03-31');
    await loadPeriod(db, { employeeIds: [s.employees.a, s.employees.b] }, '2026-03-01', '2026-03-31');
    await loadPeriod(
      db,
      { unitIds: [s.units.puskesmas], employeeIds: [s.employees.a] },
      '2026-03-01',
      '2026-03-31',
    );
    // Aliases (`e.id`) name tables too: keep the real ones.
    const real = new Set((await t.db.introspection.getTables()).map((x) => x.name));
    const tables = [...plugin.tables].filter((x) => real.has(x)).sort();
    // What a status needs is really among them (the walk found the statements' tables).
    for (const needed of [
      'punches',
      'punch_reviews',
      'leave_requests',
      'attendance_entries',
      'roster_entries',
    ])
      expect(tables).toContain(needed);
    const unlogged: string[] = [];
    const unfollowed: string[] = [];
    for (const table of tables) {
      if (NOT_TRIGGERED.has(table)) continue;
      const names = await triggersOf(table);
      const logged = names.some((n) => n.includes('_changes_'));
      if (!logged && !names.some((n) => n.includes('_directory_'))) unlogged.push(table);
      // The topic it is logged under is one the kept TK counts follow.
      const topic = logged ? TOPIC_OF.get(table) : 'directory';
      if (!topic || !TK_TOPICS.includes(topic)) unfollowed.push(`${table} (${topic ?? 'no topic known'})`);
    }
    expect(unlogged).toEqual([]);
    expect(unfollowed).toEqual([]);
  });
});
