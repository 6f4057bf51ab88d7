import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { BatchedTransactions } from './batched-tx.js';

describe('batched transactions', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
  });
  afterAll(() => t?.drop());

  const add = (serial: string) => (trx: TestDatabase['db']) =>
    trx
      .insertInto('machines')
      .values({
        serial,
        status: 'pending',
        label: serial,
        site_id: null,
        zone: null,
        firmware: null,
        push_version: null,
        address: null,
        first_seen_at: 1,
        last_contact_at: 1,
        drift_ms: null,
        drift_measured_at: null,
        accepted_at: null,
        accepted_by: null,
      })
      .execute()
      .then(() => undefined);

  it('commits the jobs offered together in one transaction', async () => {
    const b = new BatchedTransactions(t.db);
    await Promise.all(['A1', 'A2', 'A3'].map((s) => b.run(add(s))));
    expect(b.stats).toEqual({ batches: 1, jobs: 3 });
    const n = await sql<{ n: number }>`select count(*) as n from machines`.execute(t.db);
    expect(Number(n.rows[0]!.n)).toBe(3);
  });

  it('fails the whole batch when one job fails, and writes none of it', async () => {
    const b = new BatchedTransactions(t.db);
    const results = await Promise.allSettled([b.run(add('B1')), b.run(add('A1')), b.run(add('B2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(
      await t.db.selectFrom('machines').select('serial').where('serial', 'like', 'B%').execute(),
    ).toEqual([]);
    // The next batch is unaffected.
    await b.run(add('B3'));
    expect(
      await t.db.selectFrom('machines').select('serial').where('serial', 'like', 'B%').execute(),
    ).toEqual([{ serial: 'B3' }]);
  });
});
