/**
 * The audit trail is append-only and tamper-evident, on both engines (OWASP ASVS 5.0
 * 16.4.2 "logs are protected from unauthorized modification"): triggers refuse UPDATE
 * and DELETE, and the hash chain that `hadir audit verify` recomputes names the first
 * row changed by someone who could get past the triggers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/cli.js';
import { loadConfig } from '../config.js';
import { databaseOptions, openDatabase } from '../db/engine.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { appendAudit, appendAuditMany, verifyAuditChain } from './audit.js';
import type { AuditRowInput } from './audit.js';

const NOW = Date.UTC(2026, 2, 2, 0, 0, 0);

function entry(i: number): AuditRowInput {
  return {
    at: NOW + i,
    actor_account_id: i % 3 === 0 ? null : i,
    actor_label: i % 3 === 0 ? 'cli' : 'agency_admin',
    action: 'employee.move',
    target: `employee:${i}`,
    detail: JSON.stringify({ i }),
  };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return null;
  } catch (err) {
    return err;
  }
}

describe.each(ENGINES)('the audit trail on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.drop());

  it('ASVS 16.4.2: chains every entry, also when many processes append at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(t.db, entry(i))));
    await t.db.transaction().execute((trx) => appendAuditMany(trx, [entry(20), entry(21), entry(22)]));
    const r = await verifyAuditChain(t.db);
    const n = await t.db
      .selectFrom('audit_log')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(r).toMatchObject({ rows: Number(n?.n), brokenAt: null });
    expect(r.rows).toBeGreaterThanOrEqual(23);
    expect(r.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ASVS 16.4.2: refuses UPDATE and DELETE of audit entries, and rows that are not chained', async () => {
    expect(await failure(sql`update audit_log set detail = '{}'`.execute(t.db))).toBeInstanceOf(Error);
    expect(await failure(sql`delete from audit_log`.execute(t.db))).toBeInstanceOf(Error);
    if (engine === 'postgres') {
      expect(await failure(sql`truncate audit_log`.execute(t.db))).toBeInstanceOf(Error);
    }
    const direct = sql`insert into audit_log (at, actor_label, action, target, detail)
      values (1, 'x', 'forged', 'x', '{}')`;
    expect(await failure(direct.execute(t.db))).toBeInstanceOf(Error);
    expect((await verifyAuditChain(t.db)).brokenAt).toBeNull();
  });

  it('ASVS 16.4.2: an entry changed behind the triggers breaks the chain at that row', async () => {
    const victim = await t.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .offset(5)
      .limit(1)
      .executeTakeFirstOrThrow();
    if (engine === 'postgres') {
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(t.db);
      await sql`update audit_log set detail = '{"i":999}' where id = ${victim.id}`.execute(t.db);
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(t.db);
    } else {
      await sql`drop trigger audit_log_no_update`.execute(t.db);
      await sql`update audit_log set detail = '{"i":999}' where id = ${victim.id}`.execute(t.db);
    }
    expect((await verifyAuditChain(t.db)).brokenAt).toBe(victim.id);
  });
});

describe('hadir audit verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-audit-'));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HADIR_DATA_DIR: dir, HADIR_WEB_DIR: 'none' },
    cwd: dir,
    now: () => NOW,
    readPassword: () => Promise.reject(new Error('no password')),
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ASVS 16.4.2: exits 0 with the head of an intact chain, 1 naming the altered row', async () => {
    expect(await runCli(['migrate'], io)).toBe(0);
    expect(await runCli(['audit', 'verify'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/audit trail intact: 1 baris \/ rows, kepala \/ head [0-9a-f]{64}$/);

    const h = openDatabase(databaseOptions(loadConfig(io.env, dir)));
    try {
      await sql`drop trigger audit_log_no_update`.execute(h.db);
      await sql`update audit_log set actor_label = 'someone else'`.execute(h.db);
    } finally {
      await h.close();
    }
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(err.join('\n')).toContain('The audit trail was altered: row 1 does not match the hash chain');
  });
});
